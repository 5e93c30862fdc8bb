package org.jnas.nas;

import ai.djl.ndarray.types.Shape;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.jnas.nas.cluster.Backend;
import org.jnas.nas.cluster.Backends;
import org.jnas.nas.trial.Direction;
import org.jnas.nas.trial.Objective;

/**
 * An experiment's settings (NNI's {@code RetiariiExeConfig}), set fluently:
 * {@code exp.config().name("mnist_search").trialConcurrency(2).maxTrials(20)}.
 *
 * <p>Setters check their argument and throw {@link IllegalArgumentException} naming the bad value.
 * Once the experiment has started only {@link #trialConcurrency(int)} and {@link #maxTrials(long)}
 * may change (the running search picks the new values up at once); the other setters then throw
 * {@link IllegalStateException}. The configuration of a stored experiment ({@code
 * ExperimentView.config()}) is read-only. Thread-safe.
 */
public final class ExperimentConfig {
    private volatile String name = "experiment";
    private volatile int trialConcurrency = 1;
    private volatile OptionalLong maxTrials = OptionalLong.empty();
    private volatile Optional<Duration> maxDuration = Optional.empty();
    private volatile Optional<Duration> maxTrialDuration = Optional.empty();
    private volatile SearchGoal goal = SearchGoal.EVALUATORS;
    private volatile long seed = 0;
    private volatile DevicePolicy devicePolicy = DevicePolicy.AUTO;
    private volatile Duration stopGracePeriod = Duration.ofSeconds(5);
    private volatile int keepTopWeights = 0;
    private volatile Optional<Path> directory = Optional.empty();
    private volatile int intraOpThreads = 0;
    private volatile boolean persist = true;
    private volatile Optional<Path> home = Optional.empty();
    private volatile Optional<PrintStream> progressOutput = Optional.empty();
    private volatile Optional<Shape> inputShape = Optional.empty();
    private volatile Backend backend = Backends.local();
    private volatile LatencyMeasurement latency = LatencyMeasurement.OFF;
    /** Which of the settings above may change now. */
    private final ConfigLock lock = new ConfigLock();

    /** The experiment's name (used in ids, exported class names and the dashboard). */
    public String name() { return name; }

