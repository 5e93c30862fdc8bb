package org.jnas.kernel.protocol;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

/**
 * {@code history_reply}.
 *
 * @param history rows of {@code [session, line, input]} or {@code [session, line, [input, output]]}
 */
public record HistoryReply(JsonArray history) implements Content {
    @Override
    public JsonObject toJson() {
        return Json.obj().put("status", "ok").put("history", history).build();
    }
}
