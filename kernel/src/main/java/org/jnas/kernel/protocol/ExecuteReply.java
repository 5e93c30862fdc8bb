package org.jnas.kernel.protocol;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * {@code execute_reply}: {@code ok} (with pager payloads), {@code error} or {@code aborted}.
 *
 * @param status {@code ok}, {@code error} or {@code aborted}
 * @param executionCount the cell's execution count
 * @param pages texts for the frontend's pager (ok only)
 * @param error the error (error only, else null)
 */
public record ExecuteReply(String status, int executionCount, List<String> pages, ErrorReply error) implements Content {

    /** A cell that ran; {@code pages} go to the pager. */
    public static ExecuteReply ok(int executionCount, List<String> pages) {
        return new ExecuteReply("ok", executionCount, Collections.unmodifiableList(new ArrayList<>(pages)), null);
    }

    /** A cell that failed. */
    public static ExecuteReply error(int executionCount, String ename, String evalue, List<String> traceback) {
        return new ExecuteReply("error", executionCount, List.of(), new ErrorReply(ename, evalue, traceback));
    }

    /** A cell not run because one before it failed (stop_on_error). */
    public static ExecuteReply aborted(int executionCount) {
        return new ExecuteReply("aborted", executionCount, List.of(), null);
    }

    @Override
    public JsonObject toJson() {
        if (error != null) {
            JsonObject content = error.toJson();
            content.addProperty("execution_count", executionCount);
            return content;
        }
        if (!"ok".equals(status)) {
            return Json.obj().put("status", status).put("execution_count", executionCount).build();
        }
        JsonArray payload = new JsonArray();
        pages.forEach(text -> payload.add(Json.obj().put("source", "page").put("start", 0)
                .put("data", Json.obj().put("text/plain", text).build()).build()));
        return Json.obj().put("status", "ok").put("execution_count", executionCount)
                .put("payload", payload).put("user_expressions", new JsonObject()).build();
    }
}
