package org.jnas.kernel.protocol;

import com.google.gson.JsonObject;

/** {@code comm_info_reply}: this kernel opens no comms, so the map is always empty. */
public record CommInfoReply() implements Content {
    @Override
    public JsonObject toJson() {
        return Json.obj().put("status", "ok").put("comms", new JsonObject()).build();
    }
}
