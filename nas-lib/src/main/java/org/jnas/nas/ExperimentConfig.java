package org.jnas.nas;

import ai.djl.ndarray.types.Shape;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import org.jnas.nas.trial.Direction;

/**
 * An experiment's settings (NNI's {@code RetiariiExeConfig}), set fluently:
 * {@code exp.config().name("mnist_search").trialConcurrency(2).maxTrials(20)}.
 *
 * <p>Setters check their argument and throw {@link IllegalArgumentException} naming the bad value.
 * Once the experiment has started only {@link #trialConcurrency(int)} and {@link #maxTrials(long)}
 * may change (the running search picks the new values up at once); the other setters then throw
 * {@link IllegalStateException}. Thread-safe.
 */
public final class ExperimentConfig {
    private volatile String name = "experiment";
    private volatile int trialConcurrency = 1;
    private volatile long maxTrials = Long.MAX_VALUE;
    private volatile Duration maxDuration = null;
    private volatile Duration maxTrialDuration = null;
    private volatile Direction direction = Direction.MAXIMIZE;
    private volatile long seed = 0;
    private volatile DevicePolicy devicePolicy = DevicePolicy.AUTO;
    private volatile Duration stopGracePeriod = Duration.ofSeconds(5);
    private volatile int keepTopWeights = 0;
    private volatile Path directory = null;
    private volatile int intraOpThreads = 0;
    private volatile boolean directionSet;
    private volatile boolean persist = true;
    private volatile Path home = null;
    private volatile PrintStream progressOutput = null;
    private volatile Shape inputShape = null;

    private volatile boolean started;
    private volatile Runnable liveChangeListener = () -> {};

    /** The experiment's name (used in ids, exported class names and the dashboard). */
    public String name() { return name; }

    /** Sets the name; not blank. */
    public ExperimentConfig name(String name) {
        checkNotStarted("name");
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
        if (n < 1) {
            throw new IllegalArgumentException("trialConcurrency must be at least 1, got " + n);
        }
        this.trialConcurrency = n;
        liveChangeListener.run();
        return this;
    }

    /** The trial budget, history of a resumed search included ({@code Long.MAX_VALUE}: unbounded). */
    public long maxTrials() { return maxTrials; }

    /** Sets the trial budget (at least 1); may change while the search runs. */
    public ExperimentConfig maxTrials(long n) {
        if (n < 1) {
            throw new IllegalArgumentException("maxTrials must be at least 1, got " + n);
        }
        this.maxTrials = n;
        liveChangeListener.run();
        return this;
    }

    /** The longest the search may run, or null for no limit. */
    public Duration maxDuration() { return maxDuration; }

    /** Sets the longest the search may run (positive), or null for no limit. */
    public ExperimentConfig maxDuration(Duration d) {
        checkNotStarted("maxDuration");
        this.maxDuration = positiveOrNull("maxDuration", d);
        return this;
    }

    /** The longest one trial may run, or null for no limit. */
    public Duration maxTrialDuration() { return maxTrialDuration; }

    /**
     * Sets the longest one trial may run (positive), or null for no limit. A trial over it sees its
     * stop flag, and is cancelled after the {@link #stopGracePeriod()}.
     */
    public ExperimentConfig maxTrialDuration(Duration d) {
        checkNotStarted("maxTrialDuration");
        this.maxTrialDuration = positiveOrNull("maxTrialDuration", d);
        return this;
    }

    /** Whether larger or smaller metrics are better. */
    public Direction direction() { return direction; }

    /**
     * Sets the direction. Without this call the direction comes from a built-in evaluator
     * ({@code RegressionEvaluator} with MSE minimises), else MAXIMIZE; an explicit call wins.
     */
    public ExperimentConfig direction(Direction d) {
        checkNotStarted("direction");
        this.direction = Objects.requireNonNull(d, "direction");
        this.directionSet = true;
        return this;
    }

    /** Takes {@code d} as the direction unless the user set one explicitly. */
    void defaultDirection(Direction d) {
        if (!directionSet) {
            this.direction = Objects.requireNonNull(d, "direction");
        }
    }

    /** The seed handed to the strategy. */
    public long seed() { return seed; }

    public ExperimentConfig seed(long seed) {
        checkNotStarted("seed");
        this.seed = seed;
        return this;
    }

