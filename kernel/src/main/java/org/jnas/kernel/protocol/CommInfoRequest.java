package org.jnas.kernel.protocol;

import com.google.gson.JsonObject;

/**
 * {@code comm_info_request}.
 *
 * @param targetName only comms of this target, or null for all
 */
public record CommInfoRequest(String targetName) {
    /** Reads the content frame. */
    public static CommInfoRequest read(JsonObject content) {
        return new CommInfoRequest(Json.string(content, "target_name", null));
    }
}
