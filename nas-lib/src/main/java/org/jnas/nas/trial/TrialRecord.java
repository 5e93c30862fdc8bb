package org.jnas.nas.trial;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import org.jnas.nas.space.Sample;
import org.jnas.nas.strategy.TrialOutcome;

/**
 * An immutable snapshot of a trial: what listeners, tables, charts, the store and the dashboard
 * read.
 *
 * @param id the trial's id in its experiment (1, 2, ...)
 * @param sample its architecture
 * @param status where it is in its life
 * @param device the device it ran on ("cpu()", "gpu(0)"), or "" before it started
 * @param submitted when the strategy proposed it
 * @param started when training began, or null
 * @param ended when it ended, or null
 * @param intermediates the intermediate results in order, each a map holding "default"
 * @param finalMetrics the final result holding "default", or an empty map
 * @param error the failure's stack trace, or ""
 * @param log the lines the trial logged
 */
public record TrialRecord(
        long id,
        Sample sample,
        TrialStatus status,
        String device,
        Instant submitted,
        Instant started,
        Instant ended,
        List<Map<String, Double>> intermediates,
        Map<String, Double> finalMetrics,
        String error,
        List<String> log) {

    /** The key of the default metric in metric maps. */
    public static final String DEFAULT_METRIC = "default";

    public TrialRecord {
        Objects.requireNonNull(sample, "sample");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(submitted, "submitted");
        device = device == null ? "" : device;
        List<Map<String, Double>> copy = new ArrayList<>(intermediates.size());
        for (Map<String, Double> m : intermediates) {
            copy.add(Map.copyOf(m));
        }
        intermediates = List.copyOf(copy);
        finalMetrics = Map.copyOf(finalMetrics);
        error = error == null ? "" : error;
        log = List.copyOf(log);
    }

    /** The final default metric, if the trial reported one. */
    public OptionalDouble metric() {
        Double v = finalMetrics.get(DEFAULT_METRIC);
        return v == null ? OptionalDouble.empty() : OptionalDouble.of(v);
    }

    /** The intermediate default metrics, in order. */
    public List<Double> intermediateDefaults() {
        List<Double> out = new ArrayList<>(intermediates.size());
        for (Map<String, Double> m : intermediates) {
            out.add(m.get(DEFAULT_METRIC));
        }
        return out;
    }

    /** Training time so far (to now while running), or zero before it started. */
    public Duration duration() {
        if (started == null) {
            return Duration.ZERO;
        }
        return Duration.between(started, ended != null ? ended : Instant.now());
    }

    /** What a strategy learns from this trial once it has ended. */
    public TrialOutcome toOutcome() {
        return new TrialOutcome(id, sample, status, metric().orElse(Double.NaN), intermediateDefaults());
    }
}
