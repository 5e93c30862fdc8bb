package org.jnas.nas.strategy;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import org.jnas.nas.space.Sample;
import org.jnas.nas.space.SearchSpace;
import org.jnas.nas.trial.Direction;
import org.jnas.nas.trial.Objective;
import org.jnas.nas.trial.TrialStatus;

/** See {@link Middleware#weightedSum}. */
final class WeightedSumMiddleware extends WrappingStrategy {
    private final List<Objective> objectives;
    private Direction direction;

    WeightedSumMiddleware(Strategy inner, List<Objective> objectives) {
        super(inner);
        Objective.paretoFront(List.of(), objectives); // refuses an empty list or a metric named twice
        this.objectives = List.copyOf(objectives);
    }

    @Override
    public String name() {
        List<String> terms = new ArrayList<>();
        for (Objective o : objectives) {
            terms.add((o.direction() == Direction.MAXIMIZE ? "" : "-") + o.weight() + "*" + o.metric());
        }
        return "WeightedSum(" + String.join(" + ", terms) + ", " + inner.name() + ")";
    }

    /** The inner strategy maximises the weighted sum of scores, whatever the experiment's direction. */
    @Override
    void begin(SearchSpace space, Direction direction, long seed) {
        this.direction = direction;
        inner.start(space, Direction.MAXIMIZE, seed);
    }

    @Override
    Proposal next(Capacity capacity) {
        return inner.propose(capacity);
    }

    @Override
    void learn(TrialOutcome outcome) {
        List<Double> intermediates = new ArrayList<>();
        outcome.intermediates().forEach(v -> intermediates.add(v == null ? null : direction.score(v)));
        inner.onTrialEnd(new TrialOutcome(outcome.trialId(), outcome.sample(), outcome.status(), sum(outcome), intermediates,
                outcome.metrics()));
    }

    @Override
    boolean intermediate(long trialId, Sample sample, int step, double value) {
        return inner.onIntermediate(trialId, sample, step, direction.score(value));
    }

    /** The weighted sum of the objectives' scores; empty unless every objective has a finite value. */
    private OptionalDouble sum(TrialOutcome outcome) {
        if (outcome.status() == TrialStatus.FAILED || outcome.status() == TrialStatus.CANCELLED) {
            return OptionalDouble.empty();
        }
        double sum = 0;
        for (Objective o : objectives) {
            double score = o.score(outcome.metrics());
            if (Double.isNaN(score)) {
                return OptionalDouble.empty();
            }
            sum += o.weight() * score;
        }
        return OptionalDouble.of(sum);
    }
}
