package org.jnas.nas.results;

/**
 * A store operation failed: the database is corrupt, locked by another process, or unwritable,
 * or the experiment asked for is unknown. The message names the file or id and what to do; the
 * {@link #reason()} says it in a few words, for a status line.
 */
public class StoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String reason;

    /**
     * A failure with a short reason beside its full message.
     *
     * @param reason the failure in a few words, e.g. "database locked by another process"
     * @param message the failure in full: the file or id, what happened and what to do
     * @param cause what failed underneath, or null
     */
    public StoreException(String reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    /** A failure with its cause; its reason is its message. */
    public StoreException(String message, Throwable cause) {
        this(message, message, cause);
    }

    /** A failure without a cause; its reason is its message. */
    public StoreException(String message) {
        this(message, message, null);
    }

    /** The failure in a few words, without the file name: e.g. "database locked by another process". */
    public String reason() {
        return reason;
    }
}
