package org.jnas.nas.results;

import org.jnas.nas.trial.TrialRecord;

/**
 * Observes an experiment as it runs; every method has a no-op default. Called from the
 * experiment's threads: implementations must be quick and thread-safe, and must not throw (an
 * exception is logged and ignored, the experiment goes on). Records are immutable snapshots.
 */
public interface ExperimentListener {

    /** A trial began training. */
    default void onTrialStarted(TrialRecord trial) {}

    /** A trial reported an intermediate result (the record holds all of them so far). */
    default void onIntermediate(TrialRecord trial) {}

    /** A trial ended: succeeded, failed, early-stopped or cancelled. */
    default void onTrialEnded(TrialRecord trial) {}

    /** The experiment ended (budget spent, space exhausted, stopped, or out of time). */
    default void onExperimentEnded(ExperimentStatus status) {}
}
