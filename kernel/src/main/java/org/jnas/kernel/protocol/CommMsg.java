package org.jnas.kernel.protocol;

import com.google.gson.JsonObject;

/**
 * {@code comm_msg} (its {@code data} is not used: no comm is ever open).
 *
 * @param commId the comm's id
 */
public record CommMsg(String commId) {
    /** Reads the content frame. */
    public static CommMsg read(JsonObject content) {
        return new CommMsg(Json.string(content, "comm_id", ""));
    }
}
