package org.jnas.kernel.protocol;

import com.google.gson.JsonObject;
import java.time.Instant;
import java.util.UUID;

/**
 * A message header.
 *
 * @param msgId unique id of the message
 * @param session the sender's session id
 * @param username the sender's user name
 * @param date ISO-8601 time of creation
 * @param msgType the wire name, for example {@code execute_request}
 * @param version protocol version
 */
public record Header(String msgId, String session, String username, String date, String msgType,
        String version) {

    /** The protocol version this kernel speaks. */
    public static final String PROTOCOL_VERSION = "5.3";

    /** Creates a fresh header for a message this kernel sends. */
    public static Header create(String msgType, String session) {
        return new Header(UUID.randomUUID().toString(), session, "kernel", Instant.now().toString(),
                msgType, PROTOCOL_VERSION);
    }

    /** Reads a header; a missing {@code msg_type} or {@code msg_id} is an error naming the field. */
    public static Header fromJson(JsonObject o) throws ProtocolException {
        String type = Json.string(o, "msg_type", null);
        String id = Json.string(o, "msg_id", null);
        if (type == null || id == null) {
            throw new ProtocolException("header lacks " + (type == null ? "msg_type" : "msg_id") + ": " + o);
        }
        return new Header(id, Json.string(o, "session", ""), Json.string(o, "username", ""),
                Json.string(o, "date", ""), type, Json.string(o, "version", PROTOCOL_VERSION));
    }

    /** Writes the header in wire form. */
    public JsonObject toJson() {
        return Json.obj().put("msg_id", msgId).put("session", session).put("username", username)
                .put("date", date).put("msg_type", msgType).put("version", version).build();
    }
}
