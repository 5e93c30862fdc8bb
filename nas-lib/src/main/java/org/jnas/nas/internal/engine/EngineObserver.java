package org.jnas.nas.internal.engine;

import ai.djl.nn.Block;
import java.util.List;
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
     * Whether the observer keeps the strategy's state (a store, to resume from it): then
     * {@link #trialEnded} gets the strategy's calls and {@link #strategySaved} its whole state.
     * Without, the engine keeps neither.
     */
    default boolean wantsStrategyStates() {
        return true;
    }

    /**
     * A trial ended. {@code strategyCalls} are the engine's calls to the strategy since the
     * previous {@code trialEnded} (proposals, intermediate results, this trial's end), as opaque
     * texts, empty unless the observer {@link #wantsStrategyStates() keeps them}: appended to the
     * last whole state ({@link #strategySaved}), they are the strategy's state right after it
     * learnt how this trial ended, which {@link TrialEngine#restore} rebuilds. Calls come one at a
     * time, in the order the strategy was called, so appending them keeps that order.
     */
    default void trialEnded(TrialRecord trial, List<String> strategyCalls) {}

    /**
     * The strategy's whole state once the search has ended, after every call handed to
     * {@link #trialEnded}: it replaces the earlier state and those calls. Called before
     * {@link #searchEnded}, when the observer keeps strategy states and the strategy can save one.
     */
    default void strategySaved(StrategyState state) {}

    /**
     * The search ended: no trial runs any more (one that ignored its cancellation is abandoned).
     *
     * @param stopped true when it was stopped ({@link TrialEngine#stop()}), false when it ended by
     *     itself (budget spent, strategy exhausted, time up)
     * @param reason why, e.g. "maxTrials 20 reached"
     */
    default void searchEnded(boolean stopped, String reason) {}
}
