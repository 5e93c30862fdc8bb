package org.jnas.nas.strategy;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.jnas.nas.trial.Direction;
import org.jnas.nas.space.Sample;
import org.jnas.nas.space.SearchSpace;

/** A test double under middleware: proposes a fixed list of samples, then EXHAUSTED, and records what it learns. */
final class Scripted implements Strategy {
    private final List<Sample> script;
    private final Deque<Sample> queue = new ArrayDeque<>();
    final List<TrialOutcome> learned = new ArrayList<>();
    int proposed;

    Scripted(Sample... script) {
        this.script = List.of(script);
    }

    @Override
    public String name() {
        return "Scripted";
    }

    @Override
    public void start(SearchSpace space, Direction direction, long seed) {
        queue.clear();
        queue.addAll(script);
        learned.clear();
        proposed = 0;
    }

    @Override
    public Proposal propose(Capacity capacity) {
        if (queue.isEmpty()) {
            return Proposal.EXHAUSTED;
        }
        proposed++;
        return Proposal.of(queue.poll());
    }

    @Override
    public void onTrialEnd(TrialOutcome outcome) {
        learned.add(outcome);
    }

    @Override
    public StrategyState saveState() {
        throw new UnsupportedOperationException("test double");
    }

    @Override
    public void restoreState(StrategyState state) {
        throw new UnsupportedOperationException("test double");
    }
}
