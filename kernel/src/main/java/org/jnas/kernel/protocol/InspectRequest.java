package org.jnas.kernel.protocol;

import com.google.gson.JsonObject;

/**
 * {@code inspect_request} ({@code detail_level} is not used).
 *
 * @param code the text being edited
 * @param cursorPos the cursor in Unicode code points (default: the end)
 */
public record InspectRequest(String code, int cursorPos) {
    /** Reads the content frame. */
    public static InspectRequest read(JsonObject content) {
        String code = Json.string(content, "code", "");
        return new InspectRequest(code, Json.integer(content, "cursor_pos", code.codePointCount(0, code.length())));
    }
}
