package org.jnas.nas.strategy;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.jnas.nas.space.Sample;
import org.jnas.nas.space.SearchSpace;
import org.jnas.nas.trial.Direction;

/**
 * Every architecture once (NNI's {@code GridSearch}), in the space's deterministic enumeration order
 * (depth first over the choices as met), then {@link Proposal#EXHAUSTED}. The order is read lazily,
 * so a huge space costs nothing up front. With {@link #shuffle(boolean) shuffle} the order is a
 * seeded random permutation; that needs the whole list in memory, so it is refused for spaces of
 * more than {@value #MAX_SHUFFLED} architectures.
 */
public final class GridSearch extends BaseStrategy {
    /** The largest space {@code shuffle(true)} accepts. */
    public static final int MAX_SHUFFLED = 1_000_000;

    private boolean shuffle;
    private Iterator<Sample> order;

    /** Use {@link org.jnas.nas.strategy.Strategy#gridSearch()}. */
    public GridSearch() {}

    /** Whether to visit the architectures in a seeded random order instead (default false). */
    public GridSearch shuffle(boolean shuffle) {
        requireNotStarted("shuffle");
        this.shuffle = shuffle;
        return this;
    }

    @Override
    public String name() {
        return shuffle ? "GridSearch(shuffle)" : "GridSearch";
    }

    @Override
    void begin(SearchSpace space, Direction direction, long seed) {
        if (!shuffle) {
            order = space.enumerate().iterator();
            return;
        }
        BigInteger size = space.size();
        if (size.compareTo(BigInteger.valueOf(MAX_SHUFFLED)) > 0) {
            throw new IllegalArgumentException("GridSearch.shuffle(true) needs the whole space in memory, and this space has "
                    + size + " architectures (at most " + MAX_SHUFFLED + "); use Strategy.random() instead");
        }
        List<Sample> all = new ArrayList<>(size.intValue());
        space.enumerate().forEach(all::add);
        Rng rng = new Rng(seed);
        for (int i = all.size() - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            Sample t = all.get(i);
            all.set(i, all.get(j));
            all.set(j, t);
        }
        order = all.iterator();
    }

    @Override
    Proposal next(Capacity capacity) {
        return order.hasNext() ? Proposal.of(order.next()) : Proposal.EXHAUSTED;
    }

    @Override
    void learn(TrialOutcome outcome) {
        // The grid is fixed in advance.
    }
}