    /** Which devices trials train on. */
    public DevicePolicy devicePolicy() { return devicePolicy; }

    public ExperimentConfig devicePolicy(DevicePolicy policy) {
        checkNotStarted("devicePolicy");
        this.devicePolicy = Objects.requireNonNull(policy, "devicePolicy");
        return this;
    }

    /** How long a trial told to stop may take to return before it is cancelled (default 5 s). */
    public Duration stopGracePeriod() { return stopGracePeriod; }

    /** Sets the grace period (zero or positive). */
    public ExperimentConfig stopGracePeriod(Duration d) {
        checkNotStarted("stopGracePeriod");
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
        checkNotStarted("keepTopWeights");
        if (k < 0) {
            throw new IllegalArgumentException("keepTopWeights must not be negative, got " + k);
        }
        this.keepTopWeights = k;
        return this;
    }

    /** Where the experiment keeps files (weights), or null for memory only. */
    public Path directory() { return directory; }

    public ExperimentConfig directory(Path dir) {
        checkNotStarted("directory");
        this.directory = dir;
        return this;
    }

    /**
     * PyTorch intra-op threads for each trial that trains on the CPU; 0 (the default) divides the
     * cores among the trials running at once (at least 1 each), so concurrent trials do not
     * oversubscribe the CPU. The count PyTorch had before is restored when the experiment ends.
     */
    public int intraOpThreads() { return intraOpThreads; }

    public ExperimentConfig intraOpThreads(int n) {
        checkNotStarted("intraOpThreads");
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
        checkNotStarted("persist");
        this.persist = persist;
        return this;
    }

    /** The JNAS home whose store keeps the experiment, or null for the default. */
    public Path home() { return home; }

    /**
     * Sets the JNAS home whose {@code jnas.db} keeps the experiment; null (the default) means the
     * {@code jnas.home} system property, else {@code JNAS_HOME}, else {@code ~/.jnas}.
     */
    public ExperimentConfig home(Path home) {
        checkNotStarted("home");
        this.home = home;
        return this;
    }

    /** Where {@code run()} draws its terminal progress line, or null (the default) for nowhere. */
    public PrintStream progressOutput() { return progressOutput; }

    /**
     * Draws a one-line progress bar on {@code out} (e.g. {@code System.out}) about once a second
     * while {@code Experiment.run()} blocks, and the result table at the end: for plain Java
     * programs and {@code jshell}. Off by default (a notebook kernel draws its own live view).
     */
    public ExperimentConfig progressOutput(PrintStream out) {
        this.progressOutput = out;
        return this;
    }

    /** The shape of one input batch used to draw architecture diagrams, or null (no diagrams). */
    public Shape inputShape() { return inputShape; }

    /**
     * Sets the input shape (batch included, e.g. {@code new Shape(1, 1, 28, 28)}) with which the
     * dashboard draws each trial's architecture with output shapes and parameter counts.
     */
    public ExperimentConfig inputShape(Shape shape) {
        this.inputShape = shape;
        return this;
    }

    /** Marks the configuration started; {@code onLiveChange} runs after each live change. */
    void freeze(Runnable onLiveChange) {
        this.liveChangeListener = Objects.requireNonNull(onLiveChange);
        this.started = true;
    }

    private void checkNotStarted(String setting) {
        if (started) {
            throw new IllegalStateException(setting + " cannot change once the experiment has started;"
                    + " only trialConcurrency and maxTrials can");
        }
    }

    private static Duration positiveOrNull(String setting, Duration d) {
        if (d != null && (d.isNegative() || d.isZero())) {
            throw new IllegalArgumentException(setting + " must be positive, got " + d);
        }
        return d;
    }

    @Override
    public String toString() {
        return "ExperimentConfig{name=" + name + ", trialConcurrency=" + trialConcurrency
                + ", maxTrials=" + (maxTrials == Long.MAX_VALUE ? "unbounded" : maxTrials)
                + ", maxDuration=" + maxDuration + ", maxTrialDuration=" + maxTrialDuration
                + ", direction=" + direction + ", seed=" + seed + ", devicePolicy=" + devicePolicy
                + ", keepTopWeights=" + keepTopWeights + ", persist=" + persist + "}";
    }
}
