package org.jnas.nas;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A multi-trial search (NNI's {@code RetiariiExperiment}): a space, an evaluator and a strategy,
 * with a {@link #config()}. {@link #start()} returns at once and trials train concurrently in
 * background threads; {@link #run()} blocks until the search ends.
 *
 * <p>PLACEHOLDER: the engine helper builds the body; the public signatures below are the contract
 * that the store, reports, dashboard and kernel code against. More methods may be added.
 */
public final class Experiment implements AutoCloseable {

    private Experiment() {}

    /** A new experiment; configure it with {@link #config()}, then {@link #start()} or {@link #run()}. */
    public static Experiment create(ModelSpace space, TrialEvaluator evaluator, Strategy strategy) {
        throw new UnsupportedOperationException("not built yet");
    }

    /** The configuration; its setters may be called until the experiment starts, and trial
     * concurrency and max trials also while it runs. */
    public ExperimentConfig config() {
        throw new UnsupportedOperationException("not built yet");
    }

    /** The experiment's id (unique, stable across restarts: the store's key). */
    public String id() {
        throw new UnsupportedOperationException("not built yet");
    }

    /** Starts the search in the background and returns at once. */
    public Experiment start() {
        throw new UnsupportedOperationException("not built yet");
    }

    /** Starts the search (if not started) and blocks until it ends. */
    public void run() throws InterruptedException {
        throw new UnsupportedOperationException("not built yet");
    }

    /** Waits up to {@code timeout} for the search to end; true if it has ended. */
    public boolean await(Duration timeout) throws InterruptedException {
        throw new UnsupportedOperationException("not built yet");
    }

    /** Stops the search: no new trials; running trials see their stop flag, then are cancelled. */
    public void stop() {
        throw new UnsupportedOperationException("not built yet");
    }

    /** Where the experiment is in its life. */
    public ExperimentStatus status() {
        throw new UnsupportedOperationException("not built yet");
    }

    /** Snapshots of all trials so far, by id. */
    public List<TrialRecord> trials() {
        throw new UnsupportedOperationException("not built yet");
    }

    /** The best succeeded trial in the configured direction. */
    public Optional<TrialRecord> bestTrial() {
        throw new UnsupportedOperationException("not built yet");
    }

    /** Subscribes a listener; it first receives nothing of the past (read {@link #trials()}). */
    public void addListener(ExperimentListener listener) {
        throw new UnsupportedOperationException("not built yet");
    }

    public void removeListener(ExperimentListener listener) {
        throw new UnsupportedOperationException("not built yet");
    }

    /**
     * The {@code k} best trials: {@link ExportFormat#DICT} gives {@code Map<String, Object>}s
     * (choices plus metrics), {@link ExportFormat#CODE} gives Java source {@code String}s.
     */
    public List<Object> exportTopModels(int k, ExportFormat format) {
        throw new UnsupportedOperationException("not built yet");
    }

    /** Stops the search if it runs and releases its threads. */
    @Override
    public void close() {
        throw new UnsupportedOperationException("not built yet");
    }
}
