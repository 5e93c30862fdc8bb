package org.jnas.kernel.protocol;

import com.google.gson.JsonObject;

/**
 * {@code comm_open} (its {@code data} is not used: no target accepts comms).
 *
 * @param commId the comm's id
 * @param targetName the target the frontend asks for
 */
public record CommOpen(String commId, String targetName) {
    /** Reads the content frame. */
    public static CommOpen read(JsonObject content) {
        return new CommOpen(Json.string(content, "comm_id", ""), Json.string(content, "target_name", ""));
    }
}
