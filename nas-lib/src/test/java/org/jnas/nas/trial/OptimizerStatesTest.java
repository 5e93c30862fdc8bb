package org.jnas.nas.trial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jnas.nas.DevicePolicy;
import org.jnas.nas.Experiment;
import org.jnas.nas.testing.EnumerateStrategy;
import org.jnas.nas.testing.FakeSpace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What a trained model leaves behind: DJL's optimisers keep their per-parameter state (momentum,
 * Adam's moments) in arrays of no manager, which only closing a {@link ConcurrentModel} frees.
 */
@Timeout(60)
class OptimizerStatesTest {

    private static ConcurrentModel model(String name) {
        ConcurrentModel model = ConcurrentModel.newInstance(name, Device.cpu());
        model.setBlock(Linear.builder().setUnits(3).build());
        return model;
    }

    /** One training step of {@code model} with {@code optimizer}, on a trainer closed afterwards. */
    private static void step(ConcurrentModel model, Optimizer optimizer) {
        DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.l2Loss()).optOptimizer(optimizer);
        try (Trainer trainer = model.newTrainer(config)) {
            trainer.initialize(new Shape(2, 4));
            NDArray x = trainer.getManager().ones(new Shape(2, 4));
            NDArray y = trainer.getManager().zeros(new Shape(2, 3));
            try (GradientCollector collector = trainer.newGradientCollector()) {
                NDList prediction = trainer.forward(new NDList(x));
                collector.backward(trainer.getLoss().evaluate(new NDList(y), prediction));
            }
            trainer.step();
        }
    }

    private static List<String> parameterIds(ConcurrentModel model) {
        return model.getBlock().getParameters().values().stream().map(Parameter::getId).toList();
    }

    @Test
    void closingTheModelFreesAdamsMomentsAndSgdsMomentum() {
        for (Optimizer optimizer : List.of(Optimizer.adam().optLearningRateTracker(Tracker.fixed(0.01f)).build(),
                Optimizer.sgd().setLearningRateTracker(Tracker.fixed(0.01f)).optMomentum(0.9f).build())) {
            ConcurrentModel model = model("m");
            step(model, optimizer);
            List<String> ids = parameterIds(model);
            List<NDArray> states = OptimizerStates.of(optimizer, ids);
            // weight and bias; Adam keeps two arrays each, Sgd one
            int perParameter = optimizer.getClass().getSimpleName().equals("Adam") ? 2 : 1;
            assertEquals(2 * perParameter, states.size(), optimizer + ": the optimiser's state arrays are not found");

            model.close();

            assertTrue(states.stream().allMatch(NDArray::isReleased), optimizer + ": state left open after close");
            assertEquals(List.of(), OptimizerStates.of(optimizer, ids));
        }
    }

    /** What the built-in evaluators and the evaluators of the docs do: train {@code trial.model()}. */
    @Test
    void aTrialLeavesNoOptimiserStateOpen() throws Exception {
        List<NDArray> states = new CopyOnWriteArrayList<>();
        TrialEvaluator evaluator = trial -> {
            Optimizer adam = Optimizer.adam().optLearningRateTracker(Tracker.fixed(0.01f)).build();
            ConcurrentModel model = (ConcurrentModel) trial.model();
            step(model, adam);
            states.addAll(OptimizerStates.of(adam, parameterIds(model)));
            trial.reportFinal(1);
        };
        try (Experiment exp = Experiment.create(new FakeSpace(), s -> Linear.builder().setUnits(3).build(), evaluator,
                new EnumerateStrategy())) {
            exp.config().name("optimiser-state").trialConcurrency(2).maxTrials(4).devicePolicy(DevicePolicy.CPU)
                    .persist(false);
            exp.run();
            assertTrue(exp.trials().stream().allMatch(t -> t.status() == TrialStatus.SUCCEEDED), exp.trials()::toString);
        }
        assertEquals(4 * 4, states.size(), "Adam's two arrays for the weight and the bias of each of 4 trials");
        assertTrue(states.stream().allMatch(NDArray::isReleased), "optimiser state left open after its trial");
    }

    @Test
    void aSharedOptimiserKeepsTheStateOfModelsStillOpen() {
        Optimizer shared = Optimizer.adam().optLearningRateTracker(Tracker.fixed(0.01f)).build();
        ConcurrentModel closed = model("closed");
        try (ConcurrentModel open = model("open")) {
            step(closed, shared);
            step(open, shared);
            closed.close();

            List<NDArray> kept = OptimizerStates.of(shared, parameterIds(open));
            assertEquals(4, kept.size());
            assertFalse(kept.stream().anyMatch(NDArray::isReleased));
            step(open, shared); // the optimiser goes on with the open model's state
            assertEquals(4, OptimizerStates.of(shared, parameterIds(open)).size());
        }
    }
}
