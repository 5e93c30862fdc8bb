package org.jnas.kernel.protocol;

/** An incoming message that cannot be accepted (bad framing, signature or JSON). */
public class ProtocolException extends Exception {
    /** Creates the exception with a message naming what was wrong. */
    public ProtocolException(String message) {
        super(message);
    }
}
