package org.jnas.kernel.protocol;

import com.google.gson.JsonObject;

/** The content of a message the kernel sends: a record that writes itself in wire form. */
public interface Content {
    /** This content as the message's {@code content} frame. */
    JsonObject toJson();
}
