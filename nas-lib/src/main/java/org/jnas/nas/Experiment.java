package org.jnas.nas;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.nn.Block;
import com.google.gson.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.jnas.nas.engine.ConcurrentModel;
import org.jnas.nas.engine.TrialDriver;
import org.jnas.nas.export.JavaCodeExporter;
import org.jnas.nas.export.TopModels;

/**
 * A multi-trial search (NNI's {@code RetiariiExperiment}): a space, an evaluator and a strategy,
 * with a {@link #config()}. {@link #start()} returns at once and trials train concurrently in
 * background threads; {@link #run()} blocks until the search ends.
 *
 * <pre>{@code
 * Experiment exp = Experiment.create(space, evaluator, Strategy.random());
 * exp.config().name("mnist_search").trialConcurrency(2).maxTrials(20);
 * exp.run();
 * exp.exportTopModels(3, ExportFormat.DICT);
 * }</pre>
 *
 * <p>The search ends when the trial budget is spent, the strategy has nothing new to try, the
 * maximum duration has passed, or on {@link #stop()}. Thread-safe.
 */
public final class Experiment implements AutoCloseable {
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private final SearchSpace space;
    private final Function<Sample, Block> builder;
    private final ExperimentConfig config = new ExperimentConfig();
    private final List<ExperimentListener> listeners = TrialDriver.newListenerList();
    private final TrialDriver driver;
    private volatile String id;

