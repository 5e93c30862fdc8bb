package org.jnas.kernel.session;

import org.jnas.kernel.protocol.Channel;
import org.jnas.kernel.protocol.Content;
import org.jnas.kernel.protocol.Header;
import org.jnas.kernel.protocol.Message;
import org.jnas.kernel.protocol.MessageSink;
import org.jnas.kernel.protocol.MessageType;
import org.jnas.kernel.protocol.Status;

/** Sends IOPub messages with this kernel's session id. */
final class Publisher {
    private final MessageSink sink;
    private final String session;

    Publisher(MessageSink sink, String session) {
        this.sink = sink;
        this.session = session;
    }

    <C extends Content> void publish(Header parent, MessageType<C> type, C content) {
        sink.send(Channel.IOPUB, Message.broadcast(parent, session, type.wireName(), content.toJson()));
    }

    void status(Header parent, Status state) {
        publish(parent, MessageType.STATUS, state);
    }

    MessageSink sink() {
        return sink;
    }

    String session() {
        return session;
    }
}
