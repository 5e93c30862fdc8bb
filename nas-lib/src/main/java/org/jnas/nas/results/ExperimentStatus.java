package org.jnas.nas.results;

/** Where an experiment is in its life. */
public enum ExperimentStatus {
    /** Configured, not started. */
    CREATED,
    /** Trials are being proposed and trained. */
    RUNNING,
    /** {@code stop()} was called; running trials are being told to stop. */
    STOPPING,
    /** Ended by itself: the trial budget is spent, the space is exhausted or time is up. */
    DONE,
    /** Ended by {@code stop()}. */
    STOPPED,
    /** Found in the store without an end: the process running it died. Can be resumed. */
    CRASHED;

    /** True once the experiment has ended. */
    public boolean isDone() {
        return this == DONE || this == STOPPED || this == CRASHED;
    }
}