    private Experiment(SearchSpace space, Function<Sample, Block> builder, TrialEvaluator evaluator, Strategy strategy) {
        this.space = Objects.requireNonNull(space, "space");
        this.builder = Objects.requireNonNull(builder, "builder");
        Objects.requireNonNull(evaluator, "evaluator");
        Objects.requireNonNull(strategy, "strategy");
        this.driver = new TrialDriver(space, builder, evaluator, strategy, config, listeners, TrialDriver::djlGpuCount);
        this.id = LocalDateTime.now().format(ID_TIME) + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000));
    }

    /** A new experiment; configure it with {@link #config()}, then {@link #start()} or {@link #run()}. */
    public static Experiment create(ModelSpace space, TrialEvaluator evaluator, Strategy strategy) {
        Objects.requireNonNull(space, "space");
        return new Experiment(space, space::instantiate, evaluator, strategy);
    }

    /**
     * A new experiment over any {@link SearchSpace}, with {@code builder} turning a sample into a
     * fresh, uninitialised block (what {@code ModelSpace.instantiate} does for a model space).
     */
    public static Experiment create(SearchSpace space, Function<Sample, Block> builder, TrialEvaluator evaluator,
            Strategy strategy) {
        return new Experiment(space, builder, evaluator, strategy);
    }

    /** The configuration; its setters may be called until the experiment starts, and trial
     * concurrency and max trials also while it runs. */
    public ExperimentConfig config() {
        return config;
    }

    /** The experiment's id (unique, stable across restarts: the store's key). */
    public String id() {
        return config.name() + "-" + id;
    }

    /**
     * Continues an earlier run of this experiment (what the store does after a restart): keeps its
     * id and trials (ended ones are not repeated, new ids continue after them; ones that had not
     * ended are recorded as CANCELLED) and restores the strategy from {@code strategyState} (null:
     * the strategy starts afresh). Call before {@link #start()}; {@link ExperimentConfig#maxTrials}
     * counts the earlier trials too.
     *
     * @param experimentId the earlier run's {@link #id()}
     */
    public Experiment resume(String experimentId, List<TrialRecord> earlierTrials, JsonObject strategyState) {
        Objects.requireNonNull(experimentId, "experimentId");
        String prefix = config.name() + "-";
        if (!experimentId.startsWith(prefix)) {
            throw new IllegalArgumentException("experiment id '" + experimentId + "' does not start with the name '"
                    + config.name() + "-': set config().name(...) to the earlier name first");
        }
        driver.restore(List.copyOf(earlierTrials), strategyState);
        this.id = experimentId.substring(prefix.length());
        return this;
    }

    /**
     * Receives, after each trial end, the ended trial and the strategy's state right after it
     * learnt the outcome: what a store persists so that {@link #resume} can continue. Called in the
     * trial's thread before the listeners' {@code onTrialEnded}; must be quick.
     */
    public void setStrategyStateSink(BiConsumer<TrialRecord, JsonObject> sink) {
        driver.setStrategyStateSink(sink);
    }

    /** Starts the search in the background and returns at once. */
    public Experiment start() {
        config.freeze(driver::configChanged);
        driver.start();
        return this;
    }

    /** Starts the search (if not started) and blocks until it ends. */
    public void run() throws InterruptedException {
        if (driver.status() == ExperimentStatus.CREATED) {
            start();
        }
        driver.await();
    }

    /** Waits up to {@code timeout} for the search to end; true if it has ended. */
    public boolean await(Duration timeout) throws InterruptedException {
        return driver.await(timeout);
    }

    /**
     * Stops the search: no new trials; running trials see their stop flag, and those still running
     * after {@link ExperimentConfig#stopGracePeriod()} are cancelled. Returns at once; the status is
     * STOPPING until the last trial has ended, then STOPPED (use {@link #await}).
     */
    public void stop() {
        driver.stop();
    }

    /** Where the experiment is in its life. */
    public ExperimentStatus status() {
        return driver.status();
    }

    /** Why the search ended, e.g. "maxTrials 20 reached" ("" while it runs). */
    public String endReason() {
        return driver.endReason();
    }

    /** Done/total trials, running, failed, elapsed time and the best metric so far. */
    public ExperimentProgress progress() {
        return driver.progress();
    }

    /** Snapshots of all trials so far, by id. */
    public List<TrialRecord> trials() {
        return driver.trials();
    }

    /** The best succeeded trial in the configured direction. */
    public Optional<TrialRecord> bestTrial() {
        return driver.bestTrial();
    }

    /** Subscribes a listener; it first receives nothing of the past (read {@link #trials()}). */
    public void addListener(ExperimentListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    public void removeListener(ExperimentListener listener) {
        listeners.remove(listener);
    }

    /**
     * The {@code k} best trials: {@link ExportFormat#DICT} gives {@code Map<String, Object>}s
     * (choices plus metrics), {@link ExportFormat#CODE} gives Java source {@code String}s.
     */
    public List<Object> exportTopModels(int k, ExportFormat format) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be at least 1, got " + k);
        }
        Objects.requireNonNull(format, "format");
        List<Object> out = new ArrayList<>();
        for (TrialRecord trial : driver.topTrials(k)) {
            if (format == ExportFormat.DICT) {
                out.add(TopModels.dict(trial));
            } else {
                String className = JavaCodeExporter.className(config.name(), trial.id());
                out.add(JavaCodeExporter.export(builder.apply(trial.sample()), className,
                        "trial " + trial.id() + " of experiment " + id() + ": " + trial.sample()
                                + ", metric " + trial.metric().orElse(Double.NaN)));
            }
        }
        return out;
    }

    /**
     * A model of trial {@code trialId}'s architecture holding the trained weights kept by
     * {@link ExperimentConfig#keepTopWeights(int)}, on the CPU; close it when done.
     *
     * @throws IllegalArgumentException when there is no such trial or its weights were not kept
     */
    public Model loadModel(long trialId) {
        TrialRecord trial = trials().stream().filter(t -> t.id() == trialId).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no trial " + trialId + " in experiment " + id()));
        byte[] weights = driver.keptWeights(trialId).orElseThrow(() -> new IllegalArgumentException(
                "the weights of trial " + trialId + " were not kept: keepTopWeights is " + config.keepTopWeights()
                        + " and only the best succeeded trials whose evaluator trained trial.model()/block() keep theirs"));
        Model model = ConcurrentModel.newInstance("trial-" + trialId, Device.cpu());
        try {
            Block block = builder.apply(trial.sample());
            block.loadParameters(model.getNDManager(), new DataInputStream(new ByteArrayInputStream(weights)));
            model.setBlock(block);
            return model;
        } catch (IOException e) {
            model.close();
            throw new UncheckedIOException("could not load the weights of trial " + trialId, e);
        } catch (MalformedModelException | RuntimeException e) {
            model.close();
            throw new IllegalStateException("could not load the weights of trial " + trialId + ": " + e.getMessage(), e);
        }
    }

    /** The search space. */
    public SearchSpace space() {
        return space;
    }

    /** Stops the search if it runs, waits up to the grace period for it, and releases its threads. */
    @Override
    public void close() {
        driver.stop();
        try {
            driver.await(config.stopGracePeriod().plusSeconds(1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        driver.shutdown();
    }

    /** E.g. {@code Experiment mnist_search-20261130-091500-1a2b RUNNING: 3/20 trials done, ...}. */
    @Override
    public String toString() {
        return "Experiment " + id() + " " + progress();
    }
}
