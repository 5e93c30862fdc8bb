package org.jnas.nas.internal.engine;

import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.jnas.nas.space.Sample;
import org.jnas.nas.space.SearchSpace;
import org.jnas.nas.strategy.Capacity;
import org.jnas.nas.strategy.Proposal;
import org.jnas.nas.strategy.Strategy;
import org.jnas.nas.strategy.StrategyCallJson;
import org.jnas.nas.strategy.StrategyState;
import org.jnas.nas.strategy.TrialOutcome;
import org.jnas.nas.trial.Direction;
import org.jnas.nas.trial.TrialRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The strategy as the engine calls it: one call at a time, under the engine's lock, and a
 * strategy that fails while learning is logged and ignored (the search goes on without that
 * lesson) rather than ending the search. When journalling, every call is also kept as a
 * {@link StrategyCallJson} text until {@link #learn} hands over those made since the last trial end:
 * a store keeps the strategy's state incrementally, as the state it saved last (a checkpoint,
 * possibly none) and the calls made since, each written once, where saving the whole state at every
 * trial end would copy the whole search so far each time.
 */
final class StrategyCalls {
    private static final Logger LOG = LoggerFactory.getLogger(StrategyCalls.class);

    private final Strategy strategy;
    private final ReentrantLock lock;
    private final String search;
    private final boolean journal;
    /** Calls not yet handed over by {@link #learn}; guarded by the lock. */
    private List<String> calls = new ArrayList<>();

    StrategyCalls(Strategy strategy, ReentrantLock lock, String search, boolean journal) {
        this.strategy = strategy;
        this.lock = lock;
        this.search = search;
        this.journal = journal;
    }

    /**
     * Starts the strategy, continuing from {@code state} when there is one and then replaying the
     * journalled {@code calls} made after it.
     *
     * @throws IllegalArgumentException when a call is malformed or a proposal differs from the logged one
     */
    void start(SearchSpace space, Direction direction, long seed, Optional<StrategyState> state, List<String> calls) {
        strategy.start(space, direction, seed);
        state.ifPresent(strategy::restoreState);
        for (int i = 0; i < calls.size(); i++) {
            try {
                StrategyCallJson.replay(strategy, space, JsonParser.parseString(calls.get(i)).getAsJsonObject());
            } catch (JsonParseException | IllegalStateException | IllegalArgumentException e) {
                throw new IllegalArgumentException("call " + i + " of the strategy's journal: " + e.getMessage(), e);
            }
        }
    }

    /** Architectures the strategy ruled out without proposing them ({@link Strategy#skipped}). */
    long skipped() {
        lock.lock();
        try {
            return strategy.skipped();
        } catch (RuntimeException e) {
            LOG.warn("search '{}': strategy {} failed to count its skipped architectures", search, strategy.name(), e);
            return 0;
        } finally {
            lock.unlock();
        }
    }

    /** The strategy's next proposal; a failure is logged and thrown on (it ends the search). */
    Proposal propose(Capacity capacity) {
        try {
            Proposal proposal = strategy.propose(capacity);
            if (journal) {
                calls.add(StrategyCallJson.proposed(capacity, proposal).toString());
            }
            return proposal;
        } catch (RuntimeException e) {
            LOG.error("search '{}': strategy {} failed to propose; ending the search", search, strategy.name(), e);
            throw e;
        }
    }

    /** Tells the strategy an intermediate result; true when it stops the trial early. */
    boolean stopsEarly(long trialId, Sample sample, int step, double value) {
        lock.lock();
        try {
            boolean stop = strategy.onIntermediate(trialId, sample, step, value);
            if (journal) {
                calls.add(StrategyCallJson.reported(trialId, sample, step, value).toString());
            }
            return stop;
        } catch (RuntimeException e) {
            LOG.warn("search '{}': strategy {} failed on an intermediate result; ignored", search, strategy.name(), e);
            return false;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Tells the strategy how a trial ended and returns, when journalling, the calls made since the
     * previous trial end, this one included (none otherwise). The caller holds the lock, so that
     * the calls are handed over in the order they were made.
     */
    List<String> learn(TrialRecord ended) {
        TrialOutcome outcome = TrialOutcome.of(ended);
        try {
            strategy.onTrialEnd(outcome);
        } catch (RuntimeException e) {
            LOG.error("search '{}': strategy {} failed to learn trial {}; ignored", search, strategy.name(), ended.id(), e);
        }
        if (!journal) {
            return List.of();
        }
        calls.add(StrategyCallJson.ended(outcome).toString());
        List<String> made = calls;
        calls = new ArrayList<>();
        return made;
    }

    /** The strategy's whole state, or empty when it cannot save one. The caller holds the lock. */
    Optional<StrategyState> save() {
        try {
            return Optional.of(strategy.saveState());
        } catch (RuntimeException e) {
            LOG.warn("search '{}': strategy {} could not save its state", search, strategy.name(), e);
            return Optional.empty();
        }
    }
}
