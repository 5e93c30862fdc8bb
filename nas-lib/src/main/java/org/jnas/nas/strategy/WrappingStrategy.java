package org.jnas.nas.strategy;

import java.util.List;
import java.util.Objects;
import org.jnas.nas.space.Sample;
import org.jnas.nas.space.SearchSpace;
import org.jnas.nas.trial.Direction;

/** A middleware: a strategy around another one, passing everything through unless it overrides it. */
abstract class WrappingStrategy extends BaseStrategy {
    final Strategy inner;

    WrappingStrategy(Strategy inner) {
        this.inner = Objects.requireNonNull(inner, "inner strategy");
    }

    /** Starts the inner strategy; subclasses reset their own state after calling this. */
    @Override
    void begin(SearchSpace space, Direction direction, long seed) {
        inner.start(space, direction, seed);
    }

    @Override
    void learn(TrialOutcome outcome) {
        inner.onTrialEnd(outcome);
    }

    @Override
    public List<Strategy> wrapped() {
        return List.of(inner);
    }

    @Override
    public long skipped() {
        return inner.skipped();
    }

    @Override
    boolean intermediate(long trialId, Sample sample, int step, double value) {
        return inner.onIntermediate(trialId, sample, step, value);
    }
}
