package org.jnas.nas;

import java.time.Duration;

/**
 * An experiment's settings (NNI's {@code RetiariiExeConfig}), set fluently:
 * {@code exp.config().name("mnist_search").trialConcurrency(2).maxTrials(20)}.
 *
 * <p>PLACEHOLDER: the engine helper completes this class (validation, device policy, live
 * changes); the setters and getters below are the contract.
 */
public final class ExperimentConfig {
    private String name = "experiment";
    private int trialConcurrency = 1;
    private long maxTrials = Long.MAX_VALUE;
    private Duration maxDuration = null;
    private Duration maxTrialDuration = null;
    private Direction direction = Direction.MAXIMIZE;
    private long seed = 0;

    public String name() { return name; }
    public ExperimentConfig name(String name) { this.name = name; return this; }
    public int trialConcurrency() { return trialConcurrency; }
    public ExperimentConfig trialConcurrency(int n) { this.trialConcurrency = n; return this; }
    public long maxTrials() { return maxTrials; }
    public ExperimentConfig maxTrials(long n) { this.maxTrials = n; return this; }
    public Duration maxDuration() { return maxDuration; }
    public ExperimentConfig maxDuration(Duration d) { this.maxDuration = d; return this; }
    public Duration maxTrialDuration() { return maxTrialDuration; }
    public ExperimentConfig maxTrialDuration(Duration d) { this.maxTrialDuration = d; return this; }
    public Direction direction() { return direction; }
    public ExperimentConfig direction(Direction d) { this.direction = d; return this; }
    public long seed() { return seed; }
    public ExperimentConfig seed(long seed) { this.seed = seed; return this; }
}
