package org.jnas.nas.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoublePredicate;
import org.jnas.nas.strategy.Capacity;
import org.jnas.nas.trial.Direction;
import org.jnas.nas.strategy.Proposal;
import org.jnas.nas.space.Sample;
import org.jnas.nas.space.SearchSpace;
import org.jnas.nas.strategy.Strategy;
import org.jnas.nas.strategy.StrategyState;
import org.jnas.nas.strategy.TrialOutcome;

/** Proposes every sample of the space in order, then EXHAUSTED; optionally early-stops. */
public class EnumerateStrategy implements Strategy {
    public final List<TrialOutcome> outcomes = new ArrayList<>();
    private final DoublePredicate earlyStop;
    private List<Sample> all;
    private int next;
    private Thread caller;
    public volatile boolean concurrentCall;

    public EnumerateStrategy() {
        this(v -> false);
    }

    public EnumerateStrategy(DoublePredicate earlyStop) {
        this.earlyStop = earlyStop;
    }

    @Override
    public String name() {
        return "Enumerate";
    }

    @Override
    public void start(SearchSpace space, Direction direction, long seed) {
        all = new ArrayList<>();
        space.enumerate().forEach(all::add);
        next = 0;
    }

    @Override
    public Proposal propose(Capacity capacity) {
        enter();
        try {
            return next < all.size() ? Proposal.of(all.get(next++)) : Proposal.EXHAUSTED;
        } finally {
            leave();
        }
    }

    @Override
    public void onTrialEnd(TrialOutcome outcome) {
        enter();
        try {
            outcomes.add(outcome);
        } finally {
            leave();
        }
    }

    @Override
    public boolean onIntermediate(long trialId, Sample sample, int step, double value) {
        return earlyStop.test(value);
    }

    @Override
    public StrategyState saveState() {
        return StrategyState.of("{\"next\": " + next + "}");
    }

    @Override
    public void restoreState(StrategyState state) {
        next = Integer.parseInt(state.json().replaceAll("[^0-9]", ""));
    }

    /** Detects calls from two threads at once (the engine must serialise them). */
    private synchronized void enter() {
        if (caller != null) {
            concurrentCall = true;
        }
        caller = Thread.currentThread();
    }

    private synchronized void leave() {
        caller = null;
    }
}
