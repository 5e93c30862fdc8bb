package org.jnas.nas.ui;

/** A request the dashboard refuses: its HTTP status and a message that names the bad value. */
final class HttpError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int status;

    HttpError(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }
}
