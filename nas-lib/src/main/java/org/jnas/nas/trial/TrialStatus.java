package org.jnas.nas.trial;

/** The life of a trial. */
public enum TrialStatus {
    WAITING,
    RUNNING,
    SUCCEEDED,
    FAILED,
    EARLY_STOPPED,
    CANCELLED;

    /** True once the trial has ended, whatever the outcome. */
    public boolean isDone() {
        return this != WAITING && this != RUNNING;
    }
}
