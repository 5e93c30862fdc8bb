package org.jnas.nas.strategy;

import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;
import org.jnas.nas.space.Sample;
import org.jnas.nas.trial.TrialStatus;

/**
 * What a strategy learns when a trial ends.
 *
 * @param trialId the trial's id in its experiment
 * @param sample the architecture that was trained
 * @param status how it ended (SUCCEEDED, FAILED, EARLY_STOPPED or CANCELLED)
 * @param metric the final default metric, or NaN when there is none (failed, cancelled, or an
 *     early-stopped trial without intermediates); in the experiment's own direction, not negated
 * @param intermediates the intermediate default metrics reported, in order
 */
public record TrialOutcome(long trialId, Sample sample, TrialStatus status, double metric, List<Double> intermediates) {
    public TrialOutcome {
        Objects.requireNonNull(sample, "sample");
        Objects.requireNonNull(status, "status");
        intermediates = List.copyOf(intermediates);
    }

    /** A succeeded trial with a final metric and no intermediates (handy in tests). */
    public static TrialOutcome succeeded(long trialId, Sample sample, double metric) {
        return new TrialOutcome(trialId, sample, TrialStatus.SUCCEEDED, metric, List.of());
    }

    /** A failed trial. */
    public static TrialOutcome failed(long trialId, Sample sample) {
        return new TrialOutcome(trialId, sample, TrialStatus.FAILED, Double.NaN, List.of());
    }

    /** The final metric when there is one. */
    public OptionalDouble finalMetric() {
        return Double.isNaN(metric) ? OptionalDouble.empty() : OptionalDouble.of(metric);
    }
}
