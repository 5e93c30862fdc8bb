package org.jnas.nas;

import ai.djl.Model;
import ai.djl.nn.Block;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
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
    private final List<ExperimentListener> listeners = new CopyOnWriteArrayList<>();
    private final List<Dashboard> dashboards = new CopyOnWriteArrayList<>();
    private final CountDownLatch ended = new CountDownLatch(1);
    private final String idSuffix;
    /** The stored experiment this one continues, if it is a resume. */
    private final Optional<StoredExperiment> earlier;

    private volatile ExperimentRun run;
    private volatile boolean stoppedBeforeStart;

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
    public synchronized Experiment start() {
        if (run != null || stoppedBeforeStart) {
            throw new IllegalStateException("experiment " + id() + " was started before; it is " + status());
        }
        if (config.measureLatency().isPresent() && config.inputShape().isEmpty()) {
            throw new IllegalStateException("measuring latency (measureLatency or latencyLimit) needs the input shape:"
                    + " set config().inputShape(...), e.g. new Shape(1, 1, 28, 28)");
        }
        TrialEvaluator trials = OneShotRuns.trialEvaluator(this); // a one-shot search's refusals come before the store
        Optional<StoreRecorder> recorder = config.persist()
                ? Optional.of(StoreRecorder.open(this, ConfigJson.write(config, strategyName(), direction()), space.name()))
                : Optional.empty();
        config.freeze(this::limitsChanged);
        run = ExperimentRun.start(this, trials, recorder, new ExperimentEvents.Sink(listeners, ended::countDown));
        limitsChanged(); // a change made while the search was starting
        return this;
    }

    private void limitsChanged() {
        ExperimentRun r = run;
        if (r != null) {
            r.limitsChanged(this);
        }
    }

    /**
     * Starts the search (if not started) and blocks until it ends. With
     * {@link ExperimentConfig#progressOutput(PrintStream)} set, draws a progress line there about
     * once a second and the trial table at the end (as {@link #text()}: past 100 trials, the best
     * ones and the counts).
     */
    public void run() throws InterruptedException {
        if (status() == ExperimentStatus.CREATED) {
            start();
        }
        Optional<PrintStream> output = config.progressOutput();
        if (output.isEmpty()) {
            ended.await();
            return;
        }
        PrintStream out = output.get();
        while (!await(Duration.ofSeconds(1))) {
            out.print("\r" + progress().line());
            out.flush();
        }
        out.println("\r" + text()); // the progress line, then the table (a digest past 100 trials)
        out.println();
        out.flush();
    }

    String strategyName() {
        return strategy.name();
    }

    /** Waits up to {@code timeout} for the search to end; true if it has ended. */
    public boolean await(Duration timeout) throws InterruptedException {
        return ended.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * Stops the search: no new trials; running trials are told to stop, and those still running
     * after {@link ExperimentConfig#stopGracePeriod()} are cancelled. Returns at once; the status is
     * STOPPING until the last trial has ended, then STOPPED (use {@link #await}).
     */
    public synchronized void stop() {
        if (run != null) {
            run.engine.stop();
        } else if (!stoppedBeforeStart) {
            stoppedBeforeStart = true;
            ended.countDown();
        }
    }

    /** Where the experiment is in its life. */
    @Override
    public ExperimentStatus status() {
        ExperimentRun r = run;
        if (r == null) {
            return stoppedBeforeStart ? ExperimentStatus.STOPPED : ExperimentStatus.CREATED;
        }
        return r.status();
    }

    /**
     * {@inheritDoc} The search goes on regardless: its results are held in memory and written, all
     * at once, as soon as the store can be written again (retried in the background).
     */
    @Override
    public Optional<String> storeProblem() {
        ExperimentRun r = run;
        return r == null ? Optional.empty() : r.recorder.flatMap(StoreRecorder::problem);
    }

    /** {@inheritDoc} A resumed search counts them again as its strategy replays its calls. */
    @Override
    public long skipped() {
        ExperimentRun r = run;
        return r == null ? 0 : r.engine.skipped();
    }

    /** {@inheritDoc} They count while they run, also after the search has ended. */
    @Override
    public int runawayTrials() {
        ExperimentRun r = run;
        return r == null ? 0 : r.engine.runawayTrials();
    }

    /** Why the search ended, e.g. "maxTrials 20 reached" ("" while it runs). */
    public String endReason() {
        ExperimentRun r = run;
        return r != null ? r.engine.endReason() : stoppedBeforeStart ? "stopped before it started" : "";
    }

    /** Whether larger or smaller metrics are better: the configured direction, else an objective's on the default metric, else the evaluator's. */
    @Override
    public Direction direction() {
        return config.directionOr(evaluator::direction);
    }

    @Override
    public List<Objective> objectives() {
        return config.objectives();
    }

    @Override
    public List<Choice> choices() {
        return space.choices();
    }

    @Override
    public OptionalLong maxTrials() {
        return config.maxTrials();
    }

    @Override
    public Duration elapsed() {
        ExperimentRun r = run;
        return r == null ? Duration.ZERO : r.engine.elapsed();
    }

    /**
     * Snapshots of all trials so far, by id; before a resumed experiment starts, those it
     * continues.
     */
    @Override
    public List<TrialRecord> trials() {
        ExperimentRun r = run;
        if (r != null) {
            return r.engine.trials();
        }
        return earlier.map(StoredExperiment::trials).orElse(List.of());
    }

    /** Subscribes a listener; it first receives nothing of the past (read {@link #trials()}). */
    public void addListener(ExperimentListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    public void removeListener(ExperimentListener listener) {
        listeners.remove(listener);
    }

    /**
     * The {@code k} best trials: {@link ExportFormat#DICT} gives maps of choices plus metrics,
     * {@link ExportFormat#CODE} gives Java source that rebuilds each model without the space. A
     * one-shot search gives its {@code k} most likely architectures instead, most likely first
     * (DICT: the choices, {@code probability} and {@code rank}).
     */
    public <T> List<T> exportTopModels(int k, ExportFormat<T> format) {
        return Exports.topModels(this, k, config.name(), Optional.of(builder), "", format);
    }

    /**
     * The {@code k} best succeeded trials by one objective, e.g. the smallest models with {@code
     * exportTopModels(3, ExportFormat.DICT, Objective.minimize("params"))}: those with a finite
     * value of its metric, best first (ties by lower id).
     */
    public <T> List<T> exportTopModels(int k, ExportFormat<T> format, Objective by) {
        return Exports.models(this, Exports.best(this, k, by), config.name(), Optional.of(builder), "", format);
    }

    /**
     * The Pareto-optimal trials of the {@link ExperimentConfig#objectives objectives}, in trial id
     * order ({@link #paretoFront()}); DICT maps hold every final metric.
     *
     * @throws IllegalStateException for a single-objective search
     */
    public <T> List<T> exportParetoFront(ExportFormat<T> format) {
        return Exports.models(this, paretoFront(), config.name(), Optional.of(builder), "", format);
    }

    /**
     * A model of trial {@code trialId}'s architecture holding the trained weights kept by
     * {@link ExperimentConfig#keepTopWeights(int)}, on the CPU; close it when done.
     *
     * @throws IllegalArgumentException when there is no such trial or its weights were not kept
     */
    public Model loadModel(long trialId) {
        TrialRecord trial = trial(trialId).orElseThrow(() ->
                new IllegalArgumentException("no trial " + trialId + " in experiment " + id()));
        ExperimentRun r = run;
        // not started (e.g. a resumed experiment): what the directory holds
        WeightKeeper keeper = r != null ? r.weights : new WeightKeeper(config.keepTopWeights(), direction(), config.directory());
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
        Dashboard d = DashboardAdapter.dashboard(DashboardAdapter.live(this), config.home(), port);
        dashboards.add(d);
        return d;
    }

    /** The architecture of a trial as an SVG diagram, when {@link ExperimentConfig#inputShape} is set. */
    public Optional<String> architectureSvg(long trialId) {
        return Exports.architectureSvg(this, trialId, config.inputShape(), Optional.of(builder));
    }

    private Optional<TrialRecord> trial(long trialId) {
        return trials().stream().filter(t -> t.id() == trialId).findFirst();
    }

    /** The search space. */
    public SearchSpace space() {
        return space;
    }

    Function<Sample, Block> builder() {
        return builder;
    }

    TrialEvaluator evaluator() {
        return evaluator;
    }

    Strategy strategy() {
        return strategy;
    }

    Optional<StoredExperiment> earlier() {
        return earlier;
    }

    /**
     * Stops the search if it runs and waits up to the grace period for it; its trial threads
     * return to JNAS's pool for the next experiment.
     */
    @Override
    public void close() {
        for (Dashboard d : dashboards) {
            d.close();
        }
        dashboards.clear();
        stop();
        try {
            await(config.stopGracePeriod().plusSeconds(1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ExperimentRun r = run;
        if (r != null) {
            r.engine.close();
        }
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
     * @throws IllegalArgumentException when the space's choices differ from the stored ones, naming
     *     the first differing label
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
        StoredExperiment stored = Stores.loadForResume(home, id, space.choices());
        Experiment exp = new Experiment(space, space::instantiate, evaluator, strategy, Optional.of(stored));
        ConfigJson.read(stored.info().config(), exp.config); // its name too: the id starts with it
        home.ifPresent(exp.config::home);
        return exp;
    }
}
