package org.jnas.nas.internal.engine;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.jnas.nas.trial.Direction;

/**
 * What a {@link TrialEngine} runs under. Immutable: the two limits that may change while a
 * search runs are changed by handing the engine a new value ({@link TrialEngine#update}).
 *
 * @param name the search's name, for thread names and logs
 * @param trialConcurrency how many trials run at once (at least 1)
 * @param maxTrials the trial budget, trials of an earlier run included; empty: no budget
 * @param maxDuration how long the search may run; empty: no limit
 * @param maxTrialDuration how long one trial may run before it is told to stop; empty: no limit
 * @param stopGracePeriod how long a trial told to stop may take before it is cancelled
 * @param direction whether larger or smaller metrics are better (given to the strategy)
 * @param seed the strategy's seed
 */
public record EngineSettings(
        String name,
        int trialConcurrency,
        OptionalLong maxTrials,
        Optional<Duration> maxDuration,
        Optional<Duration> maxTrialDuration,
        Duration stopGracePeriod,
        Direction direction,
        long seed) {

    public EngineSettings {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(maxTrials, "maxTrials");
        Objects.requireNonNull(maxDuration, "maxDuration");
        Objects.requireNonNull(maxTrialDuration, "maxTrialDuration");
        Objects.requireNonNull(stopGracePeriod, "stopGracePeriod");
        Objects.requireNonNull(direction, "direction");
        if (trialConcurrency < 1) {
            throw new IllegalArgumentException("trialConcurrency must be at least 1, got " + trialConcurrency);
        }
        if (maxTrials.isPresent() && maxTrials.getAsLong() < 1) {
            throw new IllegalArgumentException("maxTrials must be at least 1, got " + maxTrials.getAsLong());
        }
        if (stopGracePeriod.isNegative()) {
            throw new IllegalArgumentException("stopGracePeriod must not be negative, got " + stopGracePeriod);
        }
    }

    /** A copy with other limits: what may change while the search runs. */
    public EngineSettings withLimits(int trialConcurrency, OptionalLong maxTrials) {
        return new EngineSettings(name, trialConcurrency, maxTrials, maxDuration, maxTrialDuration, stopGracePeriod,
                direction, seed);
    }
}
