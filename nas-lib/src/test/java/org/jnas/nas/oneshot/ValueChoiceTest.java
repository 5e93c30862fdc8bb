package org.jnas.nas.oneshot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.jnas.nas.space.ModelSpace;
import org.jnas.nas.space.Sample;
import org.jnas.nas.trial.ConcurrentModel;
import org.junit.jupiter.api.Test;

/**
 * Value choices handed to their block in a supernet: a Linear's units and a Conv2d's filters and
 * kernel share one widest layer, sliced per value; other blocks are mixed over the values.
 */
class ValueChoiceTest {
    /** The values' weights for a step, fixed so that the mixture is not near-uniform. */
    private static final float[] P = {0.2f, 0.3f, 0.5f};

    private static Relaxation fixed(float... p) {
        return logits -> logits.getManager().create(p);
    }

    private static ModelSpace linear(long... units) {
        return ModelSpace.define("units", s -> s.valueChoice("units", Arrays.stream(units).boxed().toList(),
                u -> Linear.builder().setUnits(u).build()));
    }

    @Test
    void aValueOfASharedLinearEqualsTheNarrowerLinearOnTheSameWeights() {
        Supernet supernet = Supernet.build(linear(2, 3, 5), 1);
        SharedLinear shared = assertInstanceOf(SharedLinear.class, supernet.block());
        try (NDManager manager = NDManager.newBaseManager()) {
            shared.initialize(manager, DataType.FLOAT32, new Shape(4, 6));
            NDArray x = manager.randomNormal(new Shape(4, 6));
            NDArray widestWeight = concat(shared, "weight");
            NDArray widestBias = concat(shared, "bias");
            for (int value = 0; value < 3; value++) {
                long units = new long[] {2, 3, 5}[value];
                Linear narrow = Linear.builder().setUnits(units).build();
                narrow.initialize(manager, DataType.FLOAT32, new Shape(4, 6));
                // frozen, so the in-place copies below are allowed on any thread: PyTorch refuses an
                // in-place write to a leaf that requires a gradient where grad mode is on, which it
                // is on every thread but the one that loaded the engine
                narrow.freezeParameters(true);
                narrow.getParameters().get("weight").getArray().set(new NDIndex(":"), widestWeight.get(":{}", units));
                narrow.getParameters().get("bias").getArray().set(new NDIndex(":"), widestBias.get(":{}", units));
                float[] expected = narrow.forward(new ParameterStore(manager, false), new NDList(x), false)
                        .singletonOrThrow().toFloatArray();

                float[] y = onPath(supernet, manager, x, value);
                assertEquals(4 * 5, y.length, "the output is always the widest");
                for (int n = 0; n < 4; n++) {
                    for (int j = 0; j < 5; j++) {
                        float want = j < units ? expected[n * (int) units + j] : 0f;
                        assertEquals(want, y[n * 5 + j], 1e-5, "value " + value + ", example " + n + ", unit " + j);
                    }
                }
            }
        }
    }

    @Test
    void aValueOfASharedConv2dEqualsTheSmallerConvolutionOnTheSameWeights() {
        ModelSpace space = ModelSpace.define("conv", s -> s.valueChoice("conv", List.of(1, 3, 5), k ->
                Conv2d.builder().setFilters(k + 1).setKernelShape(new Shape(k, k)).optPadding(new Shape(k / 2, k / 2)).build()));
        Supernet supernet = Supernet.build(space, 1);
        SharedConv2d shared = assertInstanceOf(SharedConv2d.class, supernet.block());
        try (NDManager manager = NDManager.newBaseManager()) {
            Shape input = new Shape(2, 3, 7, 7);
            shared.initialize(manager, DataType.FLOAT32, input);
            NDArray x = manager.randomNormal(input);
            NDArray widestWeight = concat(shared, "weight");
            NDArray widestBias = concat(shared, "bias");
            for (int value = 0; value < 3; value++) {
                int k = new int[] {1, 3, 5}[value];
                int offset = (5 - k) / 2;
                Conv2d small = Conv2d.builder().setFilters(k + 1).setKernelShape(new Shape(k, k))
                        .optPadding(new Shape(k / 2, k / 2)).build();
                small.initialize(manager, DataType.FLOAT32, input);
                small.freezeParameters(true); // for the in-place copies, as above
                small.getParameters().get("weight").getArray().set(new NDIndex(":"),
                        widestWeight.get(":{}, :, {}:{}, {}:{}", k + 1, offset, offset + k, offset, offset + k));
                small.getParameters().get("bias").getArray().set(new NDIndex(":"), widestBias.get(":{}", k + 1));
                NDArray expected = small.forward(new ParameterStore(manager, false), new NDList(x), false).singletonOrThrow();

                NDArray y = manager.create(onPath(supernet, manager, x, value), new Shape(2, 6, 7, 7));
                assertTrue(y.get(":, :{}", k + 1).allClose(expected, 1e-4, 1e-5, false), "value " + value + ": its filters");
                assertEquals(0f, y.get(":, {}:", k + 1).abs().sum().getFloat(), "value " + value + ": zeros beyond them");
            }
        }
    }

