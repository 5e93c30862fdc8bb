package org.jnas.nas;

import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Which settings of an {@link ExperimentConfig} may change now: all of them until the experiment
 * starts; then only the limits the running search picks up ({@code trialConcurrency},
 * {@code maxTrials}) and the settings read afresh as trials start or progress is drawn
 * ({@code inputShape}, {@code progressOutput}); none of a stored experiment's, which is read-only.
 */
final class ConfigLock {
    /** Null while every setting may change; else why the ones that cannot change now cannot. */
    private volatile String frozen;
    /** Null unless the configuration is a stored one; else why even the limits cannot change. */
    private volatile String readOnly;
    private volatile Runnable onLimitChange = () -> {};
    private volatile LongSupplier submittedTrials = () -> 0;

    /**
     * Marks the experiment started: {@code onLimitChange} runs after each change of the limits;
     * {@code submittedTrials} counts the trials the search has created.
     */
    void freeze(Runnable onLimitChange, LongSupplier submittedTrials) {
        this.onLimitChange = Objects.requireNonNull(onLimitChange);
        this.submittedTrials = Objects.requireNonNull(submittedTrials);
        this.frozen = "cannot change once the experiment has started; only trialConcurrency and maxTrials can";
    }

    /** Makes every setting refuse to change, saying {@code why}. */
    void readOnly(String why) {
        this.frozen = why;
        this.readOnly = why;
    }

    /** Throws unless {@code setting} may change: the experiment has not started. */
    void checkChangeable(String setting) {
        refuseIf(frozen, setting);
    }

    /** Throws unless {@code setting}, one that may change while the search runs, may change. */
    void checkNotReadOnly(String setting) {
        refuseIf(readOnly, setting);
    }

    /** The trials the started search has created so far; 0 before it starts. */
    long submittedTrials() {
        return submittedTrials.getAsLong();
    }

    /** Tells the running search, if there is one, that a limit changed. */
    void limitChanged() {
        onLimitChange.run();
    }

    private static void refuseIf(String why, String setting) {
        if (why != null) {
            throw new IllegalStateException(setting + " " + why);
        }
    }
}
