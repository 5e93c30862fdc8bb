package org.jnas.nas.strategy;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import org.jnas.nas.space.Sample;
import org.jnas.nas.trial.TrialRecord;
import org.jnas.nas.trial.TrialStatus;

/**
 * What a strategy learns when a trial ends.
 *
 * @param trialId the trial's id in its experiment
 * @param sample the architecture that was trained
 * @param status how it ended (SUCCEEDED, FAILED, EARLY_STOPPED or CANCELLED)
 * @param metric the final default metric, if the trial has one (a failed or cancelled trial, or an
 *     early-stopped one without intermediates, has none); in the experiment's own direction, not
 *     negated
 * @param intermediates the intermediate default metrics reported, in order
 * @param metrics every final metric the trial reported ({@code default} among them, and e.g.
 *     {@code params} and {@code macs}), as reported; empty without a result. What multi-objective
 *     strategies ({@link Strategy#nsga2()}, {@link Middleware#weightedSum}) read.
 */
public record TrialOutcome(long trialId, Sample sample, TrialStatus status, OptionalDouble metric, List<Double> intermediates,
        Map<String, Double> metrics) {
    public TrialOutcome {
        Objects.requireNonNull(sample, "sample");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(metric, "metric");
        if (metric.isPresent() && Double.isNaN(metric.getAsDouble())) {
            metric = OptionalDouble.empty(); // a NaN is a computation that failed, not a result
        }
        intermediates = List.copyOf(intermediates);
        metrics = Map.copyOf(metrics);
    }

    /** An outcome whose only final metric is {@code metric} (as {@code default}). */
    public TrialOutcome(long trialId, Sample sample, TrialStatus status, OptionalDouble metric, List<Double> intermediates) {
        this(trialId, sample, status, metric, intermediates,
                metric.isPresent() ? Map.of(TrialRecord.DEFAULT_METRIC, metric.getAsDouble()) : Map.of());
    }

    /** What a strategy learns from an ended trial. */
    public static TrialOutcome of(TrialRecord trial) {
        return new TrialOutcome(trial.id(), trial.sample(), trial.status(), trial.metric(), trial.intermediateDefaults(),
                trial.finalMetrics());
    }

    /** This outcome with another final default metric (and {@code metrics} as they were): what a scalarisation tells. */
    TrialOutcome withMetric(OptionalDouble metric) {
        return new TrialOutcome(trialId, sample, status, metric, intermediates, metrics);
    }

    /** A succeeded trial with a final metric and no intermediates (handy in tests). */
    public static TrialOutcome succeeded(long trialId, Sample sample, double metric) {
        return new TrialOutcome(trialId, sample, TrialStatus.SUCCEEDED, OptionalDouble.of(metric), List.of());
    }

    /** A failed trial. */
    public static TrialOutcome failed(long trialId, Sample sample) {
        return new TrialOutcome(trialId, sample, TrialStatus.FAILED, OptionalDouble.empty(), List.of());
    }
}
