package org.jnas.kernel.protocol;

import com.google.gson.JsonObject;
import java.util.Map;

/**
 * {@code execute_result} (IOPub): a cell's value, shown as its Out.
 *
 * @param executionCount the cell's execution count
 * @param data MIME type to payload
 * @param metadata per-type metadata
 */
public record ExecuteResult(int executionCount, Map<String, String> data, Map<String, Object> metadata)
        implements Content {
    @Override
    public JsonObject toJson() {
        return Json.obj().put("execution_count", executionCount).put("data", Json.GSON.toJsonTree(data))
                .put("metadata", Json.GSON.toJsonTree(metadata)).build();
    }
}
