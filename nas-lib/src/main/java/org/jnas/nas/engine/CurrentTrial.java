package org.jnas.nas.engine;

import java.util.Optional;
import org.jnas.nas.TrialContext;

/** The trial the calling thread is running, for NNI-style static reporting ({@code Nas}). */
public final class CurrentTrial {
    private static final ThreadLocal<TrialContext> CURRENT = new ThreadLocal<>();

    private CurrentTrial() {}

    /** The trial of the calling thread, if it is a trial thread inside its evaluator. */
    public static Optional<TrialContext> get() {
        return Optional.ofNullable(CURRENT.get());
    }

    static void set(TrialContext trial) {
        CURRENT.set(trial);
    }

    static void clear() {
        CURRENT.remove();
    }
}
