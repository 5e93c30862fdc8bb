package org.jnas.kernel.protocol;

import com.google.gson.JsonObject;

/**
 * {@code input_reply} (stdin channel).
 *
 * @param value the line typed, without its newline
 */
public record InputReply(String value) {
    /** Reads the content frame. */
    public static InputReply read(JsonObject content) {
        return new InputReply(Json.string(content, "value", ""));
    }
}
