package org.jnas.kernel.protocol;

import com.google.gson.JsonObject;
import java.util.List;

/**
 * A Jupyter message.
 *
 * @param identities ZeroMQ routing identities (empty for IOPub)
 * @param header this message's header
 * @param parentHeader the request this message answers or follows, or {@code null}
 * @param metadata free-form metadata
 * @param content the type-specific content
 * @param buffers extra binary buffers
 */
public record Message(List<byte[]> identities, Header header, Header parentHeader, JsonObject metadata,
        JsonObject content, List<byte[]> buffers) {

    /** Returns the wire name of this message's type. */
    public String type() {
        return header.msgType();
    }

    /** Builds a message in reply to (or caused by) this one, addressed to the same identities. */
    public Message reply(String msgType, JsonObject content) {
        return new Message(identities, Header.create(msgType, header.session()), header,
                new JsonObject(), content, List.of());
    }

    /** Builds a broadcast (IOPub) message whose parent is {@code parent}, which may be {@code null}. */
    public static Message broadcast(Header parent, String session, String msgType, JsonObject content) {
        return new Message(List.of(), Header.create(msgType, session), parent, new JsonObject(), content,
                List.of());
    }
}
