package org.jnas.kernel.protocol;

import com.google.gson.JsonObject;

/**
 * {@code is_complete_request}.
 *
 * @param code the text typed so far
 */
public record IsCompleteRequest(String code) {
    /** Reads the content frame. */
    public static IsCompleteRequest read(JsonObject content) {
        return new IsCompleteRequest(Json.string(content, "code", ""));
    }
}
