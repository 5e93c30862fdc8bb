package org.jnas.kernel.session;

import java.lang.reflect.InvocationTargetException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.jnas.kernel.protocol.ExecuteRequest;

/**
 * The one execution thread and its queue: requests that need the repl run there in the order they
 * came, each between its "busy" and its "idle", and never two at once.
 *
 * <p>Busy/idle order: a request queued while nothing is queued or running gets its "busy" from the
 * submitting (I/O) thread at once, in the I/O thread's current turn, instead of after the execution
 * thread has woken up; a request queued behind others gets it from the execution thread when its
 * turn comes, after the idle of the one before. The idle before is sent before the count of
 * pending requests drops, so the "busy" of a later request can never overtake it.
 *
 * <p>Stop on error: execute requests queued behind a failed cell are answered "aborted" instead of
 * run (like ipykernel's {@code stop_on_error}): in a Run All they would most likely fail on what the
 * failed cell did not define. Cells submitted after the failure run as usual.
 */
final class ExecutionQueue implements AutoCloseable {
    /**
     * The execution thread's group, and so the parent of the group JShell runs cells in: an
     * exception that a thread a cell started does not catch is printed to the cell's stderr as the
     * JVM prints it. JShell's local execution sets a default handler that keeps only its snippet
     * thread's exceptions and drops every other thread's, so a worker thread's error (or its
     * refused {@code System.exit}) vanished without a trace.
     */
    private static final ThreadGroup CELLS = new ThreadGroup("jnas-cells") {
        @Override
        public void uncaughtException(Thread thread, Throwable e) {
            // the snippet thread's own end (JShell reports it as the cell's error), and stopped cell code
            boolean jshells = e instanceof InvocationTargetException || e instanceof IllegalAccessException
                    || e instanceof NoSuchMethodException;
            if (!jshells && !(e instanceof ThreadDeath)) {
                System.err.print("Exception in thread \"" + thread.getName() + "\" ");
                e.printStackTrace(System.err);
            }
            super.uncaughtException(thread, e);
        }
    };

    private final ThreadPoolExecutor executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
            new LinkedBlockingQueue<>(), r -> {
                Thread t = new Thread(CELLS, r, "jnas-exec");
                t.setDaemon(true);
                return t;
            });
    /** Requests queued or running whose "idle" is not yet sent. */
    private final AtomicInteger pending = new AtomicInteger();
    /** Execute requests submitted so far (counted on the submitting thread). */
    private volatile long cellsSubmitted;
    /** Execute requests up to this count that are still queued are answered "aborted". */
    private volatile long abortCellsThrough;

    /** Runs {@code supplier} on the execution thread, ahead of anything submitted after. */
    <T> CompletableFuture<T> supply(Supplier<T> supplier) {
        return CompletableFuture.supplyAsync(supplier, executor);
    }

    /** Queues a request: "busy", then {@code handler} inside {@link ReplyContext#run} (which ends with "idle"). */
    void submit(ReplyContext request, Runnable handler) {
        boolean busyNow = pending.getAndIncrement() == 0;
        if (busyNow) {
            request.busy();
        }
        executor.execute(() -> {
            if (!busyNow) {
                request.busy();
            }
            try {
                request.run(handler);
            } finally {
                pending.decrementAndGet();
            }
        });
    }

    /**
     * Queues an execute request: {@code run} when its turn comes, or {@code abort} when a cell
     * submitted before it failed after it was submitted (see {@link #cellFailed}). Called from one
     * thread only (the I/O thread).
     */
    void submitCell(ReplyContext request, Runnable run, Runnable abort) {
        long seq = ++cellsSubmitted;
        submit(request, () -> {
            if (seq <= abortCellsThrough) {
                abort.run();
            } else {
                run.run();
            }
        });
    }

    /**
     * A cell failed (called on the execution thread): every cell submitted so far and not yet run
     * is aborted, unless the failed request asked not to ({@code stop_on_error: false}) or was
     * silent (frontends send those on their own).
     */
    void cellFailed(ExecuteRequest failed) {
        if (failed.stopOnError() && !failed.silent()) {
            abortCellsThrough = cellsSubmitted;
        }
    }

    /** How many execute requests were submitted so far. */
    long cellsSubmitted() {
        return cellsSubmitted;
    }

    /** Runs {@code task} on the execution thread, behind what is queued; false once the thread is gone. */
    boolean background(Runnable task) {
        try {
            executor.execute(task);
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    /** Whether work waits behind the task running now. */
    boolean hasQueuedWork() {
        return !executor.getQueue().isEmpty();
    }

    /** Ends the execution thread, interrupting what runs and dropping what waits. */
    @Override
    public void close() {
        executor.shutdownNow();
    }
}