    @Test
    void dartsMixesTheValuesOutputsByTheirProbabilities() {
        ModelSpace filtersOnly = ModelSpace.define("filters", s -> s.valueChoice("f", List.of(2, 4, 3), f ->
                Conv2d.builder().setFilters(f).setKernelShape(new Shape(3, 3)).build()));
        ModelSpace kernels = ModelSpace.define("kernels", s -> s.valueChoice("k", List.of(1, 3, 5), k ->
                Conv2d.builder().setFilters(k).setKernelShape(new Shape(k, k)).optPadding(new Shape(k / 2, k / 2)).build()));
        ModelSpace dropout = ModelSpace.define("dropout", s -> s.valueChoice("rate", List.of(0.25f, 0.5f, 0.75f),
                rate -> Dropout.builder().optRate(rate).build()));
        assertMixture(Supernet.build(linear(3, 1, 2), 1), new Shape(4, 3));
        assertMixture(Supernet.build(filtersOnly, 1), new Shape(2, 2, 5, 5));
        assertMixture(Supernet.build(kernels, 1), new Shape(2, 2, 5, 5));
        Supernet mixed = Supernet.build(dropout, 1);
        assertInstanceOf(MixedLayer.class, mixed.block(), "a dropout rate is mixed over the values' blocks");
        assertMixture(mixed, new Shape(4, 3));
    }

    /**
     * A value built as a layer and a BatchNorm shares both: the supernet's block is the shared layer,
     * and the mixture is the p-weighted sum of the values' normalised outputs, the channels beyond a
     * value's zero after its BatchNorm (its shift and statistics made random, so that a BatchNorm
     * applied after the padding would show).
     */
    @Test
    void aLayerAndTheBatchNormAfterItAreSharedTogether() {
        ModelSpace units = ModelSpace.define("units-bn", s -> s.valueChoice("u", List.of(3, 1, 2), u ->
                new SequentialBlock().add(Linear.builder().setUnits(u).build()).add(BatchNorm.builder().build())));
        ModelSpace kernels = ModelSpace.define("kernels-bn", s -> s.valueChoice("k", List.of(1, 3, 5), k ->
                new SequentialBlock().add(Conv2d.builder().setFilters(k).setKernelShape(new Shape(k, k))
                        .optPadding(new Shape(k / 2, k / 2)).build()).add(BatchNorm.builder().build())));
        Supernet linear = Supernet.build(units, 1);
        assertInstanceOf(SharedLinear.class, linear.block());
        assertMixture(linear, new Shape(4, 3), true);
        Supernet conv = Supernet.build(kernels, 1);
        assertInstanceOf(SharedConv2d.class, conv.block());
        assertMixture(conv, new Shape(2, 2, 5, 5), true);
        ModelSpace otherEpsilons = ModelSpace.define("epsilons", s -> s.valueChoice("u", List.of(1, 2), u ->
                new SequentialBlock().add(Linear.builder().setUnits(2).build())
                        .add(BatchNorm.builder().optEpsilon(u * 1e-3f).build())));
        assertInstanceOf(MixedLayer.class, Supernet.build(otherEpsilons, 1).block(), "BatchNorms that differ are not shared");
    }

    private static void assertMixture(Supernet supernet, Shape input) {
        assertMixture(supernet, input, false);
    }

    /**
     * The mixed output equals sum_i p_i * (value i's output), in inference mode; with
     * {@code randomWeights} every parameter is drawn anew first.
     */
    private static void assertMixture(Supernet supernet, Shape input, boolean randomWeights) {
        try (NDManager manager = NDManager.newBaseManager()) {
            supernet.block().initialize(manager, DataType.FLOAT32, input);
            if (randomWeights) {
                for (Parameter parameter : supernet.block().getParameters().values()) {
                    NDArray array = parameter.getArray();
                    array.set(manager.randomUniform(0.5f, 1.5f, array.getShape()).toFloatArray());
                }
            }
            NDArray x = manager.randomNormal(input);
            float[] expected = new float[(int) supernet.block().getOutputShapes(new Shape[] {input})[0].size()];
            for (int value = 0; value < 3; value++) {
                float[] y = onPath(supernet, manager, x, value);
                for (int j = 0; j < y.length; j++) {
                    expected[j] += P[value] * y[j];
                }
            }
            supernet.begin(manager, false, fixed(P));
            float[] mixed;
            try {
                mixed = supernet.block().forward(new ParameterStore(manager, false), new NDList(x), false)
                        .singletonOrThrow().toFloatArray();
            } finally {
                supernet.end();
            }
            assertArrayEquals(expected, mixed, 1e-4f, supernet.block().toString());
        }
    }

