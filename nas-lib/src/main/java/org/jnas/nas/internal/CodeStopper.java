package org.jnas.nas.internal;

import java.util.Objects;

/**
 * Stopping the code of a thread that ignores interrupts, where the program JNAS runs in can: the
 * notebook kernel installs a {@link Host} that stops code defined in notebook cells (as it stops a
 * cell). The engine asks it for a trial that did not end within its stop grace period. Without a
 * host (a plain Java program, {@code jshell}) nothing is stopped, and the trial says that its code
 * still runs.
 */
public final class CodeStopper {
    /** What the program around JNAS can do about a thread's code. */
    public interface Host {
        /**
         * Makes the code {@code thread} runs stop (throw) at its next point where the host can stop it,
         * and keeps doing so until {@link #withdraw}; returns at once.
         */
        void stop(Thread thread);

        /** Ends what {@link #stop} asked: {@code thread} has left that code and goes on to other work. */
        void withdraw(Thread thread);
    }

    private static final Host NONE = new Host() {
        @Override
        public void stop(Thread thread) {
        }

        @Override
        public void withdraw(Thread thread) {
        }
    };
    private static volatile Host host = NONE;

    private CodeStopper() {}

    /** Installs the host that stops threads' code (the notebook kernel does, when it starts). */
    public static void install(Host stopper) {
        host = Objects.requireNonNull(stopper, "stopper");
    }

    /** Asks the installed host, if any, to stop the code {@code thread} runs. */
    public static void stop(Thread thread) {
        host.stop(thread);
    }

    /** Withdraws {@link #stop(Thread)} for {@code thread}. */
    public static void withdraw(Thread thread) {
        host.withdraw(thread);
    }
}
