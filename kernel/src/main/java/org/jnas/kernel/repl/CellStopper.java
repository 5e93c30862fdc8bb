package org.jnas.kernel.repl;

import java.util.List;
import java.util.function.Supplier;
import jdk.jshell.JShell;

/**
 * Stopping the running cell from another thread. JShell's stop only acts while user code runs, so
 * a stop that arrives while the cell still compiles (or between its snippets) is repeated until the
 * cell ends, and the cell checks {@link #requested()} between snippets.
 */
final class CellStopper {
    /** How long a stop keeps being repeated at most: a cell that never reaches user code ends on its own. */
    private static final long RETRY_NANOS = 10_000_000_000L;
    private static final long RETRY_INTERVAL_MS = 5;

    private final JShell shell;
    private volatile boolean stopRequested;
    private volatile boolean running;

    CellStopper(JShell shell) {
        this.shell = shell;
    }

    /** Runs a cell, during which {@link #stop()} acts. */
    CellResult run(Supplier<CellResult> cell) {
        stopRequested = false;
        running = true;
        try {
            return cell.get();
        } finally {
            running = false;
            stopRequested = false;
        }
    }

    /** Stops the running cell, if any; callable from any thread. */
    void stop() {
        if (!running) {
            return;
        }
        stopRequested = true;
        shell.stop();
        Thread retry = new Thread(() -> {
            long deadline = System.nanoTime() + RETRY_NANOS;
            while (running && stopRequested && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(RETRY_INTERVAL_MS);
                } catch (InterruptedException e) {
                    return;
                }
                shell.stop();
            }
        }, "jnas-stop");
        retry.setDaemon(true);
        retry.start();
    }

    /** Whether the running cell is to stop. */
    boolean requested() {
        return stopRequested;
    }

    /** The result of a stopped cell. */
    static CellResult interrupted() {
        return CellResult.error("InterruptedException", "the cell was interrupted",
                List.of("InterruptedException: the cell was interrupted"));
    }
}
