package org.jnas.kernel.protocol;

import com.google.gson.JsonObject;

/**
 * {@code inspect_reply}.
 *
 * @param found whether anything was found
 * @param text what was found, as plain text (ignored when not found)
 */
public record InspectReply(boolean found, String text) implements Content {
    @Override
    public JsonObject toJson() {
        JsonObject data = new JsonObject();
        if (found) {
            data.addProperty("text/plain", text);
        }
        return Json.obj().put("status", "ok").put("found", found).put("data", data)
                .put("metadata", new JsonObject()).build();
    }
}
