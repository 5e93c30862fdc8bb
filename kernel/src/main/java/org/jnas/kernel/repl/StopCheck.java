package org.jnas.kernel.repl;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jnas.nas.internal.BackgroundThreads;

/**
 * What the classes a cell defines call at the start of every method and before every backward jump
 * ({@link StopPoints} puts the calls in before JShell loads them): it throws {@link ThreadDeath},
 * which ends a stopped cell as JShell's own stop does, on a thread whose cell code is to stop. Two
 * kinds of stop, which never reach each other's threads: the running cell's (on every thread
 * except JNAS's background threads, so that a search started from a cell goes on), and one
 * thread's (a cancelled trial's, through {@link org.jnas.nas.internal.CodeStopper}). Public only
 * because cell classes call it; not an API.
 */
public final class StopCheck {
    private static final Object LOCK = new Object();
    /** Whether any stop is in force: the one read of a check that finds nothing to stop. */
    private static volatile boolean pending;
    private static volatile boolean cellStopping;
    private static final Set<Thread> STOPPING = ConcurrentHashMap.newKeySet();

    private StopCheck() {}

    /** Throws if the calling thread's cell code is to stop. */
    public static void check() {
        if (pending) {
            checkThisThread();
        }
    }

    private static void checkThisThread() {
        Thread t = Thread.currentThread();
        if (STOPPING.contains(t) || (cellStopping && !BackgroundThreads.owns(t))) {
            quietOnStop(t);
            throw new ThreadDeath();
        }
    }

    /**
     * Keeps the stop from printing itself: a platform thread of a cell is in the kernel's thread
     * group, which drops ThreadDeath, but a virtual thread's group prints every uncaught exception
     * ("Exception in thread "" java.lang.ThreadDeath at ...StopCheck..."), so the thread's own
     * handler drops it and hands on anything else.
     */
    private static void quietOnStop(Thread t) {
        Thread.UncaughtExceptionHandler before = t.getUncaughtExceptionHandler();
        if (before != null && !(before instanceof DropsThreadDeath)) {
            t.setUncaughtExceptionHandler(new DropsThreadDeath(before));
        }
    }

    private record DropsThreadDeath(Thread.UncaughtExceptionHandler next) implements Thread.UncaughtExceptionHandler {
        @Override
        public void uncaughtException(Thread t, Throwable e) {
            if (!(e instanceof ThreadDeath)) {
                next.uncaughtException(t, e);
            }
        }
    }

    /** Stops the running cell's code until {@link #cellEnded()}. */
    static void stopCell() {
        synchronized (LOCK) {
            cellStopping = true;
            pending = true;
        }
    }

    /** The cell that was stopped (or not) has ended: the next one runs. */
    static void cellEnded() {
        synchronized (LOCK) {
            cellStopping = false;
            pending = !STOPPING.isEmpty();
        }
    }

    /** Stops the cell code {@code thread} runs, at its next check, until {@link #withdraw}. */
    static void stopThread(Thread thread) {
        synchronized (LOCK) {
            STOPPING.add(thread);
            pending = true;
        }
    }

    /** Ends {@link #stopThread}: the thread goes on to other work. */
    static void withdraw(Thread thread) {
        synchronized (LOCK) {
            STOPPING.remove(thread);
            pending = cellStopping || !STOPPING.isEmpty();
        }
    }
}
