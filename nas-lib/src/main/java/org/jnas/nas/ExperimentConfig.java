package org.jnas.nas;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

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

    public ExperimentConfig direction(Direction d) {
        checkNotStarted("direction");
        this.direction = Objects.requireNonNull(d, "direction");
        return this;
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
     * PyTorch intra-op threads for each trial that trains on the CPU; 0 (the default) leaves
     * DJL's process-wide setting (see the README's concurrency note for measurements).
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
                + ", keepTopWeights=" + keepTopWeights + "}";
    }
}
