package org.jnas.nas.strategy;

import java.util.Arrays;
import java.util.function.Supplier;
import org.jnas.nas.space.Sample;
import org.jnas.nas.space.SearchSpace;

/**
 * The proposals of a steady-state evolution, which {@link RegularizedEvolution} and {@link Nsga2}
 * share: first {@code populationSize} random architectures, then children ({@link Mutation}) of
 * tournament winners; {@link Proposal#WAIT} while the first population is all proposed and none of
 * it has returned; at most {@code cycles} proposals, and with dedup none twice. Each strategy keeps
 * its own population and the rule by which a tournament is won.
 */
final class EvolutionProposals {
    private final SearchSpace space;
    private final Rng rng;
    /** Null without dedup. */
    private final SeenSamples seen;
    private final Mutation mutation;
    private final int populationSize;
    private final long cycles;
    private long proposed;
    private int pending;

    EvolutionProposals(SearchSpace space, long seed, int populationSize, long cycles, double mutationProb, boolean dedup) {
        this.space = space;
        this.rng = new Rng(seed);
        this.seen = dedup ? new SeenSamples(space) : null;
        this.mutation = new Mutation(space, mutationProb);
        this.populationSize = populationSize;
        this.cycles = cycles;
    }

    /**
     * Refuses a tournament of more members than the population holds, since its contestants are
     * distinct members. Called at start, where both settings are final in whatever order they were set.
     */
    static void requireTournamentFits(String strategy, int populationSize, int sampleSize) {
        if (sampleSize > populationSize) {
            throw new IllegalStateException(strategy + ": sampleSize(" + sampleSize + ") is larger than populationSize("
                    + populationSize + "), but a tournament draws distinct members of the population: set sampleSize to at most "
                    + populationSize + ", or populationSize to at least " + sampleSize);
        }
    }

    /** The next proposal, for a population of {@code members} and parents drawn from {@code tournament}. */
    Proposal next(int members, Supplier<Sample> tournament) {
        if (proposed >= cycles || (seen != null && seen.exhausted())) {
            return Proposal.EXHAUSTED;
        }
        Sample sample;
        if (members + pending < populationSize) {
            sample = seen != null ? seen.randomUnseen(rng) : space.sample(c -> rng.nextInt(c.size()));
        } else if (members == 0) {
            return Proposal.WAIT;
        } else {
            sample = mutation.child(tournament, rng, seen);
        }
        if (sample == null) {
            return Proposal.EXHAUSTED;
        }
        if (seen != null) {
            seen.add(sample);
        }
        proposed++;
        pending++;
        return Proposal.of(sample);
    }

    /** Counts a proposal's trial as returned, whether or not its architecture joins the population. */
    void returned() {
        pending = Math.max(0, pending - 1);
    }

    /**
     * A tournament's contestants: the indices of {@code min(k, n)} distinct members of {@code n},
     * drawn at random, in the order drawn (so that the earliest drawn wins ties).
     */
    int[] contestants(int n, int k) {
        int[] index = new int[n];
        for (int i = 0; i < n; i++) {
            index[i] = i;
        }
        int drawn = Math.min(k, n);
        for (int i = 0; i < drawn; i++) { // a partial Fisher-Yates shuffle
            int j = i + rng.nextInt(n - i);
            int t = index[i];
            index[i] = index[j];
            index[j] = t;
        }
        return Arrays.copyOf(index, drawn);
    }
}
