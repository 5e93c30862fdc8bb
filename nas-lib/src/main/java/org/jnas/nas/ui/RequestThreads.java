package org.jnas.nas.ui;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jnas.nas.internal.BackgroundThreads;

/**
 * The threads that answer the dashboard's requests: a bounded pool, and a deadline for reading each
 * request. The JDK's server reads a request's head on the pool's thread and has no timeout of its
 * own, so a client that sends its request slowly (or never finishes it) would hold a thread for
 * good, and with an unbounded pool every such client would add one. Here at most
 * {@link #MAX_THREADS} threads run, at most {@link #MAX_QUEUED} requests wait (more are refused:
 * the server closes their connection), and a thread still reading a request when its deadline
 * passes is interrupted, which closes that connection.
 *
 * <p>The deadline runs from when the request's first bytes arrived until {@link #requestRead()},
 * and again around a body read through {@link #readBody}; never while a handler answers (an event
 * stream stays open as long as the browser wants).
 */
final class RequestThreads implements Executor, AutoCloseable {
    /** Every open event stream holds a thread; the other requests are short. */
    static final int MAX_THREADS = Api.MAX_STREAMS + 16;
    static final int MAX_QUEUED = 256;

    /** Reads a request body (may block on the client). */
    @FunctionalInterface
    interface BodyRead {
        byte[] read() throws IOException;
    }

    private final long deadlineNanos;
    private final ThreadPoolExecutor pool;
    private final ScheduledExecutorService watchdog;
    /** The threads reading a request now, with the System.nanoTime() by which they must be done. */
    private final Map<Thread, Long> reading = new ConcurrentHashMap<>();

    RequestThreads(Duration readDeadline) {
        deadlineNanos = readDeadline.toNanos();
        AtomicInteger n = new AtomicInteger();
        pool = new ThreadPoolExecutor(MAX_THREADS, MAX_THREADS, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(MAX_QUEUED),
                r -> BackgroundThreads.newThread(r, "jnas-dashboard-" + n.incrementAndGet()));
        pool.allowCoreThreadTimeOut(true);
        watchdog = Executors.newSingleThreadScheduledExecutor(r -> BackgroundThreads.newThread(r, "jnas-dashboard-deadlines"));
        long period = Math.max(10, readDeadline.toMillis() / 4);
        watchdog.scheduleWithFixedDelay(this::interruptLate, period, period, TimeUnit.MILLISECONDS);
    }

    /** Runs a request; refuses it (RejectedExecutionException: the server closes it) when too many wait. */
    @Override
    public void execute(Runnable request) {
        // A request that waited in the queue has used up part of its time already.
        long deadline = System.nanoTime() + deadlineNanos;
        pool.execute(() -> {
            Thread self = Thread.currentThread();
            reading.put(self, deadline);
            try {
                request.run();
            } finally {
                reading.remove(self);
                Thread.interrupted(); // a late interrupt must not reach the pool's next request
            }
        });
    }

    /** The request's head has been read: its handler runs without a deadline. */
    void requestRead() {
        if (reading.remove(Thread.currentThread()) == null) {
            throw lateRequest();
        }
    }

    /** Reads a request body under a fresh deadline. */
    byte[] readBody(BodyRead body) throws IOException {
        Thread self = Thread.currentThread();
        reading.put(self, System.nanoTime() + deadlineNanos);
        byte[] read = body.read();
        if (reading.remove(self) == null) {
            throw lateRequest();
        }
        return read;
    }

    private HttpError lateRequest() {
        return new HttpError(408, "the request was not received within " + deadlineNanos / 1_000_000 + " ms");
    }

    private void interruptLate() {
        long now = System.nanoTime();
        reading.forEach((thread, deadline) -> {
            // remove(key, value): the thread may have finished reading meanwhile; then it is left alone
            if (now - deadline > 0 && reading.remove(thread, deadline)) {
                // Interrupting a thread blocked on a socket channel closes the channel.
                thread.interrupt();
            }
        });
    }

    /** Stops the watchdog and cuts off the requests being answered. */
    @Override
    public void close() {
        watchdog.shutdownNow();
        pool.shutdownNow();
    }
}
