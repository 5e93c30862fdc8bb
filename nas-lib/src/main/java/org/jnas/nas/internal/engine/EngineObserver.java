package org.jnas.nas.internal.engine;

import ai.djl.nn.Block;
import java.util.Optional;
import org.jnas.nas.strategy.StrategyState;
import org.jnas.nas.trial.TrialRecord;

/**
 * Everything a {@link TrialEngine} tells about a search, to one observer that fans it out in an
 * order of its own choosing (a store first, then live views and listeners). Records are immutable
 * snapshots. Calls for one trial come in the order of its life; calls for different trials may
 * come from different threads at once, except where a method says otherwise. An exception thrown
 * here is logged and the search goes on.
 */
public interface EngineObserver {

    /**
     * A trial was proposed and will run. Called under the engine's lock, before any strategy state
     * that knows this trial is handed to {@link #trialEnded}: what a store writes here is never
     * missing from a resumed search. Keep it quick: it delays the next proposal.
     */
    default void trialSubmitted(TrialRecord trial) {}

    /** A trial began, on the device the record names. */
    default void trialStarted(TrialRecord trial) {}

    /** A trial reported an intermediate result; called before its {@code reportIntermediate} returns. */
    default void intermediateReported(TrialRecord trial) {}

    /** A trial reported its final result; called before its {@code reportFinal} returns. */
    default void finalReported(TrialRecord trial) {}

    /**
     * A trial succeeded: {@code trained} is its trained block, alive (native memory included) only
     * during this call, in the trial's thread. Where weights are kept.
     */
    default void trialTrained(TrialRecord trial, Block trained) {}

    /**
     * Whether {@link #trialEnded} should get the strategy's state: saving it costs a copy of the
     * whole search so far at every trial end, worth it only for an observer that keeps it (a store).
     */
    default boolean wantsStrategyStates() {
        return true;
    }

    /**
     * A trial ended, with the strategy's state right after it learnt how (empty when the strategy
     * could not save it, or the observer does not want it). Calls come one at a time, in the order
     * the states were taken, so the last state handed over is always the newest.
     */
    default void trialEnded(TrialRecord trial, Optional<StrategyState> stateAfter) {}

    /**
     * The search ended: no trial runs any more (one that ignored its cancellation is abandoned).
     *
     * @param stopped true when it was stopped ({@link TrialEngine#stop()}), false when it ended by
     *     itself (budget spent, strategy exhausted, time up)
     * @param reason why, e.g. "maxTrials 20 reached"
     */
    default void searchEnded(boolean stopped, String reason) {}
}
