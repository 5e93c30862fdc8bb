package org.jnas.kernel.protocol;

import com.google.gson.JsonObject;

/**
 * {@code is_complete_reply}.
 *
 * @param status {@code complete}, {@code incomplete}, {@code invalid} or {@code unknown}
 * @param indent the next line's indent; sent only when incomplete
 */
public record IsCompleteReply(String status, String indent) implements Content {
    @Override
    public JsonObject toJson() {
        JsonObject content = Json.obj().put("status", status).build();
        if ("incomplete".equals(status)) {
            content.addProperty("indent", indent);
        }
        return content;
    }
}
