package org.jnas.nas.internal.engine;

/**
 * Runs tasks one at a time in the order of their tickets, whatever order their threads arrive in:
 * a ticket is taken where the order is decided (under the engine's lock), the task runs later
 * without that lock.
 */
final class InOrder {
    private long taken; // guarded by the caller's lock
    private long done;  // guarded by this

    /** The next ticket; call it where the order is decided, under one lock. */
    long take() {
        return taken++;
    }

    /** Waits (uninterruptibly) until every earlier ticket has run, then runs {@code task}. */
    void deliver(long ticket, Runnable task) {
        boolean interrupted = false;
        synchronized (this) {
            while (done != ticket) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        try {
            task.run();
        } finally {
            synchronized (this) {
                done++;
                notifyAll();
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
