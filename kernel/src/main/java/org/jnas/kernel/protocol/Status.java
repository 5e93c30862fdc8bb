package org.jnas.kernel.protocol;

import com.google.gson.JsonObject;

/**
 * {@code status} (IOPub): busy while a request is handled, idle after.
 *
 * @param executionState {@code busy}, {@code idle} or {@code starting}
 */
public record Status(String executionState) implements Content {
    /** Handling of a request begins. */
    public static final Status BUSY = new Status("busy");
    /** Handling of a request is over. */
    public static final Status IDLE = new Status("idle");

    @Override
    public JsonObject toJson() {
        return Json.obj().put("execution_state", executionState).build();
    }
}
