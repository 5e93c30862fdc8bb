package org.jnas.nas;

import ai.djl.Model;
import ai.djl.nn.Block;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import org.jnas.nas.internal.store.StoredExperiment;
import org.jnas.nas.results.ExperimentList;
import org.jnas.nas.results.ExperimentListener;
import org.jnas.nas.results.ExperimentResults;
import org.jnas.nas.results.ExperimentStatus;
import org.jnas.nas.space.Choice;
import org.jnas.nas.space.ModelSpace;
import org.jnas.nas.space.Sample;
import org.jnas.nas.space.SearchSpace;
import org.jnas.nas.strategy.Strategy;
import org.jnas.nas.trial.Direction;
import org.jnas.nas.trial.Objective;
import org.jnas.nas.trial.TrainingProgress;
import org.jnas.nas.trial.TrialEvaluator;
import org.jnas.nas.trial.TrialRecord;
import org.jnas.nas.ui.Dashboard;

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
 * maximum duration has passed, or on {@link #stop()}. Experiments are stored as they run (see
 * {@link ExperimentConfig#persist}) and can be listed, viewed and resumed later. Thread-safe.
 */
public final class Experiment implements ExperimentResults, AutoCloseable {
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private final SearchSpace space;
    private final Function<Sample, Block> builder;
    private final TrialEvaluator evaluator;
    private final Strategy strategy;
    private final ExperimentConfig config = new ExperimentConfig();
    private final ExperimentLifecycle lifecycle = new ExperimentLifecycle();
    private final String idSuffix;
    /** The stored experiment this one continues, if it is a resume. */
    private final Optional<StoredExperiment> earlier;

    private Experiment(SearchSpace space, Function<Sample, Block> builder, TrialEvaluator evaluator, Strategy strategy,
            Optional<StoredExperiment> earlier) {
        this.space = Objects.requireNonNull(space, "space");
        this.builder = Objects.requireNonNull(builder, "builder");
        this.evaluator = Objects.requireNonNull(evaluator, "evaluator");
        this.strategy = Objects.requireNonNull(strategy, "strategy");
        this.earlier = earlier;
        this.idSuffix = LocalDateTime.now().format(ID_TIME) + "-"
                + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000));
    }

    /** A new experiment; configure it with {@link #config()}, then {@link #start()} or {@link #run()}. */
    public static Experiment create(ModelSpace space, TrialEvaluator evaluator, Strategy strategy) {
        Objects.requireNonNull(space, "space");
        return new Experiment(space, space::instantiate, evaluator, strategy, Optional.empty());
    }

    /**
     * A new experiment over any {@link SearchSpace}, with {@code builder} turning a sample into a
     * fresh, uninitialised block (what {@code ModelSpace.instantiate} does for a model space).
     */
    public static Experiment create(SearchSpace space, Function<Sample, Block> builder, TrialEvaluator evaluator,
            Strategy strategy) {
        return new Experiment(space, builder, evaluator, strategy, Optional.empty());
    }

    /** The configuration: settable until the start, its limits also while the search runs. */
    public ExperimentConfig config() {
        return config;
    }

    /** The experiment's id (unique, stable across restarts: the store's key). */
    @Override
    public String id() {
        return earlier.map(StoredExperiment::id).orElseGet(() -> config.name() + "-" + idSuffix);
    }

    /** Starts the search in the background and returns at once. */
    public Experiment start() {
        lifecycle.start(this);
        return this;
    }

    /**
     * Starts the search (if not started) and blocks until it ends. With {@link
     * ExperimentConfig#progressOutput(PrintStream)} set, draws a progress line there about once a
     * second and the trial table at the end (as {@link #text()}: past 100 trials, the best and the counts).
     */
    public void run() throws InterruptedException {
        if (status() == ExperimentStatus.CREATED) {
            start();
        }
        lifecycle.awaitEnd(config.progressOutput(), this);
    }

    /** Waits up to {@code timeout} for the search to end; true if it has ended. */
    public boolean await(Duration timeout) throws InterruptedException {
        return lifecycle.await(timeout);
    }

    /**
     * Stops the search: no new trials; running trials are told to stop, and those still running
     * after {@link ExperimentConfig#stopGracePeriod()} are cancelled. Returns at once; the status is
     * STOPPING until the last trial has ended, then STOPPED (use {@link #await}).
     */
    public void stop() {
        lifecycle.stop();
    }

    /** Where the experiment is in its life. */
    @Override
    public ExperimentStatus status() {
        return lifecycle.status();
    }

    /**
     * {@inheritDoc} The search goes on regardless: its results are held in memory and written, all
     * at once, as soon as the store can be written again (retried in the background).
     */
    @Override
    public Optional<String> storeProblem() {
        return lifecycle.run().flatMap(r -> r.recorder).flatMap(StoreRecorder::problem);
    }

    /** {@inheritDoc} A resumed search counts them again as its strategy replays its calls. */
    @Override
    public long skipped() {
        return lifecycle.run().map(r -> r.engine.skipped()).orElse(0L);
    }

    @Override
    public Optional<TrainingProgress> supernetProgress() { return OneShotRuns.supernetProgress(this); }

    @Override
    public Map<Long, TrainingProgress> trainingProgress() {
        return lifecycle.run().map(r -> r.engine.trainingProgress()).orElse(Map.of());
    }

    /** {@inheritDoc} They count while they run, also after the search has ended. */
    @Override
    public int runawayTrials() {
        return lifecycle.run().map(r -> r.engine.runawayTrials()).orElse(0);
    }

    /** Why the search ended, e.g. "maxTrials 20 reached" ("" while it runs). */
    @Override
    public String endReason() {
        return lifecycle.endReason();
    }

    /** Whether larger or smaller metrics are better: the configured direction, else an objective's on the default metric, else the evaluator's. */
    @Override
    public Direction direction() {
        return config.directionOr(evaluator::direction);
    }

    @Override
    public List<Objective> objectives() { return config.objectives(); }

    @Override
    public List<Choice> choices() { return space.choices(); }

    @Override
    public OptionalLong maxTrials() { return config.maxTrials(); }

    @Override
    public Optional<Duration> maxDuration() { return config.maxDuration(); }

    @Override
    public Duration elapsed() {
        return lifecycle.run().map(r -> r.engine.elapsed()).orElse(Duration.ZERO);
    }

    /**
     * Snapshots of all trials so far, by id; before a resumed experiment starts, those it
     * continues.
     */
    @Override
    public List<TrialRecord> trials() {
        return lifecycle.run().map(r -> r.engine.trials()).or(() -> earlier.map(StoredExperiment::trials)).orElse(List.of());
    }

    /** Subscribes a listener; it first receives nothing of the past (read {@link #trials()}). */
    public void addListener(ExperimentListener listener) {
        lifecycle.addListener(listener);
    }

    public void removeListener(ExperimentListener listener) {
        lifecycle.removeListener(listener);
    }

    /**
     * The {@code k} best trials: {@link ExportFormat#DICT} gives maps of choices plus metrics,
     * {@link ExportFormat#CODE} gives Java source that rebuilds each model without the space. A
     * one-shot search gives its {@code k} most likely architectures instead, most likely first
     * (DICT: the choices, {@code probability} and {@code rank}).
     */
    public <T> List<T> exportTopModels(int k, ExportFormat<T> format) {
        return exports().topModels(k, format);
    }

    /**
     * The {@code k} best succeeded trials by one objective, e.g. the smallest models with {@code
     * exportTopModels(3, ExportFormat.DICT, Objective.minimize("params"))}: those with a finite
     * value of its metric, best first (ties by lower id).
     */
    public <T> List<T> exportTopModels(int k, ExportFormat<T> format, Objective by) {
        return exports().topModels(k, format, by);
    }

    /**
     * The Pareto-optimal trials of the {@link ExperimentConfig#objectives objectives}, in trial id
     * order ({@link #paretoFront()}); DICT maps hold every final metric.
     *
     * @throws IllegalStateException for a single-objective search
     */
    public <T> List<T> exportParetoFront(ExportFormat<T> format) {
        return exports().paretoFront(format);
    }

    /**
     * A model of trial {@code trialId}'s architecture holding the trained weights kept by
     * {@link ExperimentConfig#keepTopWeights(int)}, on the CPU; close it when done.
     *
     * @throws IllegalArgumentException when there is no such trial or its weights were not kept
     */
    public Model loadModel(long trialId) {
        TrialRecord trial = trials().stream().filter(t -> t.id() == trialId).findFirst().orElseThrow(() ->
                new IllegalArgumentException("no trial " + trialId + " in experiment " + id()));
        // not started (e.g. a resumed experiment): what the directory holds
        WeightKeeper keeper = lifecycle.run().map(r -> r.weights)
                .orElseGet(() -> new WeightKeeper(config.keepTopWeights(), direction(), config.directory()));
        return keeper.load(trial, builder.apply(trial.sample()));
    }

    /**
     * A one-shot search's architecture {@code sample} holding the weights the supernet learned for
     * it, from the checkpoint of the last completed epoch, on the CPU, to fine-tune or use alone;
     * close it.
     *
     * @throws IllegalStateException when the strategy is not a one-shot one, or no epoch has completed
     * @throws IllegalArgumentException when {@code sample} is not an architecture of the space
     */
    public Model extractSubnet(Sample sample) {
        return OneShotRuns.extractSubnet(this, sample);
    }

    /**
     * A new multi-trial experiment that trains this one-shot search's {@code k} most likely
     * architectures from scratch with {@code evaluator} (NNI's documented workflow after a
     * one-shot search): trial i is the architecture ranked i. Named after this one with
     * {@code _retrain}, stored in the same home; start or run it, then compare its metrics with the
     * ranking.
     *
     * @throws IllegalStateException when this experiment has no one-shot ranking (yet)
     */
    public Experiment retrainTop(int k, TrialEvaluator evaluator) {
        return OneShotRuns.retrainTop(this, k, evaluator);
    }

    /**
     * Serves the web dashboard of this experiment on 127.0.0.1:{@code port} (0: any free port),
     * live while it runs, with the list of stored experiments; closed with the experiment.
     *
     * @throws java.io.UncheckedIOException naming the port when it is in use
     */
    public Dashboard dashboard(int port) {
        return lifecycle.closeWithExperiment(DashboardAdapter.dashboard(DashboardAdapter.live(this), config.home(), port));
    }

    /** The architecture of a trial as an SVG diagram, when {@link ExperimentConfig#inputShape} is set. */
    public Optional<String> architectureSvg(long trialId) {
        return exports().architectureSvg(trialId, config.inputShape());
    }

    private Exports exports() {
        return new Exports(this, config.name(), Optional.of(builder), ""); // never without a builder
    }

    /** The search space. */
    public SearchSpace space() {
        return space;
    }

    // what the run, the store and one-shot searches read of the experiment
    Function<Sample, Block> builder() { return builder; }
    TrialEvaluator evaluator() { return evaluator; }
    Strategy strategy() { return strategy; }
    String strategyName() { return strategy.name(); }
    Optional<StoredExperiment> earlier() { return earlier; }

    /**
     * Stops the search if it runs and waits up to the grace period for it; its trial threads
     * return to JNAS's pool for the next experiment.
     */
    @Override
    public void close() {
        lifecycle.close(config.stopGracePeriod().plusSeconds(1));
    }

    /** The experiment's id, its progress line and its trial table as text (what jshell prints). */
    @Override
    public String toString() {
        return "Experiment " + id() + "\n" + text();
    }

    /** The experiments stored under the default JNAS home, or under {@code home}: a table to print or show. */
    public static ExperimentList list() {
        return ExperimentList.create(Stores.list(Optional.empty()));
    }

    public static ExperimentList list(Path home) {
        return ExperimentList.create(Stores.list(Optional.of(home)));
    }

    /**
     * A stored experiment (finished, stopped or crashed, or one still running elsewhere, as of now),
     * read-only, with the same table, views, exports and dashboard.
     *
     * @throws org.jnas.nas.results.UnknownExperimentException naming the id and the latest stored ones
     */
    public static ExperimentView view(String id) {
        return ExperimentView.of(Optional.empty(), id, Optional.empty());
    }

    /** {@link #view(String)} with the space it searched, for CODE export and architecture diagrams. */
    public static ExperimentView view(String id, ModelSpace space) {
        return ExperimentView.of(Optional.empty(), id, Optional.of(space));
    }

    /** {@link #view(String)} and {@link #view(String, ModelSpace)} from the store under {@code home}. */
    public static ExperimentView view(Path home, String id) {
        return ExperimentView.of(Optional.of(home), id, Optional.empty());
    }

    public static ExperimentView view(Path home, String id, ModelSpace space) {
        return ExperimentView.of(Optional.of(home), id, Optional.of(space));
    }

    /**
     * Continues a stored experiment (NNI's {@code resume}): the returned experiment has the stored
     * id, configuration and trials; ended trials are not repeated, new trial ids continue after the
     * stored ones, the strategy continues from its saved state, and results go to the same store
     * row. Change the configuration (e.g. a larger {@code maxTrials}) before {@link #run()}.
     *
     * @param space the same space as before (its choices must equal the stored ones)
     * @throws org.jnas.nas.results.UnknownExperimentException for an unknown id
     * @param strategy the strategy the experiment was searched by, built the same way ({@code name()}
     *     equal to the stored one; a one-shot strategy may change its epochs)
     * @throws IllegalArgumentException when the space's choices differ from the stored ones, naming
     *     the first differing label, or the strategy is another one
     * @throws IllegalStateException when the experiment is still running in a live process
     */
    public static Experiment resume(String id, ModelSpace space, TrialEvaluator evaluator, Strategy strategy) {
        return resume(Optional.empty(), id, space, evaluator, strategy);
    }

    /** {@link #resume(String, ModelSpace, TrialEvaluator, Strategy)} from the store under {@code home}. */
    public static Experiment resume(Path home, String id, ModelSpace space, TrialEvaluator evaluator, Strategy strategy) {
        return resume(Optional.of(home), id, space, evaluator, strategy);
    }

    private static Experiment resume(Optional<Path> home, String id, ModelSpace space, TrialEvaluator evaluator,
            Strategy strategy) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(space, "space");
        Objects.requireNonNull(strategy, "strategy");
        StoredExperiment stored = Stores.loadForResume(home, id, space.choices(), strategy.name());
        Experiment exp = new Experiment(space, space::instantiate, evaluator, strategy, Optional.of(stored));
        ConfigJson.read(stored.info().config(), exp.config); // its name too: the id starts with it
        home.ifPresent(exp.config::home);
        return exp;
    }
}
