package org.jnas.kernel.protocol;

import java.util.Set;

/** The kernel's ZeroMQ channels, named as in the connection file. */
public enum Channel {
    /** Requests from the frontend, answered in order. */
    SHELL,
    /** Requests served at once, also while a cell runs: only those of {@link #accepts}. */
    CONTROL,
    /** input_request / input_reply for {@code System.in}. */
    STDIN,
    /** Broadcast of outputs and status. */
    IOPUB;

    /** What the protocol sends on control; kernel_info may come on either channel. */
    private static final Set<String> CONTROL_REQUESTS = Set.of("shutdown_request", "interrupt_request",
            "kernel_info_request", "debug_request");

    /**
     * Whether a message of type {@code wireName} belongs on this channel. Control carries only
     * {@value #CONTROL_NAMES} requests: it is served at once, beside a running cell, so a shell
     * request there would run on the I/O thread or beside the cell. Other channels take anything.
     */
    public boolean accepts(String wireName) {
        return this != CONTROL || CONTROL_REQUESTS.contains(wireName);
    }

    /** The control requests in words, for error messages. */
    public static final String CONTROL_NAMES = "shutdown, interrupt, kernel_info and debug";
}
