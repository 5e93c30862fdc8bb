package org.jnas.kernel.protocol;

import com.google.gson.JsonObject;

/**
 * {@code clear_output} (IOPub); its {@code wait} field is {@code whenNextOutputArrives} here, as
 * a record cannot have a component named {@code wait}.
 *
 * @param whenNextOutputArrives clear only when the next output arrives (no flicker)
 */
public record ClearOutput(boolean whenNextOutputArrives) implements Content {
    @Override
    public JsonObject toJson() {
        return Json.obj().put("wait", whenNextOutputArrives).build();
    }
}
