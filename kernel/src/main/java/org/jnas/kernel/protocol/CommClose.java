package org.jnas.kernel.protocol;

import com.google.gson.JsonObject;

/**
 * {@code comm_close}, both ways: the kernel closes every comm a frontend opens.
 *
 * @param commId the comm's id
 */
public record CommClose(String commId) implements Content {
    /** Reads the content frame. */
    public static CommClose read(JsonObject content) {
        return new CommClose(Json.string(content, "comm_id", ""));
    }

    @Override
    public JsonObject toJson() {
        return Json.obj().put("comm_id", commId).put("data", new JsonObject()).build();
    }
}
