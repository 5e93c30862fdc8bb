package org.jnas.kernel.repl;

import java.util.List;
import java.util.function.Supplier;

/**
 * Stopping the running cell from another thread. JShell's stop only acts while user code runs, so
 * a stop that arrives while the cell still compiles (or between its snippets) is repeated until the
 * cell ends, and the cell checks {@link #requested()} between snippets. A repeated stop is for its
 * own cell only: each cell has a number, and the repeat checks it and stops under the same lock that
 * a cell takes to start and end, so a cell that ends just after a stop never passes it on to the
 * next cell.
 */
final class CellStopper {
    /** How long a stop keeps being repeated at most: a cell that never reaches user code ends on its own. */
    private static final long RETRY_NANOS = 10_000_000_000L;
    private static final long RETRY_INTERVAL_MS = 5;

    /** JShell's stop: it returns at once (it flags the cell's code and interrupts its threads). */
    private final Runnable stopShell;
    private final Object lock = new Object();
    private volatile boolean stopRequested;
    /** The running cell's number, 0 when none runs; guarded by {@link #lock}. */
    private long runningCell;
    /** Cells run so far; guarded by {@link #lock}. */
    private long cells;

    CellStopper(Runnable stopShell) {
        this.stopShell = stopShell;
    }

    /** Runs a cell, during which {@link #stop()} acts. */
    CellResult run(Supplier<CellResult> cell) {
        synchronized (lock) {
            runningCell = ++cells;
            stopRequested = false;
        }
        try {
            return cell.get();
        } finally {
            synchronized (lock) {
                runningCell = 0;
                stopRequested = false;
            }
        }
    }

    /** Stops the running cell, if any; callable from any thread. */
    void stop() {
        long cell;
        synchronized (lock) {
            if (runningCell == 0) {
                return;
            }
            cell = runningCell;
            stopRequested = true;
            stopShell.run();
        }
        Thread retry = new Thread(() -> {
            long deadline = System.nanoTime() + RETRY_NANOS;
            while (System.nanoTime() < deadline) {
                try {
                    Thread.sleep(RETRY_INTERVAL_MS);
                } catch (InterruptedException e) {
                    return;
                }
                synchronized (lock) {
                    if (runningCell != cell || !stopRequested) {
                        return; // that cell has ended: the one running now (if any) was never stopped
                    }
                    stopShell.run();
                }
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
