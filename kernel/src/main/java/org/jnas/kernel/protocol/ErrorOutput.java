package org.jnas.kernel.protocol;

import com.google.gson.JsonObject;
import java.util.List;

/**
 * {@code error} (IOPub): a cell's error as output (the name {@code Error} belongs to java.lang).
 *
 * @param ename the error's name
 * @param evalue its message
 * @param traceback the lines shown for it
 */
public record ErrorOutput(String ename, String evalue, List<String> traceback) implements Content {
    /** Copies the traceback. */
    public ErrorOutput {
        traceback = List.copyOf(traceback);
    }

    @Override
    public JsonObject toJson() {
        return Json.obj().put("ename", ename).put("evalue", evalue).put("traceback", Json.array(traceback)).build();
    }
}
