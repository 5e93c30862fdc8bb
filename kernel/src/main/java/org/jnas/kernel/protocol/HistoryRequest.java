package org.jnas.kernel.protocol;

import com.google.gson.JsonObject;

/**
 * {@code history_request}.
 *
 * @param histAccessType {@code tail}, {@code range} or {@code search} (default tail)
 * @param output whether to include each cell's output
 * @param session for range: the session, 0 for the current one (default)
 * @param start for range: the first line
 * @param stop for range: the line after the last, 0 for the end
 * @param n for tail and search: how many of the latest cells (default 10 for tail, 0, all, for search)
 * @param pattern for search: a glob with {@code *} and {@code ?}
 * @param unique for search: only the latest cell of each input
 */
public record HistoryRequest(String histAccessType, boolean output, int session, int start, int stop, int n,
        String pattern, boolean unique) {

    /** Reads the content frame. */
    public static HistoryRequest read(JsonObject content) {
        String access = Json.string(content, "hist_access_type", "tail");
        return new HistoryRequest(access, Json.bool(content, "output", false), Json.integer(content, "session", 0),
                Json.integer(content, "start", 0), Json.integer(content, "stop", 0),
                Json.integer(content, "n", "search".equals(access) ? 0 : 10), Json.string(content, "pattern", "*"),
                Json.bool(content, "unique", false));
    }
}
