package org.jnas.kernel.protocol;

import com.google.gson.JsonObject;

/**
 * {@code input_request} (stdin channel): a cell reads {@code System.in}.
 *
 * @param prompt shown before the input field
 * @param password whether to hide what is typed
 */
public record InputRequest(String prompt, boolean password) implements Content {
    @Override
    public JsonObject toJson() {
        return Json.obj().put("prompt", prompt).put("password", password).build();
    }
}
