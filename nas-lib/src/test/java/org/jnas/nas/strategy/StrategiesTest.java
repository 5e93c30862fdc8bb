package org.jnas.nas.strategy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.function.Supplier;
import org.jnas.nas.trial.Direction;
import org.jnas.nas.trial.Objective;
import org.jnas.nas.space.Sample;
import org.junit.jupiter.api.Test;
import java.util.OptionalLong;

/** What each strategy does beyond the common contract. */
class StrategiesTest {

    private static int x(Sample s, int i) {
        return ((Number) s.get("x" + i)).intValue();
    }

    /** A fixed pseudo-random metric per architecture, all distinct. */
    private static double noise(Sample s) {
        return new Rng(s.hashCode()).nextDouble();
    }

    private static int distance(Sample a, Sample b) {
        int d = 0;
        for (String label : a.values().keySet()) {
            if (!b.has(label) || !a.get(label).equals(b.get(label))) {
                d++;
            }
        }
        return d;
    }

    @Test
    void randomWithoutDedupRepeatsAndNeverRunsOut() {
        Simulator.Run run = Simulator.of(TestSpace.grid(2, 2), s -> 0).budget(50).run(Strategy.random().dedup(false));
        assertFalse(run.exhausted());
        assertEquals(50, run.proposals().size());
        assertEquals(4, new HashSet<>(run.proposals()).size());
    }

    @Test
    void gridSearchFollowsTheEnumerationOrder() {
        TestSpace space = TestSpace.conditional();
        List<Sample> expected = new ArrayList<>();
        space.enumerate().forEach(expected::add);
        assertEquals(expected, Simulator.of(space, s -> 0).budget(100).run(Strategy.gridSearch()).proposals());
    }

    @Test
    void shuffledGridSearchIsASeededPermutation() {
        TestSpace space = TestSpace.conditional();
        List<Sample> ordered = Simulator.of(space, s -> 0).budget(100).run(Strategy.gridSearch()).proposals();
        List<Sample> shuffled = Simulator.of(space, s -> 0).budget(100).run(Strategy.gridSearch().shuffle(true)).proposals();
        assertNotEquals(ordered, shuffled);
        assertEquals(new HashSet<>(ordered), new HashSet<>(shuffled));
        assertEquals(shuffled, Simulator.of(space, s -> 0).budget(100).run(Strategy.gridSearch().shuffle(true)).proposals());
    }

