package org.jnas.nas.internal.engine;

import ai.djl.nn.Block;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jnas.nas.trial.TrainingProgress;
import org.jnas.nas.trial.TrialRecord;

/**
 * What a {@link TrialBackend} reports about one trial, from any thread; the engine turns it into
 * the trial's record. Reports that come after the trial ended (a cancelled trial whose code kept
 * running) are dropped. Metric maps are checked by the caller ({@link #checkedMetrics}) and hold
 * {@code "default"}.
 */
public interface TrialEvents {

    /**
     * {@code metrics} as a trial context's {@code method} hands them on: refused without a
     * {@code "default"} key or with a null value, copied in their order as doubles.
     */
    static Map<String, Double> checkedMetrics(Map<String, ? extends Number> metrics, String method) {
        Objects.requireNonNull(metrics, "metrics");
        if (!metrics.containsKey(TrialRecord.DEFAULT_METRIC)) {
            throw new IllegalArgumentException(method + ": the metrics map has no \"default\" key: " + metrics
                    + "; put the metric the search optimises under \"default\"");
        }
        Map<String, Double> copy = new LinkedHashMap<>();
        metrics.forEach((k, v) -> copy.put(k, Objects.requireNonNull(v, () -> "metric '" + k + "'").doubleValue()));
        return copy;
    }

    /**
     * The reports that follow happened at {@code at}, until it is called again; {@code null} goes
     * back to the engine's clock. A backend that reads its trials' reports later than they were
     * made (a Slurm worker's events file, read on each poll) says when the worker made them, so
     * that a trial's start, end and duration are the worker's, not the poll's; a backend that
     * reports as things happen never calls it.
     */
    void occurredAt(Instant at);

    /** The trial began on {@code device}. */
    void started(String device);

    /** An intermediate result; may stop the trial early (through {@link TrialBackend#requestStop}). */
    void intermediate(Map<String, Double> metrics);

    /** The final result (reporting again replaces it). */
    void finalResult(Map<String, Double> metrics);

    /** How far the trial's training has got; kept only while the trial runs. */
    void progressed(TrainingProgress progress);

    /** A line for the trial's log. */
    void log(String line);

    /**
     * The evaluator returned normally; the engine decides how the trial ended. {@code trained} is
     * the trial's block, alive until this call returns, or null when it has none here.
     */
    void returned(Block trained);

    /** The evaluator threw {@code failure}; the engine decides what it means. */
    void threw(Throwable failure);

    /** The trial failed outside its evaluator (its model could not be built, its worker died). */
    void failed(String description);

    /**
     * The trial was ended from outside the search, {@code why} (a cluster's time limit, a job
     * cancelled by someone else): it ends CANCELLED with that reason.
     */
    void cancelled(String why);

    /**
     * The trial holds nothing any more (thread, device, native memory): its end is announced now,
     * so whoever sees it ended also sees its resources free.
     */
    void released();
}
