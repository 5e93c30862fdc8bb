package org.jnas.kernel.protocol;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Turns messages into ZeroMQ frames and back: {@code identities..., "<IDS|MSG>", signature,
 * header, parent_header, metadata, content, buffers...}.
 */
public final class WireCodec {
    /** The delimiter between routing identities and the signed message. */
    public static final byte[] DELIMITER = "<IDS|MSG>".getBytes(StandardCharsets.US_ASCII);
    /**
     * Incoming messages larger than this (all frames together) are refused; the transport refuses
     * any single frame larger than it before reading it ({@link #maxBytes()}).
     */
    public static final long DEFAULT_MAX_BYTES = 64L << 20;

    private final Signer signer;
    private final long maxBytes;

    /** Creates a codec that signs and verifies with {@code signer}, refusing messages over {@code maxBytes}. */
    public WireCodec(Signer signer, long maxBytes) {
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("the largest message must be a positive number of bytes, not " + maxBytes);
        }
        this.signer = signer;
        this.maxBytes = maxBytes;
    }

    /**
     * The largest message accepted, all frames together: the one limit on what a peer may send. The
     * transport gives it to its sockets too, so that no frame larger than it is ever allocated (a
     * peer's frame header declares the size before any data or signature arrives).
     */
    public long maxBytes() {
        return maxBytes;
    }

    /** Encodes a message; its header, parent, metadata and content are signed. */
    public List<byte[]> encode(Message m) {
        byte[] header = utf8(m.header().toJson());
        byte[] parent = utf8(m.parentHeader() == null ? new JsonObject() : m.parentHeader().toJson());
        byte[] metadata = utf8(m.metadata() == null ? new JsonObject() : m.metadata());
        byte[] content = utf8(m.content() == null ? new JsonObject() : m.content());
        List<byte[]> frames = new ArrayList<>(m.identities().size() + 6 + m.buffers().size());
        frames.addAll(m.identities());
        frames.add(DELIMITER);
        frames.add(signer.sign(header, parent, metadata, content).getBytes(StandardCharsets.US_ASCII));
        frames.add(header);
        frames.add(parent);
        frames.add(metadata);
        frames.add(content);
        frames.addAll(m.buffers());
        return frames;
    }

    /**
     * Decodes frames received on a ROUTER socket.
     *
     * @throws ProtocolException naming what was wrong: size, missing delimiter, too few frames,
     *     bad signature, invalid JSON or a header without type or id
     */
    public Message decode(List<byte[]> frames) throws ProtocolException {
        long total = 0;
        for (byte[] f : frames) {
            total += f.length;
        }
        if (total > maxBytes) {
            throw new ProtocolException("message of " + total + " bytes exceeds the limit of " + maxBytes);
        }
        int delim = -1;
        for (int i = 0; i < frames.size(); i++) {
            if (Arrays.equals(frames.get(i), DELIMITER)) {
                delim = i;
                break;
            }
        }
        if (delim < 0) {
            throw new ProtocolException("no <IDS|MSG> delimiter among " + frames.size() + " frames");
        }
        if (frames.size() < delim + 6) {
            throw new ProtocolException("expected signature, header, parent_header, metadata and content after "
                    + "the delimiter, got " + (frames.size() - delim - 1) + " frames");
        }
        String signature = new String(frames.get(delim + 1), StandardCharsets.US_ASCII);
        byte[] header = frames.get(delim + 2);
        byte[] parent = frames.get(delim + 3);
        byte[] metadata = frames.get(delim + 4);
        byte[] content = frames.get(delim + 5);
        if (signer.enabled() && signature.isEmpty()) {
            throw new ProtocolException("unsigned message refused");
        }
        if (!signer.verify(signature, header, parent, metadata, content)) {
            throw new ProtocolException("invalid signature");
        }
        JsonObject headerJson = parseObject(header, "header");
        JsonObject parentJson = parseObject(parent, "parent_header");
        return new Message(List.copyOf(frames.subList(0, delim)), Header.fromJson(headerJson),
                parentJson.has("msg_id") ? Header.fromJson(parentJson) : null,
                parseObject(metadata, "metadata"), parseObject(content, "content"),
                List.copyOf(frames.subList(delim + 6, frames.size())));
    }

    private static JsonObject parseObject(byte[] bytes, String what) throws ProtocolException {
        try {
            JsonElement e = JsonParser.parseString(new String(bytes, StandardCharsets.UTF_8));
            if (!e.isJsonObject()) {
                throw new ProtocolException(what + " is not a JSON object");
            }
            return e.getAsJsonObject();
        } catch (JsonParseException | IllegalStateException e) {
            throw new ProtocolException(what + " is not valid JSON: " + e.getMessage());
        }
    }

    private static byte[] utf8(JsonObject o) {
        return Json.GSON.toJson(o).getBytes(StandardCharsets.UTF_8);
    }
}
