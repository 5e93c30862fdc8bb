package org.jnas.kernel.protocol;

import com.google.gson.JsonObject;
import java.util.Map;

/**
 * {@code display_data} and {@code update_display_data} (IOPub): a rich output, or new contents
 * for every output with the same display id.
 *
 * @param data MIME type to payload
 * @param metadata per-type metadata
 * @param displayId the transient {@code display_id}, or null
 */
public record DisplayData(Map<String, String> data, Map<String, Object> metadata, String displayId)
        implements Content {
    @Override
    public JsonObject toJson() {
        JsonObject transient_ = new JsonObject();
        if (displayId != null) {
            transient_.addProperty("display_id", displayId);
        }
        return Json.obj().put("data", Json.GSON.toJsonTree(data)).put("metadata", Json.GSON.toJsonTree(metadata))
                .put("transient", transient_).build();
    }
}
