package org.jnas.nas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jnas.nas.profile.ProfileLimit;
import org.jnas.nas.results.ExperimentStatus;
import org.jnas.nas.space.ModelSpace;
import org.jnas.nas.space.Sample;
import org.jnas.nas.strategy.Middleware;
import org.jnas.nas.strategy.Strategy;
import org.jnas.nas.trial.TrialEvaluator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A constraint in a real experiment: what is trained, and what the user sees. */
class ExperimentConstraintTest {
    @TempDir
    Path home;

    /** Worked out by hand: two linear layers with biases on 8 input features. */
    private static long parameters(Sample s) {
        long h = ((Number) s.get("hidden")).longValue();
        long o = ((Number) s.get("out")).longValue();
        return 8 * h + h + h * o + o;
    }

    /** 8 architectures; hidden 64 and 128 take more than 500 parameters. */
    private static ModelSpace space() {
        return ModelSpace.define("mlp", s -> new SequentialBlock()
                .add(Linear.builder().setUnits(s.valueChoice("hidden", 4, 8, 64, 128)).build())
                .add(Linear.builder().setUnits(s.valueChoice("out", 2, 3)).build()));
    }

    private static Strategy constrainedGrid() {
        return Middleware.constraint(Strategy.gridSearch(), ProfileLimit.parameters(500), new Shape(1, 8));
    }

    @Test
    void resumedSearchKeepsSkippingAndCountsTheEarlierSkips() throws Exception {
        List<Sample> trained = new CopyOnWriteArrayList<>();
        TrialEvaluator evaluator = trial -> {
            assertTrue(parameters(trial.sample()) <= 500, "trained " + trial.sample());
            trained.add(trial.sample());
            trial.reportFinal(1.0 / parameters(trial.sample()));
        };
        String id;
        long skippedBefore;
        try (Experiment exp = Experiment.create(space(), evaluator, constrainedGrid())) {
            exp.config().name("constrained").devicePolicy(DevicePolicy.CPU).maxTrials(2).home(home);
            exp.run();
            id = exp.id();
            skippedBefore = exp.skipped();
        }
        try (Experiment resumed = Experiment.resume(home, id, space(), evaluator, constrainedGrid())) {
            resumed.config().maxTrials(100);
            resumed.run();
            assertEquals(ExperimentStatus.DONE, resumed.status(), resumed.endReason());
            assertEquals(4, resumed.trials().size());
            assertEquals(4, Set.copyOf(trained).size(), "no architecture trained twice: " + trained);
            assertEquals(4, resumed.skipped(), "skipped before the restart: " + skippedBefore);
        }
    }

    @Test
    void violatingArchitecturesAreNeverTrainedAndShowAsSkipped() throws Exception {
        ModelSpace space = space();
        List<Sample> trained = new CopyOnWriteArrayList<>();
        Strategy strategy = constrainedGrid();
        try (Experiment exp = Experiment.create(space, trial -> {
            trained.add(trial.sample());
            trial.reportFinal(1.0 / parameters(trial.sample()));
        }, strategy)) {
            exp.config().name("constrained").devicePolicy(DevicePolicy.CPU).maxTrials(100).home(home);
            exp.run();

            assertEquals(ExperimentStatus.DONE, exp.status());
            assertEquals("strategy exhausted", exp.endReason());
            Set<Sample> expected = new HashSet<>();
            space.enumerate().forEach(s -> {
                if (parameters(s) <= 500) {
                    expected.add(s);
                }
            });
            assertEquals(4, expected.size());
            assertEquals(expected, Set.copyOf(trained));
            assertEquals(4, trained.size(), "each allowed architecture once: " + trained);
            assertEquals(4, exp.trials().size(), "skipped architectures are not trials");
            assertEquals(4, exp.skipped());
            assertEquals(4, exp.progress().skipped());
            assertTrue(exp.progress().line().contains("  failed 0  skipped 4  "), exp.progress().line());
            assertTrue(exp.progress().html().contains("skipped 4"), exp.progress().html());
        }
    }
}