    @Test
    void aStepAlongANarrowValueMovesOnlyTheSlicesItUses() {
        ModelSpace space = ModelSpace.define("widths", s -> new SequentialBlock()
                .add(s.valueChoice("width", List.of(2, 4, 8), u -> Linear.builder().setUnits(u).build()))
                .add(Linear.builder().setUnits(4).build()));
        Supernet supernet = Supernet.build(space, 1);
        Optimizer sgd = Optimizer.sgd().setLearningRateTracker(Tracker.fixed(0.1f)).optMomentum(0.9f)
                .optWeightDecays(0.01f).build();
        try (ConcurrentModel model = ConcurrentModel.newInstance("widths", Device.cpu());
                NDManager arrays = NDManager.newBaseManager(Device.cpu())) {
            model.setBlock(supernet.block());
            try (Trainer trainer = model.newTrainer(new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss()).optOptimizer(sgd))) {
                trainer.initialize(new Shape(8, 4));
                DartsSteps steps = new DartsSteps(supernet, trainer, sgd, 3e-4, 5, Relaxation.SOFTMAX);
                NDList x = new NDList(arrays.randomNormal(new Shape(8, 4)));
                NDList y = new NDList(arrays.create(new float[] {0, 1, 2, 3, 0, 1, 2, 3}));
                // a mixed step first, so every slice has momentum to move it by
                steps.weightStep(arrays, x, y);
                Block shared = supernet.block().getChildren().get(0).getValue();
                List<Parameter> used = new ArrayList<>(List.of(param(shared, "weight0"), param(shared, "bias0"),
                        param(shared, "weight1"), param(shared, "bias1")));
                List<Parameter> beyond = List.of(param(shared, "weight2"), param(shared, "bias2"));
                List<float[]> usedBefore = values(used);
                List<float[]> beyondBefore = values(beyond);

                steps.pathStep(arrays, x, y, Map.of("width", List.of(1)));

                for (int i = 0; i < beyond.size(); i++) {
                    assertArrayEquals(beyondBefore.get(i), beyond.get(i).getArray().toFloatArray(),
                            beyond.get(i).getName() + " is beyond width 4: unchanged");
                }
                List<float[]> usedAfter = values(used);
                for (int i = 0; i < used.size(); i++) {
                    assertFalse(Arrays.equals(usedBefore.get(i), usedAfter.get(i)), used.get(i).getName() + " moves");
                }
            }
        }
    }

    @Test
    void oneLabelIsOneSetOfArchitectureParametersWhereverItIsUsed() {
        ModelSpace space = ModelSpace.define("twice", s -> new SequentialBlock()
                .add(s.valueChoice("width", List.of(2, 4), u -> Linear.builder().setUnits(u).build()))
                .add(s.valueChoice("width", List.of(2, 4), u -> Linear.builder().setUnits(u).build())));
        Supernet supernet = Supernet.build(space, 1);
        assertEquals(List.of("width"), List.copyOf(supernet.parameters().keySet()));
        SharedLinear first = (SharedLinear) supernet.block().getChildren().get(0).getValue();
        SharedLinear second = (SharedLinear) supernet.block().getChildren().get(1).getValue();
        assertTrue(first != second, "each use keeps its own weights");
        supernet.parameters().get("width").adamStep(new float[] {1, -1}, 0.1, 0.5, 0.999, 0);
        assertEquals(Sample.of(Map.of("width", 4)), supernet.export(), "the export gives the value itself");
    }

    @Test
    void convolutionsWhoseValuesGiveDifferentSizesAreRefusedNamingTheLabel() {
        ModelSpace space = ModelSpace.define("sizes", s -> s.valueChoice("k", List.of(1, 3), k ->
                Conv2d.builder().setFilters(2).setKernelShape(new Shape(k, k)).build()));
        Supernet supernet = Supernet.build(space, 1);
        try (NDManager manager = NDManager.newBaseManager()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> supernet.block().initialize(manager, DataType.FLOAT32, new Shape(1, 1, 5, 5)));
            assertTrue(e.getMessage().startsWith("label 'k': value 0 gives height and width"), e.getMessage());
        }
    }

    /**
     * A shared layer zeroes the units beyond a value's width; a BatchNorm after it shifts them (and a
     * sigmoid makes them 0.5), so the supernet's path would compute what no architecture does. Refused
     * before training, naming the label; both forms the error suggests search (the BatchNorm in the
     * value's block, shared with the layer; the value's block ending in a layer of fixed width).
     */
    @Test
    void aSharedWidthFollowedByWhatDoesNotKeepZerosIsRefusedBeforeTraining() {
        var data = OneShotSearchTest.planted(64, 1);
        for (Supplier<Block> after : List.<Supplier<Block>>of(() -> BatchNorm.builder().build(), Activation::sigmoidBlock)) {
            ModelSpace space = ModelSpace.define("leaky", s -> new SequentialBlock()
                    .add(s.valueChoice("width", List.of(2, 6), w -> Linear.builder().setUnits(w).build()))
                    .add(after.get())
                    .add(Linear.builder().setUnits(4).build()));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> OneShotSearch.darts(space, data).epochs(1).run());
            assertTrue(e.getMessage().startsWith("a supernet cannot follow the value choice 'width'")
                    && e.getMessage().contains("{width=2}") && e.getMessage().contains("build it in the value's block"),
                    e.getMessage());
        }
        ModelSpace followable = ModelSpace.define("fixed-width", s -> s.valueChoice("width", List.of(2, 6),
                w -> new SequentialBlock().add(Linear.builder().setUnits(w).build()).add(BatchNorm.builder().build())
                        .add(Activation::relu).add(Linear.builder().setUnits(4).build())));
        assertEquals(2, OneShotSearch.darts(followable, data).epochs(1).run().probabilities().get("width").size());
        ModelSpace normalizedInTheValue = ModelSpace.define("bn-in-the-value", s -> new SequentialBlock()
                .add(s.valueChoice("width", List.of(2, 6), w -> new SequentialBlock()
                        .add(Linear.builder().setUnits(w).build()).add(BatchNorm.builder().build())))
                .add(Activation::relu)
                .add(Linear.builder().setUnits(4).build()));
        assertEquals(2, OneShotSearch.randomOneShot(normalizedInTheValue, data).epochs(1).rank(2).run().ranking().size(),
                "the layer and its BatchNorm shared, the paths exact");
    }

    /**
     * A forward pass leaves nothing behind in the model's manager: the weights a shared layer joins
     * or cuts from its parameters for a pass belonged to the parameters' manager, so each pass of a
     * search kept one (docs/performance.md measures what that cost).
     */
    @Test
    void aForwardPassOfASharedLayerLeavesNoArrayBehind() {
        List<ModelSpace> spaces = List.of(linear(2, 4, 6),
                ModelSpace.define("kernels-bn", s -> s.valueChoice("k", List.of(1, 3), k -> new SequentialBlock()
                        .add(Conv2d.builder().setFilters(k + 1).setKernelShape(new Shape(k, k))
                                .optPadding(new Shape(k / 2, k / 2)).build())
                        .add(BatchNorm.builder().build()))));
        List<Shape> inputs = List.of(new Shape(4, 3), new Shape(2, 1, 4, 4));
        for (int i = 0; i < spaces.size(); i++) {
            Supernet supernet = Supernet.build(spaces.get(i), 1);
            try (NDManager manager = NDManager.newBaseManager()) {
                supernet.block().initialize(manager, DataType.FLOAT32, inputs.get(i));
                String label = supernet.parameters().keySet().iterator().next();
                int before = ((BaseNDManager) manager).getManagedArrays().size();
                for (boolean onPath : List.of(true, false)) {
                    try (NDManager step = manager.newSubManager()) {
                        if (onPath) {
                            supernet.setPath(Map.of(label, List.of(0)));
                        }
                        supernet.begin(step, false, Relaxation.SOFTMAX);
                        supernet.block().forward(new ParameterStore(step, false),
                                new NDList(step.randomNormal(inputs.get(i))), true);
                    } finally {
                        supernet.end();
                        supernet.clearPath();
                    }
                }
                assertEquals(before, ((BaseNDManager) manager).getManagedArrays().size(), spaces.get(i).name());
            }
        }
    }

    /** The output of {@code supernet} along value {@code value} of its one label. */
    private static float[] onPath(Supernet supernet, NDManager manager, NDArray x, int value) {
        String label = supernet.parameters().keySet().iterator().next();
        supernet.setPath(Map.of(label, List.of(value)));
        try {
            return supernet.block().forward(new ParameterStore(manager, false), new NDList(x), false)
                    .singletonOrThrow().toFloatArray();
        } finally {
            supernet.clearPath();
        }
    }

    /** A shared layer's slices of {@code name} ("weight", "bias") as one widest array. */
    private static NDArray concat(Block shared, String name) {
        NDList slices = new NDList();
        for (int k = 0; shared.getParameters().contains(name + k); k++) {
            slices.add(shared.getParameters().get(name + k).getArray());
        }
        return ai.djl.ndarray.NDArrays.concat(slices, 0);
    }

    private static Parameter param(Block block, String name) {
        return block.getParameters().get(name);
    }

    private static List<float[]> values(List<Parameter> parameters) {
        List<float[]> values = new ArrayList<>();
        parameters.forEach(p -> values.add(p.getArray().toFloatArray()));
        return values;
    }
}
