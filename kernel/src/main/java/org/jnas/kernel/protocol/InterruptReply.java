package org.jnas.kernel.protocol;

import com.google.gson.JsonObject;

/** {@code interrupt_reply}. */
public record InterruptReply() implements Content {
    @Override
    public JsonObject toJson() {
        return Json.obj().put("status", "ok").build();
    }
}
