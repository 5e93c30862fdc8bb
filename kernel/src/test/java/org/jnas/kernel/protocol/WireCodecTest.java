package org.jnas.kernel.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WireCodecTest {
    private final Signer signer = Signer.create("hmac-sha256", "secret-key");
    private final WireCodec codec = new WireCodec(signer, 10_000);

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void hmacMatchesRfc4231Vector() {
        Signer jefe = Signer.create("hmac-sha256", "Jefe");
        assertEquals("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
                jefe.sign(b("what do ya "), b("want for nothing?")));
    }

    @Test
    void emptyKeyDisablesSigning() {
        Signer none = Signer.create("hmac-sha256", "");
        assertFalse(none.enabled());
        assertEquals("", none.sign(b("x")));
        assertTrue(none.verify("", b("x")));
    }

    @Test
    void unsupportedSchemeIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Signer.create("hmac-md5", "k"));
        assertTrue(e.getMessage().contains("hmac-md5"));
    }

    @Test
    void roundTripKeepsIdentitiesHeaderContentAndBuffers() throws Exception {
        Header parent = Header.create("execute_request", "client");
        Message m = new Message(List.of(b("id-1")), Header.create("execute_reply", "kernel"), parent,
                Json.obj().put("m", 1).build(), Json.obj().put("status", "ok").put("text", "héllo 😀").build(),
                List.of(new byte[] {1, 2, 3}));
        Message back = codec.decode(codec.encode(m));
        assertArrayEquals(b("id-1"), back.identities().get(0));
        assertEquals(m.header(), back.header());
        assertEquals(parent, back.parentHeader());
        assertEquals(m.content(), back.content());
        assertEquals(m.metadata(), back.metadata());
        assertArrayEquals(new byte[] {1, 2, 3}, back.buffers().get(0));
    }

    @Test
    void signatureIsHmacOfTheFourJsonFrames() {
        List<byte[]> frames = codec.encode(Message.broadcast(null, "s", "status", Json.obj().put("execution_state", "idle").build()));
        assertArrayEquals(WireCodec.DELIMITER, frames.get(0));
        assertEquals(signer.sign(frames.get(2), frames.get(3), frames.get(4), frames.get(5)),
                new String(frames.get(1), StandardCharsets.US_ASCII));
    }

    private List<byte[]> valid() {
        return new ArrayList<>(codec.encode(new Message(List.of(b("peer")), Header.create("kernel_info_request", "c"),
                null, Json.obj().build(), Json.obj().build(), List.of())));
    }

    @Test
    void badFramesAreRefusedWithAReason() {
        assertTrue(assertThrows(ProtocolException.class, () -> codec.decode(List.of(b("garbage"))))
                .getMessage().contains("delimiter"));
        assertTrue(assertThrows(ProtocolException.class, () -> codec.decode(List.of(WireCodec.DELIMITER, b("sig"))))
                .getMessage().contains("frames"));
        List<byte[]> wrong = valid();
        wrong.set(2, b("0".repeat(64)));
        assertEquals("invalid signature", assertThrows(ProtocolException.class, () -> codec.decode(wrong)).getMessage());
        List<byte[]> unsigned = valid();
        unsigned.set(2, new byte[0]);
        assertTrue(assertThrows(ProtocolException.class, () -> codec.decode(unsigned)).getMessage().contains("unsigned"));
        List<byte[]> tampered = valid();
        tampered.set(6, b("{\"code\":\"evil\"}"));
        assertEquals("invalid signature", assertThrows(ProtocolException.class, () -> codec.decode(tampered)).getMessage());
        List<byte[]> badJson = valid();
        badJson.set(3, b("{nope"));
        badJson.set(2, b(signer.sign(badJson.get(3), badJson.get(4), badJson.get(5), badJson.get(6))));
        assertTrue(assertThrows(ProtocolException.class, () -> codec.decode(badJson)).getMessage().contains("header"));
        List<byte[]> big = valid();
        big.add(new byte[20_000]);
        assertTrue(assertThrows(ProtocolException.class, () -> codec.decode(big)).getMessage().contains("exceeds"));
        List<byte[]> noType = valid();
        noType.set(3, b("{\"msg_id\":\"x\"}"));
        noType.set(2, b(signer.sign(noType.get(3), noType.get(4), noType.get(5), noType.get(6))));
        assertTrue(assertThrows(ProtocolException.class, () -> codec.decode(noType)).getMessage().contains("msg_type"));
    }

    @Test
    void oneLimitForTheMessageAndEachFrame() {
        assertEquals(10_000, codec.maxBytes(), "what the transport gives its sockets as their largest frame");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new WireCodec(signer, 0));
        assertTrue(e.getMessage().contains("not 0"), e.getMessage());
    }
}
