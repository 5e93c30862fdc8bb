package org.jnas.kernel.protocol;

import com.google.gson.JsonObject;

/**
 * {@code shutdown_reply}.
 *
 * @param restart as asked
 */
public record ShutdownReply(boolean restart) implements Content {
    @Override
    public JsonObject toJson() {
        return Json.obj().put("status", "ok").put("restart", restart).build();
    }
}
