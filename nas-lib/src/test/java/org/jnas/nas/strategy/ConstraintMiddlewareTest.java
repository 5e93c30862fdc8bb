package org.jnas.nas.strategy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.jnas.nas.profile.ProfileLimit;
import org.jnas.nas.space.ModelSpace;
import org.jnas.nas.space.Sample;
import org.jnas.nas.trial.Direction;
import org.junit.jupiter.api.Test;

class ConstraintMiddlewareTest {
    private static final Shape INPUT = new Shape(1, 8);
    private static final long LIMIT = 500;

    /** 8 architectures, 4 of them over 500 parameters (hidden 64 and 128). */
    static ModelSpace mlp() {
        return ModelSpace.define("mlp", s -> new SequentialBlock()
                .add(Linear.builder().setUnits(s.valueChoice("hidden", 4, 8, 64, 128)).build())
                .add(Linear.builder().setUnits(s.valueChoice("out", 2, 3)).build()));
    }

    /** Worked out by hand: two linear layers with biases on 8 input features. */
    static long parameters(Sample s) {
        long h = ((Number) s.get("hidden")).longValue();
        long o = ((Number) s.get("out")).longValue();
        return 8 * h + h + h * o + o;
    }

    private static List<Sample> within() {
        List<Sample> ok = new ArrayList<>();
        for (Sample s : mlp().enumerate()) {
            if (parameters(s) <= LIMIT) {
                ok.add(s);
            }
        }
        return ok;
    }

    private static Strategy constrained(Strategy inner) {
        return Middleware.constraint(inner, ProfileLimit.parameters(LIMIT), INPUT);
    }

    @Test
    void halfTheSpaceBreaksTheLimit() {
        assertEquals(8, mlp().size().intValue());
        assertEquals(4, within().size());
    }

    @Test
    void gridSearchTrainsOnlyWhatKeepsTheLimitAndEndsAfterVisitingEverything() {
        List<Sample> trained = new ArrayList<>();
        Strategy strategy = constrained(Strategy.gridSearch());
        Simulator.Run run = Simulator.of(mlp(), s -> {
            trained.add(s);
            return 1.0 / parameters(s);
        }).budget(100).run(strategy);
        assertTrue(run.exhausted(), "the search ends once every architecture was visited");
        assertEquals(Set.copyOf(within()), Set.copyOf(trained));
        assertEquals(4, trained.size(), "each allowed architecture trained once: " + trained);
        assertEquals(4, strategy.skipped());
    }

    @Test
    void adaptiveStrategiesNeverTrainAViolatingArchitecture() {
        List<Supplier<Strategy>> inners = List.of(Strategy::random, Strategy::tpe,
                () -> Strategy.regularizedEvolution().populationSize(4).sampleSize(2).onFailure("worst"),
                () -> Middleware.dedup(Strategy.policyBasedRL()));
        for (Supplier<Strategy> inner : inners) {
            Set<Sample> trained = new HashSet<>();
            Strategy strategy = constrained(inner.get());
            Simulator.of(mlp(), s -> {
                assertTrue(parameters(s) <= LIMIT, strategy.name() + " trained " + s + ": " + parameters(s));
                trained.add(s);
                return 1.0 / parameters(s);
            }).budget(30).run(strategy);
            assertTrue(trained.size() >= 1, strategy.name());
            assertTrue(strategy.skipped() >= 1, strategy.name() + " skipped nothing");
        }
    }

    @Test
    void restoredSearchCountsTheSameSkips() {
        Supplier<Strategy> factory = () -> constrained(Strategy.gridSearch());
        Simulator.Run whole = Simulator.of(mlp(), s -> 1.0).run(factory.get());
        Simulator.Run resumed = Simulator.of(mlp(), s -> 1.0).run(factory, 2);
        assertEquals(whole.proposals(), resumed.proposals());
    }

    @Test
    void needsAModelSpace() {
        assertThrows(IllegalArgumentException.class,
                () -> constrained(Strategy.gridSearch()).start(TestSpace.grid(2, 2), Direction.MAXIMIZE, 1));
    }
}
