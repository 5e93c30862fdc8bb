package org.jnas.nas.strategy;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jnas.nas.space.Sample;
import org.jnas.nas.space.SearchSpace;
import org.jnas.nas.trial.Direction;
import org.jnas.nas.trial.Objective;

/**
 * Multi-objective evolution in the manner of NSGA-II (Deb et al., "A fast and elitist
 * multiobjective genetic algorithm: NSGA-II", 2002), steady-state so that trials may run
 * concurrently: it first proposes {@code populationSize} random architectures; then each proposal
 * is a mutation ({@link Mutation}) of the winner of a tournament among {@code sampleSize} members
 * of the population, the member on the better non-dominated front winning, and on the same front
 * the one with the larger crowding distance (the more isolated one, which keeps the front spread
 * out). Each result joins the population; when it then holds one member too many, the member of the
 * worst front with the smallest crowding distance leaves (the oldest of equals).
 *
 * <p>Members are judged by the {@link Objective}s set with {@link #objectives}, each in its own
 * direction, from the trials' final metrics ({@link TrialOutcome#metrics()}); the experiment's
 * direction is not used. A trial without a finite value of every objective (failed, cancelled, or
 * missing a metric) does not join the population. With dedup (the default) no architecture is
 * proposed twice; the search ends after {@code cycles} proposals or when every architecture has
 * been proposed.
 */
public final class Nsga2 extends BaseStrategy {
    private static final long DEFAULT_CYCLES = 20_000;
    private static final double DEFAULT_MUTATION_PROB = 0.05;

    private List<Objective> objectives = List.of();
    private int populationSize = 50;
    private int sampleSize = 2;
    private long cycles = DEFAULT_CYCLES;
    private double mutationProb = DEFAULT_MUTATION_PROB;
    private boolean dedup = true;

    private EvolutionProposals proposals;
    private final List<Member> population = new ArrayList<>();

    /** Use {@link Strategy#nsga2()}. */
    public Nsga2() {}

    /**
     * The objectives, each a final metric and its direction (required, at least two make sense),
     * e.g. {@code objectives(Objective.maximize("default"), Objective.minimize("params"))}: the same
     * as the experiment's {@code config().objectives(...)}, which mark the front in its tables (a
     * start with other ones is refused).
     */
    public Nsga2 objectives(Objective... objectives) {
        requireNotStarted("objectives");
        List<Objective> list = List.of(Objects.requireNonNull(objectives, "objectives"));
        Objective.paretoFront(List.of(), list); // refuses an empty list or a metric named twice
        this.objectives = list;
        return this;
    }

    /** The objectives it searches for; empty until set. */
    public List<Objective> objectives() {
        return objectives;
    }

    /** Members kept (default 50); also the number of random architectures proposed first. */
    public Nsga2 populationSize(int populationSize) {
        requireNotStarted("populationSize");
        if (populationSize < 2) {
            throw new IllegalArgumentException("populationSize must be >= 2: " + populationSize);
        }
        this.populationSize = populationSize;
        return this;
    }

    /** Members drawn for each tournament (default 2, NSGA-II's binary tournament); at most {@code populationSize}, checked at start. */
    public Nsga2 sampleSize(int sampleSize) {
        requireNotStarted("sampleSize");
        if (sampleSize < 1) {
            throw new IllegalArgumentException("sampleSize must be >= 1: " + sampleSize);
        }
        this.sampleSize = sampleSize;
        return this;
    }

    /** Proposals in all, initial population included (default 20,000). */
    public Nsga2 cycles(long cycles) {
        requireNotStarted("cycles");
        if (cycles < 1) {
            throw new IllegalArgumentException("cycles must be >= 1: " + cycles);
        }
        this.cycles = cycles;
        return this;
    }

    /** Probability that each choice besides the one surely mutated changes too (default 0.05). */
    public Nsga2 mutationProb(double mutationProb) {
        requireNotStarted("mutationProb");
        if (!(mutationProb >= 0 && mutationProb <= 1)) {
            throw new IllegalArgumentException("mutationProb must be in [0, 1]: " + mutationProb);
        }
        this.mutationProb = mutationProb;
        return this;
    }

    /** Whether to skip architectures already proposed (default true). */
    public Nsga2 dedup(boolean dedup) {
        requireNotStarted("dedup");
        this.dedup = dedup;
        return this;
    }

    @Override
    public String name() {
        StringBuilder names = new StringBuilder();
        for (Objective o : objectives) {
            names.append(names.length() == 0 ? "" : ", ").append(o.direction() == Direction.MAXIMIZE ? "max " : "min ").append(o.metric());
        }
        return "NSGA2(" + names + "; population=" + populationSize + ", sample=" + sampleSize + unlessDefault("cycles", cycles, DEFAULT_CYCLES)
                + unlessDefault("mutationProb", mutationProb, DEFAULT_MUTATION_PROB) + unlessDefault("dedup", dedup, true) + ")";
    }

    @Override
    void begin(SearchSpace space, Direction direction, long seed) {
        if (objectives.isEmpty()) {
            throw new IllegalStateException("NSGA2 needs its objectives: Strategy.nsga2().objectives(Objective.maximize(\"default\"),"
                    + " Objective.minimize(\"params\"))");
        }
        EvolutionProposals.requireTournamentFits("NSGA2", populationSize, sampleSize);
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
        double[] scores = new double[objectives.size()];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = objectives.get(i).score(outcome.metrics());
            if (Double.isNaN(scores[i])) {
                return; // not comparable in that objective: it neither competes nor blocks a place
            }
        }
        population.add(new Member(outcome.sample(), scores)); // in order of joining: the first of equals is the oldest
        ParetoRanking.rank(population);
        if (population.size() > populationSize) {
            Member worst = population.get(0);
            for (Member m : population) {
                if (m.rank > worst.rank || (m.rank == worst.rank && m.crowding < worst.crowding)) {
                    worst = m;
                }
            }
            population.remove(worst);
            ParetoRanking.rank(population);
        }
    }

    /** The best of {@code sampleSize} distinct members drawn at random: better front, then more crowding distance, then earlier drawn. */
    private Sample tournament() {
        Member best = null;
        for (int i : proposals.contestants(population.size(), sampleSize)) {
            Member m = population.get(i);
            if (best == null || m.rank < best.rank || (m.rank == best.rank && m.crowding > best.crowding)) {
                best = m;
            }
        }
        return best.sample;
    }

    /** A member of the population: its scores (larger better), front (0 best) and crowding distance. */
    static final class Member {
        final Sample sample;
        final double[] scores;
        int rank;
        double crowding;

        Member(Sample sample, double[] scores) {
            this.sample = sample;
            this.scores = scores;
        }
    }
}
