package org.jnas.nas.internal;

import java.util.function.Supplier;

/**
 * Daemon threads for JNAS's long-lived background work (experiment drivers and trials, dashboard
 * servers, live notebook views), in a thread group of their own under the JVM's root group.
 *
 * <p>Why a group of their own: JShell's local execution (the notebook kernel, {@code jshell}) runs
 * each snippet in a fresh thread group and then joins every thread it finds in that group. A
 * thread that a snippet starts early enough to be found there (a trial pool, a dashboard's
 * dispatcher) would make the cell wait until that thread ends, i.e. until the search is over.
 * Threads in this group are never in a snippet's group, so {@code exp.start()} always returns at
 * once.
 */
public final class BackgroundThreads {
    private static final ThreadGroup GROUP = new ThreadGroup(rootGroup(), "jnas");

    private BackgroundThreads() {}

    /** A new, not yet started daemon thread named {@code name} that runs {@code task}. */
    public static Thread newThread(Runnable task, String name) {
        Thread thread = new Thread(GROUP, task, name);
        thread.setDaemon(true);
        return thread;
    }

    /** Whether {@code thread} is one of these threads (a trial's, a search's, a live view's). */
    public static boolean owns(Thread thread) {
        return thread.getThreadGroup() == GROUP;
    }

    /**
     * Calls {@code action} on a short-lived thread of this group and waits for its result, so that
     * the threads {@code action} starts itself (e.g. the JDK HttpServer's dispatcher and timer)
     * inherit this group instead of the caller's. Exceptions reach the caller unchanged.
     */
    public static <T> T callInGroup(Supplier<T> action, String name) {
        Object[] result = new Object[1];
        Throwable[] failure = new Throwable[1];
        Thread thread = newThread(() -> {
            try {
                result[0] = action.get();
            } catch (RuntimeException | Error e) {
                failure[0] = e;
            }
        }, name);
        thread.start();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + name, e);
        }
        if (failure[0] instanceof RuntimeException e) {
            throw e;
        }
        if (failure[0] instanceof Error e) {
            throw e;
        }
        @SuppressWarnings("unchecked")
        T value = (T) result[0];
        return value;
    }

    private static ThreadGroup rootGroup() {
        ThreadGroup group = Thread.currentThread().getThreadGroup();
        while (group.getParent() != null) {
            group = group.getParent();
        }
        return group;
    }
}
