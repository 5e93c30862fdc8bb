package org.jnas.kernel.protocol;

import com.google.gson.JsonObject;

/**
 * {@code complete_request}.
 *
 * @param code the text being edited
 * @param cursorPos the cursor in Unicode code points (default: the end)
 */
public record CompleteRequest(String code, int cursorPos) {
    /** Reads the content frame. */
    public static CompleteRequest read(JsonObject content) {
        String code = Json.string(content, "code", "");
        return new CompleteRequest(code, Json.integer(content, "cursor_pos", code.codePointCount(0, code.length())));
    }
}
