package org.jnas.nas.strategy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.jnas.nas.trial.Direction;
import org.jnas.nas.trial.Objective;
import org.jnas.nas.space.Sample;
import org.jnas.nas.space.SearchSpace;
import org.jnas.nas.trial.TrialStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/** What every strategy and middleware stack promises: reproducibility, clean exhaustion, direction, resume. */
class StrategyContractTest {

    static Stream<Arguments> strategies() {
        return Stream.of(
                strategy(Strategy::random),
                strategy(Strategy::gridSearch),
                strategy(() -> Strategy.gridSearch().shuffle(true)),
                strategy(() -> Strategy.regularizedEvolution().populationSize(8).sampleSize(3)),
                strategy(() -> Strategy.tpe().startup(5)),
                strategy(Strategy::policyBasedRL),
                // one objective on the simulator's default metric: the contract, not the multi-objective search (Nsga2Test)
                strategy(() -> Strategy.nsga2().objectives(Objective.maximize("default")).populationSize(8)),
                strategy(() -> Middleware.weightedSum(Strategy.tpe().startup(5), Objective.minimize("default").weight(2))),
                strategy(() -> Middleware.dedup(Strategy.random().dedup(false))),
                strategy(() -> Middleware.medianStop(Middleware.retryFailures(Strategy.tpe().startup(5), 1), 2, 1)));
    }

    private static Arguments strategy(Supplier<Strategy> factory) {
        return Arguments.of(factory.get().name(), factory);
    }

