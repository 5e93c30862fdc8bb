package org.jnas.nas.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv1d;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.convolutional.Conv3d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.jnas.nas.Quickstart;
import org.jnas.nas.space.Layers;
import org.jnas.nas.space.ModelSpace;
import org.jnas.nas.space.Reduction;
import org.jnas.nas.space.Sample;
import org.junit.jupiter.api.Test;

/**
 * Parameter and MAC counts against hand-computed ones. The expected figures come from the textbook
 * formulas, written out here per layer: a convolution has {@code out x in/groups x kernel} weights
 * (plus {@code out} biases) and does {@code in/groups x kernel} MACs per output element.
 */
class ProfileTest {

    private static long convParams(long in, long out, long kernelSize, long groups, boolean bias) {
        return out * (in / groups) * kernelSize + (bias ? out : 0);
    }

    private static long convMacs(long in, long groups, long kernelSize, long outputElements) {
        return outputElements * (in / groups) * kernelSize;
    }

    @Test
    void linearCountsWeightsBiasesAndOneMacPerWeightPerRow() {
        Profile p = Profile.of(Linear.builder().setUnits(10).build(), new Shape(4, 20));
        assertEquals(20 * 10 + 10, p.parameters());
        assertEquals(OptionalLong.of(4L * 20 * 10), p.macs());
        assertEquals((20 * 10 + 10) * 4L, p.sizeBytes());
        assertTrue(p.unknownBlocks().isEmpty());
        assertEquals(new Shape(4, 20), p.inputShape());
    }

    @Test
    void conv2dWithGroupsDilationStrideAndPadding() {
        // 8 -> 16 channels, 3x3, groups 4, dilation 2, stride 2, padding 2 on 1x8x15x15:
        // effective kernel 5, output (15 + 4 - 5) / 2 + 1 = 8
        Block conv = Conv2d.builder().setKernelShape(new Shape(3, 3)).setFilters(16).optGroups(4)
                .optDilation(new Shape(2, 2)).optStride(new Shape(2, 2)).optPadding(new Shape(2, 2)).build();
        Profile p = Profile.of(conv, new Shape(1, 8, 15, 15));
        assertEquals(convParams(8, 16, 9, 4, true), p.parameters());
        assertEquals(OptionalLong.of(convMacs(8, 4, 9, 16 * 8 * 8)), p.macs());
    }

    @Test
    void conv1dAndConv3d() {
        Block conv1 = Conv1d.builder().setKernelShape(new Shape(5)).setFilters(6).optBias(false).build();
        Profile p1 = Profile.of(conv1, new Shape(2, 3, 20));
        assertEquals(convParams(3, 6, 5, 1, false), p1.parameters());
        assertEquals(OptionalLong.of(convMacs(3, 1, 5, 2 * 6 * 16)), p1.macs());

        Block conv3 = Conv3d.builder().setKernelShape(new Shape(3, 3, 3)).setFilters(4).build();
        Profile p3 = Profile.of(conv3, new Shape(1, 2, 6, 6, 6));
        assertEquals(convParams(2, 4, 27, 1, true), p3.parameters());
        assertEquals(OptionalLong.of(convMacs(2, 1, 27, 4 * 4 * 4 * 4)), p3.macs());
    }

    @Test
    void batchNormTrainsScaleAndShiftAndStoresRunningStatistics() {
        Profile p = Profile.of(BatchNorm.builder().build(), new Shape(2, 6, 5, 5));
        assertEquals(2 * 6, p.parameters(), "gamma and beta; running mean and variance are not trained");
        assertEquals(4 * 6 * 4L, p.sizeBytes(), "all four arrays, float32");
        assertEquals(OptionalLong.of(2 * 6 * 5 * 5), p.macs(), "one scale-and-shift per element");

        Profile ln = Profile.of(LayerNorm.builder().build(), new Shape(3, 7));
        assertEquals(2 * 7, ln.parameters());
        assertEquals(OptionalLong.of(3 * 7), ln.macs());
    }

