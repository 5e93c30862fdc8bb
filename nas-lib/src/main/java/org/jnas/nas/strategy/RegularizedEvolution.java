package org.jnas.nas.strategy;

import java.util.ArrayList;
import java.util.List;
import org.jnas.nas.space.Sample;
import org.jnas.nas.space.SearchSpace;
import org.jnas.nas.trial.Direction;
import org.jnas.nas.trial.TrialStatus;

/**
 * Aging evolution of Real et al., "Regularized Evolution for Image Classifier Architecture Search"
 * (NNI's {@code RegularizedEvolution}, same parameters and defaults). It first proposes
 * {@code populationSize} random architectures; then each proposal is a mutation of the best of
 * {@code sampleSize} members drawn from the population (a tournament), and each result joins the
 * population while its oldest member dies. A mutation ({@link Mutation}) changes one choice for sure
 * and every other with probability {@code mutationProb}; choices that appear only under the child's
 * decisions are drawn at random, so conditional spaces need no custom mutator.
 *
 * <p>Trials may run concurrently: it keeps proposing while results are pending, and answers
 * {@link Proposal#WAIT} only when the initial population is all proposed and none has returned yet.
 * With dedup (the default, as NNI's docs say; NNI's code defaults to false) no architecture is
 * proposed twice. The search ends after {@code cycles} proposals, or when dedup has seen every
 * architecture.
 */
public final class RegularizedEvolution extends BaseStrategy {
    private static final long DEFAULT_CYCLES = 20_000;
    private static final double DEFAULT_MUTATION_PROB = 0.05;

    private int populationSize = 100;
    private int sampleSize = 25;
    /** Whether sampleSize was set: unlike a size given, the default fits a smaller population, all of which competes. */
    private boolean sampleSizeSet;
    private long cycles = DEFAULT_CYCLES;
    private double mutationProb = DEFAULT_MUTATION_PROB;
    private boolean dedup = true;
    private boolean failureIsWorst;

    private EvolutionProposals proposals;
    private final List<Member> population = new ArrayList<>();

    /** Use {@link org.jnas.nas.strategy.Strategy#regularizedEvolution()}. */
    public RegularizedEvolution() {}

    /** Members kept alive (default 100); also the number of random architectures proposed first. */
    public RegularizedEvolution populationSize(int populationSize) {
        requireNotStarted("populationSize");
        if (populationSize < 1) {
            throw new IllegalArgumentException("populationSize must be >= 1: " + populationSize);
        }
        this.populationSize = populationSize;
        return this;
    }

    /**
     * Members drawn for each tournament (default 25, or the whole population when it is smaller); the
     * best of them is the parent. At most {@code populationSize}, checked at start.
     */
    public RegularizedEvolution sampleSize(int sampleSize) {
        requireNotStarted("sampleSize");
        if (sampleSize < 1) {
            throw new IllegalArgumentException("sampleSize must be >= 1: " + sampleSize);
        }
        this.sampleSize = sampleSize;
        this.sampleSizeSet = true;
        return this;
    }

    /** Proposals in all, initial population included (default 20,000). */
    public RegularizedEvolution cycles(long cycles) {
        requireNotStarted("cycles");
        if (cycles < 1) {
            throw new IllegalArgumentException("cycles must be >= 1: " + cycles);
        }
        this.cycles = cycles;
        return this;
    }

    /** Probability that each choice besides the one surely mutated changes too (default 0.05). */
    public RegularizedEvolution mutationProb(double mutationProb) {
        requireNotStarted("mutationProb");
        if (!(mutationProb >= 0 && mutationProb <= 1)) {
            throw new IllegalArgumentException("mutationProb must be in [0, 1]: " + mutationProb);
        }
        this.mutationProb = mutationProb;
        return this;
    }

    /** Whether to skip architectures already proposed (default true). */
    public RegularizedEvolution dedup(boolean dedup) {
        requireNotStarted("dedup");
        this.dedup = dedup;
        return this;
    }

    /**
     * What a failed trial means (NNI's {@code on_failure}): {@code "ignore"} (the default) leaves
     * it out of the population; {@code "worst"} adds it with the worst possible score, so it takes a
     * place and ages out without ever winning a tournament.
     */
    public RegularizedEvolution onFailure(String policy) {
        requireNotStarted("onFailure");
        switch (String.valueOf(policy)) {
            case "ignore" -> failureIsWorst = false;
            case "worst" -> failureIsWorst = true;
            default -> throw new IllegalArgumentException("onFailure must be \"ignore\" or \"worst\": " + policy);
        }
        return this;
    }

    @Override
    public String name() {
        return "RegularizedEvolution(population=" + populationSize + ", sample=" + sampleSize + unlessDefault("cycles", cycles, DEFAULT_CYCLES)
                + unlessDefault("mutationProb", mutationProb, DEFAULT_MUTATION_PROB) + unlessDefault("dedup", dedup, true)
                + unlessDefault("onFailure", failureIsWorst ? "worst" : "ignore", "ignore") + ")";
    }

    @Override
    void begin(SearchSpace space, Direction direction, long seed) {
        if (sampleSizeSet) {
            EvolutionProposals.requireTournamentFits("RegularizedEvolution", populationSize, sampleSize);
        }
        proposals = new EvolutionProposals(space, seed, populationSize, cycles, mutationProb, dedup);
        population.clear();
    }

    @Override
    Proposal next(Capacity capacity) {
        return proposals.next(population.size(), this::tournament);
    }

    @Override
    void learn(TrialOutcome outcome) {
        proposals.returned();
        double score;
        if (outcome.metric().isPresent()) {
            score = direction().score(outcome.metric().getAsDouble());
        } else if (outcome.status() == TrialStatus.FAILED && failureIsWorst) {
            score = Double.NEGATIVE_INFINITY;
        } else {
            return;
        }
        population.add(new Member(outcome.sample(), score));
        if (population.size() > populationSize) {
            population.remove(0);
        }
    }

    /** The best of {@code sampleSize} distinct members drawn at random (earliest drawn wins ties). */
    private Sample tournament() {
        Member best = null;
        for (int i : proposals.contestants(population.size(), sampleSize)) {
            Member m = population.get(i);
            if (best == null || m.score > best.score) {
                best = m;
            }
        }
        return best.sample;
    }

    private record Member(Sample sample, double score) {}
}
