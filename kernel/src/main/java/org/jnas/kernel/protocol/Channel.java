package org.jnas.kernel.protocol;

/** The kernel's ZeroMQ channels, named as in the connection file. */
public enum Channel {
    /** Requests from the frontend, answered in order. */
    SHELL,
    /** Like shell, but served while a cell runs (interrupt, shutdown). */
    CONTROL,
    /** input_request / input_reply for {@code System.in}. */
    STDIN,
    /** Broadcast of outputs and status. */
    IOPUB
}