    @Test
    void poolingActivationsDropoutAndFlattenCostNothing() {
        Block block = new SequentialBlock()
                .add(Pool.maxPool2dBlock(new Shape(2, 2)))
                .add(Pool.avgPool2dBlock(new Shape(2, 2)))
                .add(Activation.reluBlock())
                .add(Activation::tanh)
                .add(Dropout.builder().optRate(0.5f).build())
                .add(Blocks.batchFlattenBlock());
        Profile p = Profile.of(block, new Shape(1, 3, 8, 8));
        assertEquals(0, p.parameters());
        assertEquals(OptionalLong.of(0), p.macs());
        assertTrue(p.isComplete());
    }

    @Test
    void sequentialAddsItsLayersWithTheShapesBetweenThem() {
        Block block = new SequentialBlock()
                .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).setFilters(4).optPadding(new Shape(1, 1)).build())
                .add(BatchNorm.builder().build())
                .add(Activation.reluBlock())
                .add(Pool.maxPool2dBlock(new Shape(2, 2)))
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(5).build());
        Profile p = Profile.of(block, new Shape(2, 3, 8, 8));
        long conv = convParams(3, 4, 9, 1, true);
        long bn = 2 * 4;
        long linear = 4 * 4 * 4 * 5 + 5;
        assertEquals(conv + bn + linear, p.parameters());
        long macs = convMacs(3, 1, 9, 2 * 4 * 8 * 8) + 2 * 4 * 8 * 8 + 2L * (4 * 4 * 4) * 5;
        assertEquals(OptionalLong.of(macs), p.macs());
    }

    @Test
    void parallelBranchesEachSeeTheInput() {
        Block block = new ParallelBlock(list -> new NDList(list.get(0).singletonOrThrow().add(list.get(1).singletonOrThrow())),
                List.of(Linear.builder().setUnits(3).build(), Linear.builder().setUnits(3).optBias(false).build()));
        Profile p = Profile.of(block, new Shape(2, 4));
        assertEquals(4 * 3 + 3 + 4 * 3, p.parameters());
        assertEquals(OptionalLong.of(2 * (2 * 4 * 3)), p.macs());
    }

    @Test
    void everyQuickstartArchitectureMatchesItsLayerFormulas() {
        ModelSpace space = Quickstart.space();
        List<Sample> all = new ArrayList<>();
        space.enumerate().forEach(all::add);
        assertEquals(18, all.size());
        for (Sample s : all) {
            int conv2 = ((Number) s.get("conv2")).intValue();
            int feature = ((Number) s.get("feature")).intValue();
            // conv1: 1 -> 32, 3x3 on 28x28 -> 26x26; conv2 -> 64 channels at 24x24; pool -> 12x12
            long params = convParams(1, 32, 9, 1, true);
            long macs = convMacs(1, 1, 9, 32 * 26 * 26);
            if (conv2 == 0) {
                params += convParams(32, 64, 9, 1, true);
                macs += convMacs(32, 1, 9, 64 * 24 * 24);
            } else {
                params += convParams(32, 32, 9, 32, true) + convParams(32, 64, 1, 1, true);
                macs += convMacs(32, 32, 9, 32 * 24 * 24) + convMacs(32, 1, 1, 64 * 24 * 24);
            }
            long flat = 64 * 12 * 12;
            params += flat * feature + feature + feature * 10L + 10;
            macs += flat * feature + feature * 10L;

            Profile p = Profile.of(space, s, new Shape(1, 1, 28, 28));
            assertEquals(params, p.parameters(), s.toString());
            assertEquals(OptionalLong.of(macs), p.macs(), s.toString());
            assertEquals(params * 4, p.sizeBytes(), s.toString());
        }
    }

    @Test
    void anInitializedBlockIsReadAsItIs() {
        Sample s = Quickstart.space().enumerate().iterator().next();
        Profile fresh = Profile.of(Quickstart.space(), s, new Shape(1, 1, 28, 28));
        Block block = Quickstart.space().instantiate(s);
        try (ai.djl.ndarray.NDManager manager = ai.djl.ndarray.NDManager.newBaseManager()) {
            block.initialize(manager, ai.djl.ndarray.types.DataType.FLOAT32, new Shape(1, 1, 28, 28));
            float before = block.getParameters().get(0).getValue().getArray().sum().getFloat();
            assertEquals(fresh, Profile.of(block, new Shape(1, 1, 28, 28)));
            assertEquals(before, block.getParameters().get(0).getValue().getArray().sum().getFloat(), "weights untouched");
        }
    }

    /**
     * A block initialized for one input shape and profiled for another its weights do not fit is
     * refused naming both shapes: DJL's output shapes come from the layer's settings alone, so a
     * Linear of 784 inputs profiled with (1, 100) counted 100 MACs per unit.
     */
    @Test
    void anInitializedBlockWhoseWeightsDoNotFitTheShapeIsRefusedNamingBoth() {
        Block linear = new SequentialBlock().add(Blocks.batchFlattenBlock()).add(Linear.builder().setUnits(10).build());
        Block conv = Conv2d.builder().setKernelShape(new Shape(3, 3)).setFilters(4).build();
        try (ai.djl.ndarray.NDManager manager = ai.djl.ndarray.NDManager.newBaseManager()) {
            linear.initialize(manager, ai.djl.ndarray.types.DataType.FLOAT32, new Shape(1, 784));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Profile.of(linear, new Shape(1, 100)));
            assertEquals("cannot profile the block for input shape (1, 100): 01 Linear has weights (10, 784) for 784 input"
                    + " features, and the input gives it (1, 100); the block was initialized for input shape (1, 784):"
                    + " profile it for a shape its weights fit, or a fresh block (space.instantiate(sample)) for this one",
                    e.getMessage());
            assertEquals(OptionalLong.of(8L * 784 * 10), Profile.of(linear, new Shape(8, 784)).macs(),
                    "another batch size fits the same weights");

            conv.initialize(manager, ai.djl.ndarray.types.DataType.FLOAT32, new Shape(1, 3, 8, 8));
            IllegalArgumentException c = assertThrows(IllegalArgumentException.class,
                    () -> Profile.of(conv, new Shape(1, 1, 8, 8)));
            assertTrue(c.getMessage().contains("Conv2d has weights (4, 3, 3, 3) for 3 input channels, and the input gives it"
                    + " (1, 1, 8, 8); the block was initialized for input shape (1, 3, 8, 8)"), c.getMessage());
        }
    }

    @Test
    void theBatchAxisScalesMacsButNotParameters() {
        Sample s = Quickstart.space().enumerate().iterator().next();
        Profile one = Profile.of(Quickstart.space(), s, new Shape(1, 1, 28, 28));
        Profile eight = Profile.of(Quickstart.space(), s, new Shape(8, 1, 28, 28));
        assertEquals(one.parameters(), eight.parameters());
        assertEquals(one.macs().getAsLong() * 8, eight.macs().getAsLong());
    }

    @Test
    void spaceBlocksCellsAndInputChoicesAreCounted() {
        // a cell of 2 nodes over 1 input: node 0 = sepConv(input 0), node 1 = 1x1 conv (node 0) + identity (input 0)
        ModelSpace space = ModelSpace.define("cell", s -> new SequentialBlock()
                .add(s.cell("c", 2, 1, 1, List.of(
                        input -> Layers.convBnRelu(4, 1, 1),
                        input -> Layers.sepConv(4, 4, 3, 1)), Reduction.SUM)));
        Sample first = space.enumerate().iterator().next();
        Shape in = new Shape(1, 4, 6, 6);
        long elements = 4 * 6 * 6;
        Profile p = Profile.of(space, first, in);
        // the first sample: every op is candidate 0, convBnRelu(4, 1x1): conv without bias + batch norm
        long perOp = convParams(4, 4, 1, 1, false) + 2 * 4;
        long perOpMacs = convMacs(4, 1, 1, elements) + elements;
        assertEquals(2 * perOp, p.parameters(), first.toString());
        assertEquals(OptionalLong.of(2 * perOpMacs), p.macs(), first.toString());

        ModelSpace choice = ModelSpace.define("input", s -> new SequentialBlock()
                .add(new ParallelBlock(lists -> {
                    NDList both = new NDList();
                    lists.forEach(both::addAll);
                    return both;
                }, List.of(Linear.builder().setUnits(3).build(), Linear.builder().setUnits(3).build())))
                .add(s.inputChoice("in", 2, 1, Reduction.SUM)));
        Profile q = Profile.of(choice, choice.enumerate().iterator().next(), new Shape(1, 5));
        assertEquals(2 * (5 * 3 + 3), q.parameters());
        assertEquals(OptionalLong.of(2 * 5 * 3), q.macs());
    }

    @Test
    void dartsDilatedConvolutionAndRepeats() {
        // ReLU, depthwise 3x3 with dilation 2 (padding 2 keeps 10x10), pointwise 4 -> 8, batch norm; no biases
        Profile dil = Profile.of(Layers.dilConv(4, 8, 3, 1, 2), new Shape(1, 4, 10, 10));
        assertEquals(convParams(4, 4, 9, 4, false) + convParams(4, 8, 1, 1, false) + 2 * 8, dil.parameters());
        assertEquals(OptionalLong.of(convMacs(4, 4, 9, 4 * 10 * 10) + convMacs(4, 1, 1, 8 * 10 * 10) + 8 * 10 * 10),
                dil.macs());

        ModelSpace space = ModelSpace.define("repeat", s -> s.repeat("depth", List.of(1, 2, 3),
                i -> Linear.builder().setUnits(8).build()));
        for (Sample sample : space.enumerate()) {
            int depth = ((Number) sample.get("depth")).intValue();
            Profile p = Profile.of(space, sample, new Shape(2, 8));
            assertEquals(depth * (8 * 8 + 8), p.parameters(), sample.toString());
            assertEquals(OptionalLong.of(depth * 2L * 8 * 8), p.macs(), sample.toString());
        }
    }

    /** A custom block DJL knows nothing about: a learned scale per feature. */
    private static final class Scale extends AbstractBlock {
        private final ai.djl.nn.Parameter weight;

        Scale() {
            weight = addParameter(ai.djl.nn.Parameter.builder().setName("weight")
                    .setType(ai.djl.nn.Parameter.Type.WEIGHT).optShape(new Shape(6)).build());
        }

        @Override
        protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
            return new NDList(inputs.singletonOrThrow().mul(ps.getValue(weight, inputs.head().getDevice(), training)));
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            return inputShapes;
        }
    }

    @Test
    void anUnknownBlockIsListedAsUnknownNotCountedAsZero() {
        Block block = new SequentialBlock()
                .add(Linear.builder().setUnits(6).build())
                .add(new Scale())
                .add(Linear.builder().setUnits(2).build());
        Profile p = Profile.of(block, new Shape(1, 4));
        assertEquals(4 * 6 + 6 + 6 + 6 * 2 + 2, p.parameters(), "its parameters are still DJL's");
        assertFalse(p.isComplete());
        assertEquals(OptionalLong.empty(), p.macs());
        assertEquals(List.of("01 Scale"), p.unknownBlocks());
        assertEquals(4 * 6 + 6 * 2, p.countedMacs());
        assertTrue(p.toString().contains("MACs unknown") && p.toString().contains("01 Scale"), p.toString());
    }

    @Test
    void aShapeTheBlockCannotTakeIsRejectedWithTheShape() {
        Block block = new SequentialBlock().add(Conv2d.builder().setKernelShape(new Shape(5, 5)).setFilters(2).build());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Profile.of(block, new Shape(1, 1)));
        assertTrue(e.getMessage().contains("(1, 1)"), e.getMessage());
    }
}
