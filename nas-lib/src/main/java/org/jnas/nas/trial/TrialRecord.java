package org.jnas.nas.trial;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import org.jnas.nas.space.Sample;

/**
 * An immutable snapshot of a trial: what listeners, tables, charts, the store and the dashboard
 * read.
 *
 * @param id the trial's id in its experiment (1, 2, ...)
 * @param sample its architecture
 * @param status where it is in its life
 * @param device the device it ran on ("cpu()", "gpu(0)"), once it started
 * @param submitted when the strategy proposed it
 * @param started when training began, once it did
 * @param ended when it ended, once it did
 * @param intermediates the intermediate results in order, each a map holding "default"
 * @param finalMetrics the final result holding "default", or an empty map; a trial ruled out before
 *     training (EARLY_STOPPED) holds only what it measured, such as {@code latency_ms}
 * @param error why it failed or was cancelled (for a failure, with the stack trace), if it did
 * @param log the lines the trial logged
 */
public record TrialRecord(
        long id,
        Sample sample,
        TrialStatus status,
        Optional<String> device,
        Instant submitted,
        Optional<Instant> started,
        Optional<Instant> ended,
        List<Map<String, Double>> intermediates,
        Map<String, Double> finalMetrics,
        Optional<String> error,
        List<String> log) {

    /** The key of the default metric in metric maps. */
    public static final String DEFAULT_METRIC = "default";

    public TrialRecord {
        Objects.requireNonNull(sample, "sample");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(submitted, "submitted");
        device = device.filter(d -> !d.isEmpty());
        Objects.requireNonNull(started, "started");
        Objects.requireNonNull(ended, "ended");
        List<Map<String, Double>> copy = new ArrayList<>(intermediates.size());
        for (Map<String, Double> m : intermediates) {
            copy.add(Map.copyOf(m));
        }
        intermediates = List.copyOf(copy);
        finalMetrics = Map.copyOf(finalMetrics);
        error = error.filter(e -> !e.isEmpty());
        log = List.copyOf(log);
    }

    /** A trial just proposed: WAITING, nothing reported. */
    public static TrialRecord submitted(long id, Sample sample, Instant submitted) {
        return new TrialRecord(id, sample, TrialStatus.WAITING, Optional.empty(), submitted, Optional.empty(),
                Optional.empty(), List.of(), Map.of(), Optional.empty(), List.of());
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
        return started.map(s -> Duration.between(s, ended.orElseGet(Instant::now))).orElse(Duration.ZERO);
    }

    /**
     * This trial as it stands once the run it belonged to is gone (the process died, or a resumed
     * search takes over): an ended trial as it is, one that had not ended CANCELLED, ended when it
     * was last heard of, with {@code why} as its error unless it had one. Its reports are kept.
     */
    public TrialRecord cancelledIfUnfinished(String why) {
        if (status.isDone()) {
            return this;
        }
        Instant lastHeard = ended.or(() -> started).orElse(submitted);
        return new TrialRecord(id, sample, TrialStatus.CANCELLED, device, submitted, started, Optional.of(lastHeard),
                intermediates, finalMetrics, error.or(() -> Optional.of(why)), log);
    }
}
