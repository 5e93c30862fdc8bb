package org.jnas.kernel.protocol;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC signatures of messages, as the connection file's {@code key} and {@code signature_scheme}
 * ask. An empty key switches signing off (the protocol allows it).
 */
public final class Signer {
    private final SecretKeySpec key;
    private final String algorithm;

    private Signer(SecretKeySpec key, String algorithm) {
        this.key = key;
        this.algorithm = algorithm;
    }

    /**
     * Creates a signer.
     *
     * @param scheme the connection file's scheme, only {@code hmac-sha256} is accepted
     * @param key the shared key; empty means unsigned messages
     */
    public static Signer create(String scheme, String key) {
        if (key == null || key.isEmpty()) {
            return new Signer(null, null);
        }
        if (!"hmac-sha256".equals(scheme)) {
            throw new IllegalArgumentException("unsupported signature_scheme '" + scheme
                    + "': this kernel supports hmac-sha256");
        }
        return new Signer(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"), "HmacSHA256");
    }

    /** Whether messages are signed at all. */
    public boolean enabled() {
        return key != null;
    }

    /** Returns the lowercase hex signature of the given parts, or "" when signing is off. */
    public String sign(byte[]... parts) {
        if (key == null) {
            return "";
        }
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(key);
            for (byte[] p : parts) {
                mac.update(p);
            }
            return hex(mac.doFinal());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC unavailable in this JDK", e);
        }
    }

    /** Checks a received signature in constant time; always true when signing is off. */
    public boolean verify(String signature, byte[]... parts) {
        if (key == null) {
            return true;
        }
        byte[] expected = sign(parts).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.US_ASCII));
    }

    private static String hex(byte[] bytes) {
        StringBuilder sb = new StringBuilder(bytes.length * 2);
        for (byte b : bytes) {
            sb.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
        }
        return sb.toString();
    }
}
