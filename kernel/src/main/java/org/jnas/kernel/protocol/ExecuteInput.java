package org.jnas.kernel.protocol;

import com.google.gson.JsonObject;

/**
 * {@code execute_input} (IOPub): the code of the cell that starts now.
 *
 * @param code the cell's source
 * @param executionCount its execution count
 */
public record ExecuteInput(String code, int executionCount) implements Content {
    @Override
    public JsonObject toJson() {
        return Json.obj().put("code", code).put("execution_count", executionCount).build();
    }
}
