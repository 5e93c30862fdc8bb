package org.jnas.kernel.protocol;

import com.google.gson.JsonObject;
import java.util.List;

/**
 * {@code complete_reply}.
 *
 * @param matches the texts that may replace {@code [cursorStart, cursorEnd)}
 * @param cursorStart start of the replaced range, in code points
 * @param cursorEnd end of the replaced range, in code points
 */
public record CompleteReply(List<String> matches, int cursorStart, int cursorEnd) implements Content {
    @Override
    public JsonObject toJson() {
        return Json.obj().put("status", "ok").put("matches", Json.array(matches)).put("cursor_start", cursorStart)
                .put("cursor_end", cursorEnd).put("metadata", new JsonObject()).build();
    }
}
