package org.jnas.kernel.protocol;

import com.google.gson.JsonObject;
import java.util.List;

/**
 * A reply with {@code status: error}, for any request (the reply's wire name comes from the request).
 *
 * @param ename the error's name
 * @param evalue its message
 * @param traceback the lines shown for it
 */
public record ErrorReply(String ename, String evalue, List<String> traceback) implements Content {
    /** Copies the traceback. */
    public ErrorReply {
        traceback = List.copyOf(traceback);
    }

    @Override
    public JsonObject toJson() {
        return Json.obj().put("status", "error").put("ename", ename).put("evalue", evalue)
                .put("traceback", Json.array(traceback)).build();
    }
}
