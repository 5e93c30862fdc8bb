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
    void aMixedInputOfTwoOfThreeIsTheArchitecturesOutputAveragedOverThePairs() {
        // the pairs S = {0,1}, {0,2}, {1,2} weighted P(S) ~ p_i p_j; each architecture takes its
        // pair's inputs in index order (slot 0 the smaller index) and reduces them
        float[] values = {1, 3, 5};
        for (Reduction reduction : Reduction.values()) {
            Supernet supernet = Supernet.build(ModelSpace.define("inputs", s -> new SequentialBlock()
                    .add(x -> new NDList(x.head(), x.head().mul(3), x.head().mul(5)))
                    .add(s.inputChoice("skip", 3, 2, reduction))), 1);
            ArchitectureParameter alpha = supernet.parameters().get("skip");
            alpha.adamStep(new float[] {1, -0.5f, 0.2f}, 0.5, 0.5, 0.999, 0);
            List<Double> p = alpha.probabilities();
            int[][] pairs = {{0, 1}, {0, 2}, {1, 2}};
            double total = 0;
            double[] slots = new double[2];
            for (int[] pair : pairs) {
                double weight = p.get(pair[0]) * p.get(pair[1]);
                total += weight;
                slots[0] += weight * values[pair[0]];
                slots[1] += weight * values[pair[1]];
            }
            float first = (float) (slots[0] / total);
            float second = (float) (slots[1] / total);
            float[] expected = switch (reduction) {
                case SUM -> new float[] {first + second};
                case MEAN -> new float[] {(first + second) / 2};
                case CONCAT, NONE -> new float[] {first, second};
            };
            float[] mixed = forwardAll(supernet, new Shape(1, 1), new float[] {1}, Relaxation.SOFTMAX);
            assertArrayEquals(expected, mixed, 1e-5f, reduction + " with p " + p);
        }
    }

    @Test
    void aMixedInputOnKHotGatesIsThePathsOutputExactly() {
        Supernet supernet = Supernet.build(ModelSpace.define("inputs", s -> new SequentialBlock()
                .add(x -> new NDList(x.head(), x.head().mul(3), x.head().mul(5), x.head().mul(7)))
                .add(s.inputChoice("skip", 4, 2, Reduction.CONCAT))), 1);
        float[] gated = forwardAll(supernet, new Shape(1, 2), new float[] {1, 2},
                logits -> logits.getManager().create(new float[] {0, 0.5f, 0, 0.5f}));
        assertArrayEquals(new float[] {3, 6, 7, 14}, gated, 1e-5f, "inputs 1 and 3 concatenated");
        supernet.parameters().get("skip").setPath(List.of(1, 3));
        assertArrayEquals(gated, forwardAll(supernet, new Shape(1, 2), new float[] {1, 2}, Relaxation.SOFTMAX), 1e-6f,
                "the same as the path");
    }

    @Test
    void aConcatenationOfInputsOfDifferentChannelsIsRefusedNamingTheLabelAndWhy() {
        Supernet supernet = Supernet.build(ModelSpace.define("inputs", s -> s.inputChoice("merge", 3, 2,
                Reduction.CONCAT)), 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> supernet.block()
                .getOutputShapes(new Shape[] {new Shape(2, 3), new Shape(2, 3), new Shape(2, 5)}));
        assertTrue(e.getMessage().contains("label 'merge'") && e.getMessage().contains("must not depend on which inputs"),
                e.getMessage());
        assertArrayEquals(new Shape[] {new Shape(2, 6)}, supernet.block()
                .getOutputShapes(new Shape[] {new Shape(2, 3), new Shape(2, 3), new Shape(2, 3)}));
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
                // mixed: both inputs (the only pair) summed, x + 3x; on the path, their mean (x + 3x) / 2
                float expectedMixed = 1 + 3;
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

    /** Every output of {@code supernet} mixed by {@code relaxation}, flattened one after the other. */
    private static float[] forwardAll(Supernet supernet, Shape shape, float[] input, Relaxation relaxation) {
        try (NDManager manager = NDManager.newBaseManager()) {
            supernet.block().initialize(manager, DataType.FLOAT32, shape);
            supernet.begin(manager, false, relaxation);
            try {
                NDList out = supernet.block().forward(new ParameterStore(manager, false),
                        new NDList(manager.create(input, shape)), false);
                return ai.djl.ndarray.NDArrays.concat(new NDList(out.stream().map(NDArray::flatten).toList()))
                        .toFloatArray();
            } finally {
                supernet.end();
            }
        }
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
