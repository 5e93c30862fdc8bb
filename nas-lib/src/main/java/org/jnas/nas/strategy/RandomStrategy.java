package org.jnas.nas.strategy;

import org.jnas.nas.space.Sample;
import org.jnas.nas.space.SearchSpace;
import org.jnas.nas.trial.Direction;

/**
 * Uniform random sampling (NNI's {@code Random}): each choice the space meets gets a uniformly
 * drawn candidate. With dedup (the default) no architecture is proposed twice and the search ends
 * with {@link Proposal#EXHAUSTED} once every architecture has been proposed; without it, it never
 * runs out. Results are ignored.
 *
 * <pre>{@code Strategy s = Strategy.random().dedup(true);}</pre>
 */
public final class RandomStrategy extends BaseStrategy {
    private boolean dedup = true;
    private Rng rng;
    private SeenSamples seen;

    /** Use {@link org.jnas.nas.strategy.Strategy#random()}. */
    public RandomStrategy() {}

    /** Whether to skip architectures already proposed (default true). */
    public RandomStrategy dedup(boolean dedup) {
        requireNotStarted("dedup");
        this.dedup = dedup;
        return this;
    }

    @Override
    public String name() {
        return dedup ? "Random(dedup)" : "Random";
    }

    @Override
    void begin(SearchSpace space, Direction direction, long seed) {
        rng = new Rng(seed);
        seen = dedup ? new SeenSamples(space) : null;
    }

    @Override
    Proposal next(Capacity capacity) {
        if (!dedup) {
            return Proposal.of(space().sample(c -> rng.nextInt(c.size())));
        }
        Sample s = seen.randomUnseen(rng);
        if (s == null) {
            return Proposal.EXHAUSTED;
        }
        seen.add(s);
        return Proposal.of(s);
    }

    @Override
    void learn(TrialOutcome outcome) {
        // Random search does not learn.
    }
}
