package org.jnas.nas.internal.engine;

import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jnas.nas.internal.BackgroundThreads;

/**
 * The threads local trials run on, made once and kept for the next trial of any experiment.
 *
 * <p>Why kept: a thread that trained a model holds PyTorch's and OpenMP's per-thread state, and a
 * thread that ends does not give all of it back; a pool per experiment whose threads end after a
 * minute idle made a kernel that runs searches all day grow with every batch of new threads
 * (figures in docs/performance.md). A pool grows only when no thread is idle, so there are about
 * as many threads as the most trials ever run at once, and at most twice as many (a thread that
 * has just ended a trial may still be finishing when the next one starts).
 */
final class TrialThreads {
    private static final TrialThreads SHARED = new TrialThreads("jnas-trial-pool");

    private final ThreadPoolExecutor pool;

    private TrialThreads(String name) {
        AtomicInteger sequence = new AtomicInteger();
        // idle threads never time out: see the class comment
        this.pool = new ThreadPoolExecutor(0, Integer.MAX_VALUE, Long.MAX_VALUE, TimeUnit.NANOSECONDS,
                new SynchronousQueue<>(), r -> BackgroundThreads.newThread(r, name + "-" + sequence.incrementAndGet()));
    }

    /** The pool every local backend of this JVM uses. */
    static TrialThreads shared() {
        return SHARED;
    }

    /** Runs {@code task} on an idle thread of the pool, or on a new one when none is idle. */
    void execute(Runnable task) {
        pool.execute(task);
    }
}