    @Test
    void gridSearchRefusesToShuffleAHugeSpace() {
        Strategy grid = Strategy.gridSearch().shuffle(true);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> grid.start(TestSpace.grid(20, 5), Direction.MAXIMIZE, 1));
        assertTrue(e.getMessage().contains("95367431640625"), e.getMessage());
        Strategy lazy = Strategy.gridSearch();
        lazy.start(TestSpace.grid(20, 5), Direction.MAXIMIZE, 1);
        assertTrue(lazy.propose(new Capacity(1, 0, OptionalLong.of(1))).isSample(), "unshuffled grid reads a huge space lazily");
    }

    @Test
    void evolutionWaitsWhenTheInitialPopulationIsOutAndNothingHasReturned() {
        Strategy evo = Strategy.regularizedEvolution().populationSize(5).sampleSize(2).mutationProb(0);
        evo.start(TestSpace.grid(4, 4), Direction.MAXIMIZE, 1);
        List<Sample> out = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            out.add(evo.propose(new Capacity(10 - i, i, OptionalLong.of(100))).sample());
        }
        assertTrue(evo.propose(new Capacity(5, 5, OptionalLong.of(95))).isWait());
        evo.onTrialEnd(TrialOutcome.succeeded(0, out.get(0), 1.0));
        Proposal child = evo.propose(new Capacity(5, 4, OptionalLong.of(95)));
        assertTrue(child.isSample());
        assertEquals(1, distance(child.sample(), out.get(0)), "a mutation of the only member");
    }

    /**
     * With the tournament over the whole population and no random mutations, every child is the best
     * living member with exactly one choice changed; the best of all trials must have died of age
     * for its descendants to stop being the parents (aging).
     */
    @Test
    void evolutionMutatesTheTournamentWinnerOfTheLivingPopulation() {
        int population = 6;
        Strategy evo = Strategy.regularizedEvolution().populationSize(population).sampleSize(population)
                .mutationProb(0).dedup(false);
        evo.start(TestSpace.grid(5, 4), Direction.MAXIMIZE, 3);
        List<Sample> members = new ArrayList<>();
        List<Double> scores = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            Sample s = evo.propose(new Capacity(1, 0, OptionalLong.of(200 - i))).sample();
            if (i >= population) {
                List<Double> living = scores.subList(scores.size() - population, scores.size());
                int best = scores.size() - population + living.indexOf(living.stream().max(Double::compare).orElseThrow());
                assertEquals(1, distance(s, members.get(best)), "trial " + i);
            }
            double metric = noise(s);
            members.add(s);
            scores.add(metric);
            evo.onTrialEnd(TrialOutcome.succeeded(i, s, metric));
        }
    }

    @Test
    void evolutionStopsAfterItsCycles() {
        Simulator.Run run = Simulator.of(TestSpace.grid(5, 5), StrategiesTest::noise).budget(100)
                .run(Strategy.regularizedEvolution().populationSize(4).cycles(10));
        assertTrue(run.exhausted());
        assertEquals(10, run.proposals().size());
    }

    @Test
    void aTournamentLargerThanThePopulationIsRefusedAtStart() {
        TestSpace space = TestSpace.grid(5, 5);
        List<Strategy> tooLarge = List.of(Strategy.regularizedEvolution().populationSize(3).sampleSize(5),
                Strategy.regularizedEvolution().sampleSize(5).populationSize(3),
                Strategy.regularizedEvolution().sampleSize(101),
                Strategy.nsga2().objectives(Objective.maximize("default")).populationSize(2).sampleSize(3));
        for (Strategy strategy : tooLarge) {
            String message = assertThrows(IllegalStateException.class, () -> strategy.start(space, Direction.MAXIMIZE, 1),
                    strategy.name()).getMessage();
            assertTrue(message.contains("sampleSize") && message.contains("populationSize"), message);
        }
        // the whole population, or the default sampleSize (25) when the population is smaller: every member
        List<Strategy> fits = List.of(Strategy.regularizedEvolution().populationSize(3).sampleSize(3),
                Strategy.regularizedEvolution().populationSize(3),
                Strategy.nsga2().objectives(Objective.maximize("default")).populationSize(2).sampleSize(2));
        for (Strategy strategy : fits) {
            strategy.start(space, Direction.MAXIMIZE, 1);
        }
    }

    @Test
    void evolutionCountsFailuresAsWorstOnlyWhenTold() {
        for (String policy : new String[] {"worst", "ignore"}) {
            Strategy evo = Strategy.regularizedEvolution().populationSize(4).sampleSize(4).mutationProb(0).onFailure(policy);
            evo.start(TestSpace.grid(6, 5), Direction.MAXIMIZE, 5);
            for (int i = 0; i < 3; i++) {
                evo.onTrialEnd(TrialOutcome.failed(i, evo.propose(new Capacity(1, 0, OptionalLong.of(10))).sample()));
            }
            Sample survivor = evo.propose(new Capacity(1, 0, OptionalLong.of(10))).sample();
            evo.onTrialEnd(TrialOutcome.succeeded(3, survivor, 1.0));
            Sample next = evo.propose(new Capacity(1, 0, OptionalLong.of(10))).sample();
            if (policy.equals("worst")) {
                assertEquals(1, distance(next, survivor), "failures filled the population: the survivor is the parent");
            } else {
                assertTrue(distance(next, survivor) > 1, "population not full yet: still random");
            }
        }
    }

    /** Deeper and wider is better; choices the shallow samples lack are simply not observed. */
    @Test
    void learningStrategiesLearnConditionalSpaces() {
        TestSpace space = TestSpace.conditional(4, 5); // 5 + 25 + 125 + 625 = 780 architectures
        List<Supplier<Strategy>> strategies = List.of(
                () -> Strategy.tpe().startup(10),
                Strategy::policyBasedRL,
                () -> Strategy.regularizedEvolution().populationSize(10).sampleSize(3));
        for (Supplier<Strategy> strategy : strategies) {
            Simulator.Run run = Simulator.of(space, s -> {
                        int depth = ((Number) s.get("n")).intValue();
                        double v = 100 * depth;
                        for (int i = 0; i < depth; i++) {
                            v += ((Number) s.get("w" + i)).intValue() / 16.0;
                        }
                        return v;
                    })
                    .concurrency(4).budget(80).seed(2).run(strategy.get());
            long deepest = run.proposals().subList(50, 80).stream().filter(s -> s.get("n").equals(4)).count();
            assertTrue(deepest >= 20, strategy.get().name() + ": only " + deepest + " of the last 30 proposals are deepest");
        }
    }

    /** Without dedup the policy collapses onto the best x0; an entropy bonus keeps it exploring. */
    @Test
    void entropyBonusKeepsThePolicyExploring() {
        long[] best = new long[2];
        double[] weights = {0, 2};
        for (int i = 0; i < 2; i++) {
            Simulator.Run run = Simulator.of(TestSpace.grid(3, 5), s -> x(s, 0)).budget(300)
                    .run(Strategy.policyBasedRL().dedup(false).learningRate(0.5).entropyWeight(weights[i]));
            best[i] = run.proposals().subList(200, 300).stream().filter(s -> x(s, 0) == 40).count();
        }
        assertTrue(best[0] >= 90, "without the bonus the policy settles on x0=40: " + best[0]);
        assertTrue(best[1] < best[0] - 20, "with the bonus it keeps trying others: " + best[1] + " vs " + best[0]);
    }

    @Test
    void modelBasedStrategiesKeepProposingWhileManyTrialsRun() {
        for (Strategy strategy : List.of(Strategy.tpe().startup(5), Strategy.policyBasedRL())) {
            Simulator.Run run = Simulator.of(TestSpace.grid(6, 4), s -> x(s, 0)).concurrency(16).budget(200).run(strategy);
            assertEquals(200, run.proposals().size());
            assertEquals(200, new HashSet<>(run.proposals()).size());
        }
    }

    /** NNI's TPE minimises whatever it is given; here MAXIMIZE must drive "x0" up and MINIMIZE down. */
    @Test
    void learningStrategiesFollowTheDirection() {
        List<Supplier<Strategy>> strategies = List.of(
                () -> Strategy.tpe().startup(10),
                Strategy::policyBasedRL,
                () -> Strategy.regularizedEvolution().populationSize(10).sampleSize(3));
        TestSpace space = TestSpace.grid(4, 5);
        for (Supplier<Strategy> strategy : strategies) {
            for (Direction direction : Direction.values()) {
                Simulator.Run run = Simulator.of(space, s -> x(s, 0) + 0.1 * noise(s))
                        .direction(direction).concurrency(2).budget(120).seed(11).run(strategy.get());
                int target = direction == Direction.MAXIMIZE ? 40 : 0;
                long hits = run.proposals().subList(80, 120).stream().filter(s -> x(s, 0) == target).count();
                assertTrue(hits >= 20, strategy.get().name() + " " + direction + ": only " + hits
                        + " of the last 40 proposals chose the best x0");
            }
        }
    }
}
