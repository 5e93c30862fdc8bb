package org.jnas.nas.internal.engine;

import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.jnas.nas.space.Sample;
import org.jnas.nas.space.SearchSpace;
import org.jnas.nas.strategy.Capacity;
import org.jnas.nas.strategy.Proposal;
import org.jnas.nas.strategy.Strategy;
import org.jnas.nas.strategy.StrategyState;
import org.jnas.nas.strategy.TrialOutcome;
import org.jnas.nas.trial.Direction;
import org.jnas.nas.trial.TrialRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The strategy as the engine calls it: one call at a time, under the engine's lock, and a
 * strategy that fails while learning is logged and ignored (the search goes on without that
 * lesson) rather than ending the search.
 */
final class StrategyCalls {
    private static final Logger LOG = LoggerFactory.getLogger(StrategyCalls.class);

    private final Strategy strategy;
    private final ReentrantLock lock;
    private final String search;

    StrategyCalls(Strategy strategy, ReentrantLock lock, String search) {
        this.strategy = strategy;
        this.lock = lock;
        this.search = search;
    }

    /** Starts the strategy, continuing from {@code state} when there is one. */
    void start(SearchSpace space, Direction direction, long seed, Optional<StrategyState> state) {
        strategy.start(space, direction, seed);
        state.ifPresent(strategy::restoreState);
    }

    /** The strategy's next proposal; a failure is logged and thrown on (it ends the search). */
    Proposal propose(Capacity capacity) {
        try {
            return strategy.propose(capacity);
        } catch (RuntimeException e) {
            LOG.error("search '{}': strategy {} failed to propose; ending the search", search, strategy.name(), e);
            throw e;
        }
    }

    /** Tells the strategy an intermediate result; true when it stops the trial early. */
    boolean stopsEarly(long trialId, Sample sample, int step, double value) {
        lock.lock();
        try {
            return strategy.onIntermediate(trialId, sample, step, value);
        } catch (RuntimeException e) {
            LOG.warn("search '{}': strategy {} failed on an intermediate result; ignored", search, strategy.name(), e);
            return false;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Tells the strategy how a trial ended and returns its state right after when {@code save}
     * (empty when it cannot save one). The caller holds the lock, so that states are taken in the
     * order they change.
     */
    Optional<StrategyState> learn(TrialRecord ended, boolean save) {
        try {
            strategy.onTrialEnd(TrialOutcome.of(ended));
        } catch (RuntimeException e) {
            LOG.error("search '{}': strategy {} failed to learn trial {}; ignored", search, strategy.name(), ended.id(), e);
        }
        if (!save) {
            return Optional.empty();
        }
        try {
            return Optional.of(strategy.saveState());
        } catch (RuntimeException e) {
            LOG.warn("search '{}': strategy {} could not save its state", search, strategy.name(), e);
            return Optional.empty();
        }
    }
}
