package org.jnas.nas;

import java.util.List;
import org.jnas.nas.space.Sample;
import org.jnas.nas.space.SearchSpace;
import org.jnas.nas.strategy.Capacity;
import org.jnas.nas.strategy.Proposal;
import org.jnas.nas.strategy.Strategy;
import org.jnas.nas.strategy.StrategyState;
import org.jnas.nas.strategy.TrialOutcome;
import org.jnas.nas.trial.Direction;

/**
 * The strategy of {@link Experiment#retrainTop}: the architectures a one-shot search ranked, each
 * proposed once in rank order, so that trial i retrains the architecture ranked i.
 */
final class RankedSamples implements Strategy {
    private final String of;
    private final List<Sample> samples;
    private int next;

    RankedSamples(String of, List<Sample> samples) {
        this.of = of;
        this.samples = List.copyOf(samples);
    }

    @Override
    public String name() {
        return "Retrain(top " + samples.size() + " of " + of + ")";
    }

    @Override
    public void start(SearchSpace space, Direction direction, long seed) {
        next = 0;
    }

    @Override
    public Proposal propose(Capacity capacity) {
        return next < samples.size() ? Proposal.of(samples.get(next++)) : Proposal.EXHAUSTED;
    }

    @Override
    public void onTrialEnd(TrialOutcome outcome) {
    }

    @Override
    public StrategyState saveState() {
        return StrategyState.of("{\"next\":" + next + "}");
    }

    @Override
    public void restoreState(StrategyState state) {
        next = com.google.gson.JsonParser.parseString(state.json()).getAsJsonObject().get("next").getAsInt();
    }
}