    /** Sets the name; not blank. */
    public ExperimentConfig name(String name) {
        lock.checkChangeable("name");
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("name must not be blank, got '" + name + "'");
        }
        this.name = name;
        return this;
    }

    /** How many trials train at the same time. */
    public int trialConcurrency() { return trialConcurrency; }

    /** Sets how many trials train at the same time (at least 1); may change while the search runs. */
    public ExperimentConfig trialConcurrency(int n) {
        lock.checkNotReadOnly("trialConcurrency");
        if (n < 1) {
            throw new IllegalArgumentException("trialConcurrency must be at least 1, got " + n);
        }
        this.trialConcurrency = n;
        lock.limitChanged();
        return this;
    }

    /** The trial budget, history of a resumed search included; empty when unbounded (the default). */
    public OptionalLong maxTrials() { return maxTrials; }

    /**
     * Sets the trial budget (at least 1); may change while the search runs, though not below the
     * trials it has created (they ran or run: a smaller budget could never be met).
     */
    public ExperimentConfig maxTrials(long n) {
        lock.checkNotReadOnly("maxTrials");
        if (n < 1) {
            throw new IllegalArgumentException("maxTrials must be at least 1, got " + n);
        }
        long submitted = lock.submittedTrials();
        if (n < submitted) {
            throw new IllegalArgumentException("maxTrials " + n + " is below the " + submitted
                    + " trials already submitted; set at least " + submitted + ", or stop() the search");
        }
        this.maxTrials = OptionalLong.of(n);
        lock.limitChanged();
        return this;
    }

    /** The longest the search may run; empty for no limit (the default). */
    public Optional<Duration> maxDuration() { return maxDuration; }

    /** Sets the longest the search may run (positive). */
    public ExperimentConfig maxDuration(Duration d) {
        lock.checkChangeable("maxDuration");
        this.maxDuration = Optional.of(positive("maxDuration", d));
        return this;
    }

    /** The longest one trial may run; empty for no limit (the default). */
    public Optional<Duration> maxTrialDuration() { return maxTrialDuration; }

    /**
     * Sets the longest one trial may run (positive). A trial over it is told to stop, and is
     * cancelled after the {@link #stopGracePeriod()}.
     */
    public ExperimentConfig maxTrialDuration(Duration d) {
        lock.checkChangeable("maxTrialDuration");
        this.maxTrialDuration = Optional.of(positive("maxTrialDuration", d));
        return this;
    }

    /**
     * The direction set with {@link #direction(Direction)}; empty when the experiment takes its
     * evaluator's ({@code TrialEvaluator.direction()}: MINIMIZE for a regression evaluator scored
     * by MSE, MAXIMIZE for accuracy and for functional evaluators).
     */
    public Optional<Direction> direction() { return goal.direction(); }

    /**
     * Sets whether larger or smaller metrics are better, whatever the evaluator says; it must agree
     * with an objective on the {@code default} metric ({@link #objectives(Objective...)}).
     */
    public ExperimentConfig direction(Direction d) {
        lock.checkChangeable("direction");
        this.goal = goal.withDirection(d);
        return this;
    }

    /** The objectives set with {@link #objectives(Objective...)}; empty for a single-objective search (the default). */
    public List<Objective> objectives() { return goal.objectives(); }

    /**
     * Makes the search multi-objective: each trial is judged by these final metrics, each in its own
     * direction, e.g. {@code objectives(Objective.maximize("default"), Objective.minimize("params"))}.
     * The trial tables mark the Pareto-optimal trials, {@code paretoChart} and {@code
     * exportParetoFront} show the front, and {@code Strategy.nsga2()} searches for it. The best trial
     * is still the one with the best {@code default} metric; an objective on {@code default} gives
     * its direction unless {@link #direction(Direction)} is set, and must agree with it.
     *
     * @throws IllegalArgumentException when none is given or a metric is named twice
     */
    public ExperimentConfig objectives(Objective... objectives) {
        lock.checkChangeable("objectives");
        this.goal = goal.withObjectives(objectives);
        return this;
    }

    /** The direction set, else an objective's on the {@code default} metric, else {@code evaluators}. */
    Direction directionOr(Supplier<Direction> evaluators) {
        return goal.directionOr(evaluators);
    }

    /** The seed handed to the strategy. */
    public long seed() { return seed; }

    public ExperimentConfig seed(long seed) {
        lock.checkChangeable("seed");
        this.seed = seed;
        return this;
    }

    /** Which devices trials train on. */
    public DevicePolicy devicePolicy() { return devicePolicy; }

    public ExperimentConfig devicePolicy(DevicePolicy policy) {
        lock.checkChangeable("devicePolicy");
        this.devicePolicy = Objects.requireNonNull(policy, "devicePolicy");
        return this;
    }

    /** How long a trial told to stop may take to return before it is cancelled (default 5 s). */
    public Duration stopGracePeriod() { return stopGracePeriod; }

    /** Sets the grace period (zero or positive). */
    public ExperimentConfig stopGracePeriod(Duration d) {
        lock.checkChangeable("stopGracePeriod");
        Objects.requireNonNull(d, "stopGracePeriod");
        if (d.isNegative()) {
            throw new IllegalArgumentException("stopGracePeriod must not be negative, got " + d);
        }
        this.stopGracePeriod = d;
        return this;
    }

    /** How many of the best trials keep their trained weights (0: none, the default). */
    public int keepTopWeights() { return keepTopWeights; }

    /**
     * Keeps the trained weights of the {@code k} best succeeded trials, in {@link #directory()} when
     * set, else in memory; {@code Experiment.loadModel(trialId)} loads them back.
     */
    public ExperimentConfig keepTopWeights(int k) {
        lock.checkChangeable("keepTopWeights");
        if (k < 0) {
            throw new IllegalArgumentException("keepTopWeights must not be negative, got " + k);
        }
        this.keepTopWeights = k;
        return this;
    }

    /** Where the experiment keeps files (weights); empty for memory only (the default). */
    public Optional<Path> directory() { return directory; }

    public ExperimentConfig directory(Path dir) {
        lock.checkChangeable("directory");
        this.directory = Optional.of(Objects.requireNonNull(dir, "directory"));
        return this;
    }

    /**
     * PyTorch intra-op threads for each trial that trains on the CPU; 0 (the default) takes DJL's
     * {@code -Dai.djl.pytorch.num_threads} when it is set, and otherwise divides the cores among the
     * trials running at once (at least 1 each), so concurrent trials do not oversubscribe the CPU.
     * The count PyTorch had before is restored when the experiment ends.
     */
    public int intraOpThreads() { return intraOpThreads; }

    public ExperimentConfig intraOpThreads(int n) {
        lock.checkChangeable("intraOpThreads");
        if (n < 0) {
            throw new IllegalArgumentException("intraOpThreads must not be negative, got " + n);
        }
        this.intraOpThreads = n;
        return this;
    }

    /** Whether the experiment is written to the store as it runs (default true). */
    public boolean persist() { return persist; }

    /**
     * Turns persistence off ({@code false}) or on (the default): every trial, intermediate and
     * final metric written to the SQLite store under {@link #home()} as it happens, so that
     * {@code Experiment.list()/view(id)/resume(...)} find it.
     */
    public ExperimentConfig persist(boolean persist) {
        lock.checkChangeable("persist");
        this.persist = persist;
        return this;
    }

    /**
     * The JNAS home whose {@code jnas.db} keeps the experiment; empty for the default: the
     * {@code jnas.home} system property, else {@code JNAS_HOME}, else {@code ~/.jnas}.
     */
    public Optional<Path> home() { return home; }

    public ExperimentConfig home(Path home) {
        lock.checkChangeable("home");
        this.home = Optional.of(Objects.requireNonNull(home, "home"));
        return this;
    }

    /** Where {@code run()} draws its terminal progress line; empty (the default) for nowhere. */
    public Optional<PrintStream> progressOutput() { return progressOutput; }

    /**
     * Draws a one-line progress bar on {@code out} (e.g. {@code System.out}) about once a second
     * while {@code Experiment.run()} blocks, and the result table at the end: for plain Java
     * programs and {@code jshell}. Off by default (a notebook kernel draws its own live view).
     */
    public ExperimentConfig progressOutput(PrintStream out) {
        lock.checkNotReadOnly("progressOutput");
        this.progressOutput = Optional.of(Objects.requireNonNull(out, "progressOutput"));
        return this;
    }

    /** The shape of one input batch used to draw architecture diagrams and profile trials; empty: neither. */
    public Optional<Shape> inputShape() { return inputShape; }

    /**
     * Sets the input shape (batch included, e.g. {@code new Shape(1, 1, 28, 28)}) with which the
     * dashboard draws each trial's architecture with output shapes and parameter counts, and with
     * which each trial started after it is set records its profile ({@code params}, and {@code macs}
     * when every block could be counted) among its final metrics: columns of the trial table.
     */
    public ExperimentConfig inputShape(Shape shape) {
        lock.checkNotReadOnly("inputShape");
        this.inputShape = Optional.of(Objects.requireNonNull(shape, "inputShape"));
        return this;
    }

    /** Where trials run: {@code Backends.local()} (threads of this JVM, the default) or a Slurm cluster. */
    public Backend backend() { return backend; }

    /**
     * Runs the trials elsewhere, e.g. {@code backend(Backends.slurm().partition("gpu").gpusPerTrial(1))}
     * (see {@code docs/cluster.md}); {@code Backends.local()} runs them on threads of this JVM. The
     * backend is not stored: set it again before resuming an experiment that ran on a cluster.
     */
    public ExperimentConfig backend(Backend backend) {
        lock.checkChangeable("backend");
        this.backend = Objects.requireNonNull(backend, "backend");
        return this;
    }

    /**
     * The batch size of the latency each trial measures besides batch 1 ({@link #measureLatency(int)});
     * empty: latency is not measured.
     */
    public OptionalInt measureLatency() { return latency.batchSize(); }

    /**
     * Makes each trial measure its architecture's inference latency on its own device before it
     * trains (a fresh block of its sample, random weights, median of timed passes after warm-up:
     * {@code org.jnas.nas.profile.Latency}), for the input shape ({@link #inputShape(Shape)},
     * needed) with batch 1 as {@code latency_ms} and, when {@code batchSize > 1}, with that batch
     * as {@code batch_latency_ms}: final metrics of the trial, columns of the trial table. Costs
     * each trial a few dozen forward passes; concurrent trials on the same CPU disturb each
     * other's figures, so measure with {@code trialConcurrency(1)} (see docs/profiles.md).
     */
    public ExperimentConfig measureLatency(int batchSize) {
        lock.checkChangeable("measureLatency");
        this.latency = latency.withBatchSize(batchSize);
        return this;
    }

    /** The largest batch-1 latency a trial may measure and still train, in milliseconds; empty: none. */
    public OptionalDouble latencyLimit() { return latency.limit(); }

    /**
     * Trains only architectures whose measured batch-1 latency ({@code latency_ms}) is at most
     * {@code ms} milliseconds on the trial's device. Turns on {@link #measureLatency(int)} (batch 1
     * unless set). A trial over the limit is not trained: it ends EARLY_STOPPED with its latency
     * among its final metrics and the reason in its log, the strategy is told so, and it counts
     * among the skipped architectures. Parameter and MACs limits are checked before launching
     * instead: {@code Middleware.constraint}.
     */
    public ExperimentConfig latencyLimit(double ms) {
        lock.checkChangeable("latencyLimit");
        this.latency = latency.withLimit(ms);
        return this;
    }

    /**
     * Marks the experiment started: {@code onLimitChange} runs after each change of the limits, and
     * a trial budget is refused below {@code submitted}, the trials the search has created so far.
     */
    void freeze(Runnable onLimitChange, LongSupplier submitted) {
        lock.freeze(onLimitChange, submitted);
    }

    /** Makes every setter refuse, saying {@code why}: a stored experiment's configuration. */
    ExperimentConfig readOnly(String why) {
        lock.readOnly(why);
        return this;
    }

    private static Duration positive(String setting, Duration d) {
        Objects.requireNonNull(d, setting);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(setting + " must be positive, got " + d);
        }
        return d;
    }

    @Override
    public String toString() {
        return "ExperimentConfig{name=" + name + ", trialConcurrency=" + trialConcurrency
                + ", maxTrials=" + (maxTrials.isPresent() ? maxTrials.getAsLong() : "unbounded")
                + ", maxDuration=" + maxDuration.map(Duration::toString).orElse("none")
                + ", maxTrialDuration=" + maxTrialDuration.map(Duration::toString).orElse("none")
                + ", direction=" + goal.direction().map(Direction::name).orElse("the evaluator's")
                + (goal.objectives().isEmpty() ? "" : ", objectives=" + goal.objectives()) + ", seed=" + seed
                + ", devicePolicy=" + devicePolicy + ", backend=" + backend + ", keepTopWeights=" + keepTopWeights + ", persist=" + persist + "}";
    }
}
