package org.jnas.kernel.protocol;

import com.google.gson.JsonObject;

/**
 * {@code shutdown_request} (control channel).
 *
 * @param restart whether the frontend restarts the kernel afterwards
 */
public record ShutdownRequest(boolean restart) {
    /** Reads the content frame. */
    public static ShutdownRequest read(JsonObject content) {
        return new ShutdownRequest(Json.bool(content, "restart", false));
    }
}
