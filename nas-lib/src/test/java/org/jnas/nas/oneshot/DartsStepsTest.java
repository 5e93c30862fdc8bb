package org.jnas.nas.oneshot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.jnas.nas.space.ModelSpace;
import org.jnas.nas.trial.ConcurrentModel;
import org.junit.jupiter.api.Test;

/** The mechanics of first-order DARTS on a small supernet: which parameters each step moves. */
class DartsStepsTest {

    /**
     * Two layer choices, one with BatchNorm: its running statistics are no weights (they follow
     * every forward pass in training, in both steps, as in NNI) and must never start learning.
     */
    private static ModelSpace space() {
        return ModelSpace.define("steps", s -> new SequentialBlock()
                .add(s.layerChoice("first",
                        () -> Linear.builder().setUnits(6).build(),
                        () -> new SequentialBlock().add(Linear.builder().setUnits(6).build()).add(BatchNorm.builder().build())))
                .add(Activation.reluBlock())
                .add(s.layerChoice("second",
                        () -> Linear.builder().setUnits(3).build(),
                        () -> new SequentialBlock().add(Linear.builder().setUnits(3).build()).add(Activation.tanhBlock()))));
    }

    @Test
    void theArchitectureStepAndTheWeightStepChangeDisjointParameterSets() {
        Supernet supernet = Supernet.build(space(), 7);
        try (ConcurrentModel model = ConcurrentModel.newInstance("steps", Device.cpu());
                NDManager arrays = NDManager.newBaseManager(Device.cpu())) {
            model.setBlock(supernet.block());
            Optimizer adam = Optimizer.adam().optLearningRateTracker(Tracker.fixed(0.01f)).optWeightDecays(0.01f).build();
            try (Trainer trainer = model.newTrainer(new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss()).optOptimizer(adam))) {
                trainer.initialize(new Shape(8, 4));
                DartsSteps steps = new DartsSteps(supernet, trainer, adam, 3e-4, 5, Relaxation.SOFTMAX);
                NDList x = new NDList(arrays.randomNormal(new Shape(8, 4)));
                NDList y = new NDList(arrays.create(new float[] {0, 1, 2, 0, 1, 2, 0, 1}));
                List<Parameter> weights = steps.weights();
                assertTrue(weights.size() >= 8, "every candidate's weights learn: " + weights.size());

                Map<Parameter, float[]> before = values(supernet);
                Map<String, float[]> logitsBefore = logits(supernet);
                steps.architectureStep(arrays, x, y);
                Map<Parameter, float[]> afterArchitectureStep = values(supernet);
                for (Parameter w : weights) {
                    assertArrayEquals(before.get(w), afterArchitectureStep.get(w),
                            "the architecture step leaves " + w.getName() + " as it was");
                    assertTrue(w.requiresGradient(), w.getName() + " learns again after the architecture step");
                    assertFalse(hasNonZeroGradient(w), w.getName() + " keeps no gradient from the architecture step");
                }
                logitsBefore.forEach((label, l) -> assertFalse(java.util.Arrays.equals(l, logits(supernet).get(label)),
                        "the architecture step moves the logits of '" + label + "'"));

                Map<Parameter, float[]> beforeWeightStep = values(supernet);
                Map<String, float[]> logitsBeforeWeightStep = logits(supernet);
                steps.weightStep(arrays, x, y);
                logitsBeforeWeightStep.forEach((label, l) -> assertArrayEquals(l, logits(supernet).get(label),
                        "the weight step leaves the logits of '" + label + "' as they were"));
                Map<Parameter, float[]> after = values(supernet);
                for (Parameter w : weights) {
                    assertFalse(java.util.Arrays.equals(beforeWeightStep.get(w), after.get(w)), w.getName() + " moves in the weight step");
                }
                for (Parameter w : weights) {
                    assertFalse(hasNonZeroGradient(w), w.getName() + " keeps no gradient for the next step");
                }
                for (Pair<String, Parameter> p : supernet.block().getParameters()) {
                    if (!weights.contains(p.getValue())) {
                        assertFalse(p.getValue().requiresGradient(), p.getKey() + " (not a weight) never learns");
                    }
                }
            }
        }
    }

    @Test
    void aFirstWeightStepWithZeroGradientsIsNoError() {
        // DJL's first Trainer.step() throws when the gradients sum to exactly 0; a Linear's under
        // softmax cross-entropy do in exact arithmetic, and did in floats now and then (the planted
        // test failed at random). Zeros in, no bias: every gradient is exactly 0.
        Supernet supernet = Supernet.build(ModelSpace.define("zero-sum", s -> s.layerChoice("op",
                () -> org.jnas.nas.space.Layers.zero(1), () -> Linear.builder().setUnits(4).optBias(false).build())), 1);
        try (ConcurrentModel model = ConcurrentModel.newInstance("zero-sum", Device.cpu());
                NDManager arrays = NDManager.newBaseManager(Device.cpu())) {
            model.setBlock(supernet.block());
            Optimizer sgd = Optimizer.sgd().setLearningRateTracker(Tracker.fixed(0.1f)).build();
            try (Trainer trainer = model.newTrainer(new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss()).optOptimizer(sgd))) {
                trainer.initialize(new Shape(4, 4));
                DartsSteps steps = new DartsSteps(supernet, trainer, sgd, 3e-4, 5, Relaxation.SOFTMAX);
                float loss = steps.weightStep(arrays, new NDList(arrays.zeros(new Shape(4, 4))),
                        new NDList(arrays.create(new float[] {0, 1, 2, 3})));
                assertEquals(Math.log(4), loss, 1e-5, "uniform predictions over 4 classes");
            }
        }
    }

    @Test
    void oneLabelUsedTwiceSharesOneArchitectureParameter() {
        ModelSpace space = ModelSpace.define("shared", s -> new SequentialBlock()
                .add(s.layerChoice("op", () -> Linear.builder().setUnits(4).build(), () -> Activation.reluBlock()))
                .add(s.layerChoice("op", () -> Linear.builder().setUnits(4).build(), () -> Activation.reluBlock())));
        Supernet supernet = Supernet.build(space, 1);
        assertEquals(List.of("op"), List.copyOf(supernet.parameters().keySet()));
        List<MixedLayer> mixed = new ArrayList<>();
        for (Pair<String, Block> child : supernet.block().getChildren()) {
            mixed.add((MixedLayer) child.getValue());
        }
        assertEquals(2, mixed.size());
        assertSame(mixed.get(0).alpha(), mixed.get(1).alpha(), "both uses read one set of logits");
        assertSame(supernet.parameters().get("op"), mixed.get(0).alpha());
    }

    private static Map<Parameter, float[]> values(Supernet supernet) {
        Map<Parameter, float[]> values = new IdentityHashMap<>();
        for (Pair<String, Parameter> p : supernet.block().getParameters()) {
            values.put(p.getValue(), p.getValue().getArray().toFloatArray());
        }
        return values;
    }

    private static Map<String, float[]> logits(Supernet supernet) {
        Map<String, float[]> logits = new java.util.LinkedHashMap<>();
        supernet.parameters().forEach((label, alpha) -> logits.put(label, alpha.logits()));
        return logits;
    }

    static boolean hasNonZeroGradient(Parameter p) {
        NDArray array = p.getArray();
        if (!array.hasGradient()) {
            return false;
        }
        try (NDArray g = array.getGradient()) {
            for (float v : g.toFloatArray()) {
                if (v != 0) {
                    return true;
                }
            }
            return false;
        }
    }
}
