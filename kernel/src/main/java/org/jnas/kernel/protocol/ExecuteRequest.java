package org.jnas.kernel.protocol;

import com.google.gson.JsonObject;

/**
 * {@code execute_request}.
 *
 * @param code the cell's source
 * @param silent run without output, without counting and without history
 * @param storeHistory whether the cell goes into history (default: not silent)
 * @param allowStdin whether the frontend answers input_request
 * @param stopOnError whether a failure aborts the execute requests queued behind it
 */
public record ExecuteRequest(String code, boolean silent, boolean storeHistory, boolean allowStdin,
        boolean stopOnError) {

    /** Reads the content frame; absent fields take the protocol's defaults. */
    public static ExecuteRequest read(JsonObject content) {
        boolean silent = Json.bool(content, "silent", false);
        return new ExecuteRequest(Json.string(content, "code", ""), silent,
                Json.bool(content, "store_history", !silent), Json.bool(content, "allow_stdin", false),
                Json.bool(content, "stop_on_error", true));
    }
}