    /** An objective with a unique optimum on the conditional space: wide and deep is best. */
    private static double objective(Sample s) {
        double v = ((Number) s.get("n")).intValue() * 1000;
        for (int i = 0; i < 3; i++) {
            if (s.has("w" + i)) {
                v += ((Number) s.get("w" + i)).intValue() * (i + 1);
            }
        }
        return v;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("strategies")
    void sameSeedAndOutcomesGiveTheSameProposals(String name, Supplier<Strategy> factory) {
        SearchSpace space = TestSpace.grid(6, 4);
        Simulator sim = Simulator.of(space, s -> ((Number) s.get("x0")).doubleValue() - ((Number) s.get("x3")).doubleValue())
                .concurrency(3).budget(60).seed(7);
        List<Sample> first = sim.run(factory.get()).proposals();
        assertEquals(60, first.size());
        assertEquals(first, sim.run(factory.get()).proposals());
        if (!name.equals("GridSearch")) {
            assertNotEquals(first, sim.seed(8).run(factory.get()).proposals(), "another seed, another search");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("strategies")
    void budgetAboveSpaceSizeEndsWithEveryArchitectureOnce(String name, Supplier<Strategy> factory) {
        TestSpace space = TestSpace.conditional();
        for (Direction direction : Direction.values()) {
            Simulator.Run run = Simulator.of(space, StrategyContractTest::objective)
                    .direction(direction).concurrency(4).budget(100).run(factory.get());
            assertTrue(run.exhausted(), "search ended with EXHAUSTED");
            assertEquals(39, run.proposals().size());
            assertEquals(39, new HashSet<>(run.proposals()).size());
            for (Sample s : run.proposals()) {
                assertEquals(s, space.validate(s));
            }
            assertEquals(direction == Direction.MAXIMIZE ? 3000 + 64 * 6 : 1000 + 16, run.best(direction));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("strategies")
    void restoredSearchContinuesExactlyAsTheUninterruptedOne(String name, Supplier<Strategy> factory) {
        Simulator sim = Simulator.of(TestSpace.grid(5, 3), s -> ((Number) s.get("x1")).doubleValue()
                        + 2 * ((Number) s.get("x4")).doubleValue())
                .concurrency(3).budget(40).seed(3)
                .intermediates(3, (s, step) -> (step + 1) * ((Number) s.get("x1")).doubleValue())
                .fails(s -> s.get("x2").equals(20) && s.get("x0").equals(0));
        List<Sample> uninterrupted = sim.run(factory, -1).proposals();
        for (int at : new int[] {0, 5, 37, 90}) {
            assertEquals(uninterrupted, sim.run(factory, at).proposals(), "restored after " + at + " calls");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("strategies")
    void stateOfAnotherStrategyOrSpaceIsRefused(String name, Supplier<Strategy> factory) {
        Strategy s = factory.get();
        s.start(TestSpace.grid(3, 3), Direction.MAXIMIZE, 1);
        for (int i = 0; i < 3; i++) {
            s.propose(new Capacity(1, i, OptionalLong.of(10)));
        }
        StrategyState state = s.saveState();

        Strategy other = new RandomStrategy().dedup(false);
        other.start(TestSpace.grid(3, 3), Direction.MAXIMIZE, 1);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> other.restoreState(state))
                .getMessage().contains(s.name()));

        Strategy elsewhere = factory.get();
        elsewhere.start(TestSpace.conditional(), Direction.MAXIMIZE, 1);
        assertThrows(IllegalArgumentException.class, () -> elsewhere.restoreState(state));
    }

    @Test
    void stateKeepsNonFiniteMetrics() {
        Supplier<Strategy> factory = () -> Middleware.medianStop(Strategy.tpe().startup(3), 1, 1);
        TestSpace space = TestSpace.grid(4, 4);
        Strategy original = factory.get();
        original.start(space, Direction.MINIMIZE, 5);
        double[] metrics = {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN, 2.0, 1.0};
        for (int i = 0; i < metrics.length; i++) {
            Sample s = original.propose(new Capacity(1, 0, OptionalLong.of(20))).sample();
            original.onIntermediate(i, s, 0, metrics[metrics.length - 1 - i]);
            original.onTrialEnd(new TrialOutcome(i, s, TrialStatus.SUCCEEDED, OptionalDouble.of(metrics[i]),
                    List.of(metrics[metrics.length - 1 - i])));
        }
        Strategy restored = factory.get();
        restored.start(space, Direction.MINIMIZE, 5);
        restored.restoreState(StrategyState.of(original.saveState().json()));
        for (int i = 0; i < 10; i++) {
            Capacity c = new Capacity(1, i, OptionalLong.of(15 - i));
            assertEquals(original.propose(c).sample(), restored.propose(c).sample());
        }
    }

    @Test
    void malformedStateIsRefusedClearly() {
        Strategy s = Strategy.random();
        s.start(TestSpace.grid(3, 3), Direction.MAXIMIZE, 1);
        StrategyState state = StrategyState.of("{\"version\":1,\"strategy\":\"Random(dedup)\"}");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> s.restoreState(state))
                .getMessage().contains("malformed"));
    }

    @Test
    void callsBeforeStartSayWhatToDo() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Strategy.tpe().propose(new Capacity(1, 0, OptionalLong.of(1))));
        assertTrue(e.getMessage().contains("start"), e.getMessage());
    }

    @Test
    void settingsAreCheckedAndNameTheBadValue() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Strategy.regularizedEvolution().onFailure("retry"))
                .getMessage().contains("retry"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Strategy.tpe().gamma(1.5))
                .getMessage().contains("1.5"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Strategy.policyBasedRL().learningRate(-1))
                .getMessage().contains("-1"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Strategy.regularizedEvolution().populationSize(0))
                .getMessage().contains("populationSize"));
        Strategy started = Strategy.random();
        started.start(TestSpace.grid(2, 2), Direction.MAXIMIZE, 1);
        assertThrows(IllegalStateException.class, () -> ((RandomStrategy) started).dedup(false));
    }

    /**
     * Each built-in strategy as built by default, then with one setting changed that changes what
     * it proposes: no two of them may share a name.
     */
    static Stream<List<Supplier<Strategy>>> configurations() {
        Objective[] two = {Objective.maximize("default"), Objective.minimize("params")};
        return Stream.of(
                List.of(Strategy::random, () -> Strategy.random().dedup(false)),
                List.of(Strategy::gridSearch, () -> Strategy.gridSearch().shuffle(true)),
                List.of(Strategy::tpe, () -> Strategy.tpe().startup(5), () -> Strategy.tpe().gamma(0.5),
                        () -> Strategy.tpe().priorWeight(2), () -> Strategy.tpe().candidates(5),
                        () -> Strategy.tpe().dedup(false)),
                List.of(Strategy::regularizedEvolution, () -> Strategy.regularizedEvolution().populationSize(50),
                        () -> Strategy.regularizedEvolution().sampleSize(5), () -> Strategy.regularizedEvolution().cycles(100),
                        () -> Strategy.regularizedEvolution().mutationProb(0.5), () -> Strategy.regularizedEvolution().dedup(false),
                        () -> Strategy.regularizedEvolution().onFailure("worst")),
                List.of(Strategy::policyBasedRL, () -> Strategy.policyBasedRL().learningRate(0.1),
                        () -> Strategy.policyBasedRL().baselineDecay(0.5), () -> Strategy.policyBasedRL().entropyWeight(0.1),
                        () -> Strategy.policyBasedRL().dedup(false)),
                List.of(() -> Strategy.nsga2().objectives(two), () -> Strategy.nsga2().objectives(two[1], two[0]),
                        () -> Strategy.nsga2().objectives(two).populationSize(10), () -> Strategy.nsga2().objectives(two).sampleSize(3),
                        () -> Strategy.nsga2().objectives(two).cycles(100), () -> Strategy.nsga2().objectives(two).mutationProb(0.5),
                        () -> Strategy.nsga2().objectives(two).dedup(false)));
    }

    @Test
    void differentlyConfiguredStrategiesHaveDifferentNames() {
        Map<String, Integer> seen = new HashMap<>();
        configurations().flatMap(List::stream).map(factory -> factory.get().name()).forEach(name ->
                assertEquals(1, seen.merge(name, 1, Integer::sum), name + " names two differently configured strategies"));
    }

    /**
     * What resuming checks first (here and in the experiment's store): that the state was written by
     * a strategy of the same name. A differently configured one is refused there, by name, instead
     * of failing somewhere in the replay or not at all.
     */
    @ParameterizedTest
    @MethodSource("configurations")
    void stateOfADifferentlyConfiguredStrategyIsRefusedByName(List<Supplier<Strategy>> configurations) {
        Strategy byDefault = configurations.get(0).get();
        byDefault.start(TestSpace.grid(4, 4), Direction.MAXIMIZE, 1);
        for (Supplier<Strategy> factory : configurations.subList(1, configurations.size())) {
            Strategy searched = factory.get();
            searched.start(TestSpace.grid(4, 4), Direction.MAXIMIZE, 1);
            for (int i = 0; i < 3; i++) {
                searched.propose(new Capacity(1, i, OptionalLong.of(10)));
            }
            String message = assertThrows(IllegalArgumentException.class, () -> byDefault.restoreState(searched.saveState()),
                    searched.name() + " restored into " + byDefault.name()).getMessage();
            assertTrue(message.contains("cannot be restored"), message);
        }
    }

    @Test
    void namesOfDefaultsStayAsStoredBefore() {
        // experiments store the name and resume only with a strategy of that name
        assertEquals("TPE(gamma=0.25, startup=20)", Strategy.tpe().name());
        assertEquals("RegularizedEvolution(population=100, sample=25)", Strategy.regularizedEvolution().name());
        assertEquals("PolicyBasedRL(lr=0.2)", Strategy.policyBasedRL().name());
        assertEquals("NSGA2(max default, min params; population=50, sample=2)",
                Strategy.nsga2().objectives(Objective.maximize("default"), Objective.minimize("params")).name());
        assertEquals("TPE(gamma=0.25, startup=20, candidates=5, dedup=false)", Strategy.tpe().candidates(5).dedup(false).name());
        assertEquals("RegularizedEvolution(population=100, sample=25, mutationProb=0.5, onFailure=worst)",
                Strategy.regularizedEvolution().mutationProb(0.5).onFailure("worst").name());
    }

    @Test
    void namesAreReadable() {
        assertEquals("Random(dedup)", Strategy.random().dedup(true).name());
        assertEquals("Random", Strategy.random().dedup(false).name());
        assertEquals("GridSearch(shuffle)", Strategy.gridSearch().shuffle(true).name());
        assertFalse(Middleware.medianStop(Strategy.tpe()).name().isBlank());
        assertEquals("Dedup(Random)", Middleware.dedup(Strategy.random().dedup(false)).name());
    }
}
