package org.jnas.nas.results;

import java.time.Duration;
import java.util.OptionalDouble;

/**
 * Where a search stands: an immutable snapshot for progress bars, the dashboard and logs.
 *
 * @param status the experiment's status
 * @param done trials that have ended (any outcome), history of a resumed search included
 * @param total the trial budget ({@code Long.MAX_VALUE} when only time or the space bounds it)
 * @param running trials training now
 * @param failed trials that ended FAILED
 * @param elapsed time since the search started (zero before)
 * @param best the best final metric so far in the configured direction, if any
 */
public record ExperimentProgress(
        ExperimentStatus status, long done, long total, int running, long failed, Duration elapsed, OptionalDouble best) {

    /** E.g. {@code "RUNNING: 12/20 trials done, 2 running, 1 failed, 83 s, best 0.8712"}. */
    @Override
    public String toString() {
        String budget = total == Long.MAX_VALUE ? "" : "/" + total;
        String bestText = best.isPresent() ? String.format(", best %.4f", best.getAsDouble()) : "";
        return status + ": " + done + budget + " trials done, " + running + " running, " + failed + " failed, "
                + elapsed.toSeconds() + " s" + bestText;
    }
}
