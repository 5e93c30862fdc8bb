package org.jnas.nas.results;

/**
 * A store operation failed: the database is corrupt, locked by another process, or unwritable,
 * or the experiment asked for is unknown. The message names the file or id and what to do.
 */
public class StoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** A failure with its cause. */
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    /** A failure without a cause. */
    public StoreException(String message) {
        super(message);
    }
}
