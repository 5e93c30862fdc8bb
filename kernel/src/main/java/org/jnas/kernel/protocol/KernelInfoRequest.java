package org.jnas.kernel.protocol;

import com.google.gson.JsonObject;

/** {@code kernel_info_request}: no fields. */
public record KernelInfoRequest() {
    /** Reads the content frame. */
    public static KernelInfoRequest read(JsonObject content) {
        return new KernelInfoRequest();
    }
}
