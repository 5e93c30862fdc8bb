package org.jnas.kernel.session;

import com.google.gson.JsonObject;
import org.jnas.kernel.protocol.Channel;
import org.jnas.kernel.protocol.Header;
import org.jnas.kernel.protocol.Json;
import org.jnas.kernel.protocol.Message;
import org.jnas.kernel.protocol.MessageSink;

/** Sends IOPub messages with this kernel's session id. */
final class Publisher {
    private final MessageSink sink;
    private final String session;

    Publisher(MessageSink sink, String session) {
        this.sink = sink;
        this.session = session;
    }

    void publish(Header parent, String msgType, JsonObject content) {
        sink.send(Channel.IOPUB, Message.broadcast(parent, session, msgType, content));
    }

    void status(Header parent, String state) {
        publish(parent, "status", Json.obj().put("execution_state", state).build());
    }

    MessageSink sink() {
        return sink;
    }

    String session() {
        return session;
    }
}
