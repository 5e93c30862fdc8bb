package org.jnas.nas.oneshot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import java.util.List;
import java.util.Map;
import org.jnas.nas.Quickstart;
import org.jnas.nas.space.ModelSpace;
import org.jnas.nas.space.Reduction;
import org.jnas.nas.space.Sample;
import org.jnas.nas.testing.FreedMemory;
import org.junit.jupiter.api.Test;

/** What each mixed block computes, and what the supernet reads off a conditional space. */
class MixedBlocksTest {

    private static Block times(float factor) {
        return new LambdaBlock(x -> new NDList(x.head().mul(factor)), "times" + factor);
    }

    @Test
    void aMixedLayerIsTheSoftmaxWeightedSumOfItsCandidates() {
        Supernet supernet = Supernet.build(ModelSpace.define("layer", s -> s.layerChoice("op",
                () -> times(1), () -> times(10), () -> times(100))), 1);
        ArchitectureParameter alpha = supernet.parameters().get("op");
        alpha.adamStep(new float[] {1, 0, -1}, 0.5, 0.5, 0.999, 0);
        float[] expected = {(float) weighted(alpha.probabilities(), 1, 10, 100)};
        assertArrayEquals(expected, forward(supernet, new Shape(1), new float[] {1}), 1e-4f);
    }

    @Test
    void aMixedRepeatWeighsTheOutputAfterEachCandidateDepth() {
        Supernet supernet = Supernet.build(ModelSpace.define("repeat", s -> s.repeat("depth", List.of(0, 1, 3),
                i -> times(2))), 1);
        ArchitectureParameter alpha = supernet.parameters().get("depth");
        alpha.adamStep(new float[] {-1, 0, 1}, 0.5, 0.5, 0.999, 0);
        float[] expected = {(float) weighted(alpha.probabilities(), 1, 2, 8)};
        assertArrayEquals(expected, forward(supernet, new Shape(1), new float[] {1}), 1e-4f);
    }

    @Test
    void aMixedInputOfTwoSummedInputsIsTwiceTheWeightedMean() {
        Supernet supernet = Supernet.build(ModelSpace.define("inputs", s -> new SequentialBlock()
                .add(x -> new NDList(x.head(), x.head().mul(3), x.head().mul(5)))
                .add(s.inputChoice("skip", 3, 2, Reduction.SUM))), 1);
        ArchitectureParameter alpha = supernet.parameters().get("skip");
        float[] expected = {(float) (2 * weighted(alpha.probabilities(), 1, 3, 5))};
        assertArrayEquals(expected, forward(supernet, new Shape(1), new float[] {1}), 1e-4f);
    }

    @Test
    void inputsOfDifferentShapesAreRefusedNamingTheLabel() {
        Supernet supernet = Supernet.build(ModelSpace.define("inputs", s -> s.inputChoice("skip", 2, 1, Reduction.SUM)), 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> supernet.block().getOutputShapes(new Shape[] {new Shape(2, 3), new Shape(2, 4)}));
        assertTrue(e.getMessage().contains("label 'skip'"), e.getMessage());
    }

    @Test
    void theExportOfAConditionalSpaceHoldsOnlyTheLabelsItsDecisionsMeet() {
        ModelSpace space = ModelSpace.define("nested", s -> s.layerChoice("outer",
                () -> s.layerChoice("inner", () -> times(1), () -> times(2)),
                () -> Activation.reluBlock()));
        Supernet supernet = Supernet.build(space, 1);
        assertEquals(List.of("outer", "inner"), List.copyOf(supernet.parameters().keySet()),
                "the supernet holds the nested choice too");
        supernet.parameters().get("outer").adamStep(new float[] {1, -1}, 0.1, 0.5, 0.999, 0);
        assertEquals(Sample.of(Map.of("outer", 1)), supernet.export());
        supernet.parameters().get("outer").adamStep(new float[] {-10, 10}, 1, 0.5, 0.999, 0);
        supernet.parameters().get("inner").adamStep(new float[] {1, -1}, 0.1, 0.5, 0.999, 0);
        assertEquals(Sample.of(Map.of("outer", 0, "inner", 1)), supernet.export());
    }

    @Test
    void theGradientThroughAMixedInputStaysRightWhenTheGarbageCollectorReusesFreedMemory() throws Exception {
        for (Reduction reduction : List.of(Reduction.SUM, Reduction.MEAN)) {
            Supernet supernet = Supernet.build(ModelSpace.define("inputs", s -> s.inputChoice("in", 2, 2, reduction)), 1);
            try (NDManager manager = NDManager.newBaseManager();
                    ai.djl.training.GradientCollector collector = ai.djl.engine.Engine.getInstance().newGradientCollector()) {
                NDArray x = manager.create(new float[] {1, 2});
                x.setRequiresGradient(true);
                NDList inputs = new NDList(x, x.mul(manager.create(3f)));
                // mixed: 2 * (w0 x + w1 3x) summed; on the path of both inputs, their mean (x + 3x) / 2
                float expectedMixed = 2 * (0.5f + 3 * 0.5f);
                supernet.begin(manager, false, logits -> manager.create(new float[] {0.5f, 0.5f}));
                NDArray mixed = supernet.block().forward(new ParameterStore(manager, false), inputs, true).singletonOrThrow();
                supernet.setPath(Map.of("in", List.of(0, 1)));
                NDArray path = supernet.block().forward(new ParameterStore(manager, false), inputs, true).singletonOrThrow();
                supernet.clearPath();
                supernet.end();
                FreedMemory.reuse();
                collector.backward(reduction == Reduction.SUM ? mixed.sum() : path.sum());
                float expected = reduction == Reduction.SUM ? expectedMixed : 2;
                assertArrayEquals(new float[] {expected, expected}, x.getGradient().toFloatArray(), 1e-6f, reduction.toString());
            }
        }
    }

    @Test
    void theQuickstartSpaceIsRefusedAtItsFirstValueChoice() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Supernet.build(Quickstart.space(), 1));
        assertTrue(e.getMessage().startsWith("label 'dropout1': a one-shot search cannot follow a plain value choice"),
                e.getMessage());
    }

    private static double weighted(List<Double> p, double... values) {
        double sum = 0;
        for (int i = 0; i < values.length; i++) {
            sum += p.get(i) * values[i];
        }
        return sum;
    }

    private static float[] forward(Supernet supernet, Shape shape, float[] input) {
        try (NDManager manager = NDManager.newBaseManager()) {
            supernet.block().initialize(manager, DataType.FLOAT32, shape);
            supernet.begin(manager, false, Relaxation.SOFTMAX);
            try {
                NDArray x = manager.create(input, shape);
                return supernet.block().forward(new ParameterStore(manager, false), new NDList(x), false)
                        .singletonOrThrow().toFloatArray();
            } finally {
                supernet.end();
            }
        }
    }
}
