package org.jnas.nas.internal;

import java.util.Objects;

/**
 * What a task handed to a kept thread carries from the thread that handed it over. Trial threads
 * are kept and reused by every experiment, so what a new thread inherits from the thread that made
 * it (its context class loader; in the notebook kernel, the cell its output belongs to) would
 * otherwise come from whichever experiment first needed the thread. The kernel installs a
 * {@link Carrier} for the cell; without one only the class loader is carried.
 */
public final class LaunchContext {
    /** What the program around JNAS carries from a launching thread to the thread that runs its task. */
    public interface Carrier {
        /**
         * Called on the launching thread: {@code task} wrapped so that, run on any thread, it runs in
         * the launching thread's context and leaves the running thread's own context as it found it.
         */
        Runnable carry(Runnable task);
    }

    private static volatile Carrier carrier = task -> task;

    private LaunchContext() {}

    /** Installs the carrier (the notebook kernel does, when it starts). */
    public static void install(Carrier installed) {
        carrier = Objects.requireNonNull(installed, "carrier");
    }

    /**
     * Called on the launching thread: {@code task} wrapped so that it runs with this thread's
     * context class loader and what the installed carrier carries, on whichever thread runs it.
     */
    public static Runnable capture(Runnable task) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        Runnable carried = carrier.carry(task);
        return () -> {
            Thread thread = Thread.currentThread();
            ClassLoader own = thread.getContextClassLoader();
            thread.setContextClassLoader(loader);
            try {
                carried.run();
            } finally {
                thread.setContextClassLoader(own);
            }
        };
    }
}
