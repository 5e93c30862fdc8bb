package org.jnas.kernel.protocol;

import com.google.gson.JsonObject;

/** {@code interrupt_request} (control channel): no fields. */
public record InterruptRequest() {
    /** Reads the content frame. */
    public static InterruptRequest read(JsonObject content) {
        return new InterruptRequest();
    }
}
