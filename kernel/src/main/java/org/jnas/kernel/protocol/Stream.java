package org.jnas.kernel.protocol;

import com.google.gson.JsonObject;

/**
 * {@code stream} (IOPub): text a cell printed.
 *
 * @param name {@code stdout} or {@code stderr}
 * @param text the text
 */
public record Stream(String name, String text) implements Content {
    @Override
    public JsonObject toJson() {
        return Json.obj().put("name", name).put("text", text).build();
    }
}
