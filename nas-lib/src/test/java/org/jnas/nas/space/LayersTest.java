package org.jnas.nas.space;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/** The ready-made layers run and give the shapes their docs promise. */
class LayersTest {
    private static final Shape IMAGE = new Shape(2, 8, 9, 9);

    @Test
    void depthwiseSeparableConvMatchesAPlainConvShapeWithFewerWeights() {
        Shape in = new Shape(2, 32, 12, 12);
        Block separable = Layers.depthwiseSeparableConv(32, 64);
        Block plain = Conv2d.builder().setFilters(64).setKernelShape(new Shape(3, 3)).build();
        assertEquals(new Shape(2, 64, 10, 10), Forward.shape(plain, in));
        assertEquals(new Shape(2, 64, 10, 10), Forward.shape(separable, in));
        long separableWeights = weights(Layers.depthwiseSeparableConv(32, 64), in);
        long plainWeights = weights(Conv2d.builder().setFilters(64).setKernelShape(new Shape(3, 3)).build(), in);
        assertEquals(32 * 9 + 32 + 32 * 64 + 64, separableWeights);
        assertEquals(32 * 64 * 9 + 64, plainWeights);
    }

    @Test
    void dartsOpsKeepTheSizeAtStrideOneAndHalveItAtStrideTwo() {
        Shape half = new Shape(2, 8, 5, 5);
        assertEquals(IMAGE, Forward.shape(Layers.sepConv(8, 8, 3, 1), IMAGE));
        assertEquals(half, Forward.shape(Layers.sepConv(8, 8, 5, 2), IMAGE));
        assertEquals(IMAGE, Forward.shape(Layers.dilConv(8, 8, 3, 1, 2), IMAGE));
        assertEquals(half, Forward.shape(Layers.dilConv(8, 8, 5, 2, 2), IMAGE));
        assertEquals(IMAGE, Forward.shape(Layers.maxPool3x3(1), IMAGE));
        assertEquals(half, Forward.shape(Layers.maxPool3x3(2), IMAGE));
        assertEquals(IMAGE, Forward.shape(Layers.avgPool3x3(1), IMAGE));
        assertEquals(half, Forward.shape(Layers.avgPool3x3(2), IMAGE));
        assertEquals(IMAGE, Forward.shape(Layers.skipConnect(8, 8, 1), IMAGE));
        assertEquals(new Shape(2, 16, 5, 5), Forward.shape(Layers.skipConnect(8, 16, 2), IMAGE));
        assertEquals(new Shape(2, 16, 9, 9), Forward.shape(Layers.convBnRelu(16, 3, 1), IMAGE));
        assertEquals(IMAGE, Forward.shape(Layers.identity(), IMAGE));
    }

    @Test
    void dartsOpsPoolingsEndWithABatchNormWithoutWeightsSoTheirOutputsHaveOneScale() {
        // inputs of mean 50 and spread 100: the pools pass that scale on; their batch norm takes it
        // away (per channel, in training), without a weight of its own to learn
        Map<String, IntFunction<Block>> ops = Layers.dartsOps(8, false, 2);
        for (String op : List.of("max_pool_3x3", "avg_pool_3x3")) {
            Block pool = ops.get(op).apply(0);
            try (NDManager manager = NDManager.newBaseManager()) {
                pool.initialize(manager, DataType.FLOAT32, IMAGE);
                NDArray x = manager.randomNormal(50, 100, IMAGE, DataType.FLOAT32);
                NDArray y = pool.forward(new ParameterStore(manager, false), new NDList(x), true).singletonOrThrow();
                assertEquals(IMAGE, y.getShape(), "op " + op);
                NDArray perChannel = y.transpose(1, 0, 2, 3).reshape(8, -1);
                NDArray mean = perChannel.mean(new int[] {1});
                NDArray variance = perChannel.sub(mean.reshape(8, 1)).square().mean(new int[] {1});
                assertTrue(mean.abs().max().getFloat() < 1e-3, "op " + op + ": mean " + mean);
                assertTrue(variance.sub(1).abs().max().getFloat() < 1e-2, "op " + op + ": variance " + variance);
                for (Pair<String, Parameter> p : pool.getParameters()) {
                    assertTrue(!p.getValue().requiresGradient(), "op " + op + " learns " + p.getKey());
                }
            }
        }
    }

    @Test
    void zeroGivesZerosOfTheStridedShape() {
        assertEquals(new Shape(2, 8, 5, 5), Forward.shape(Layers.zero(2), IMAGE));
        try (NDManager manager = NDManager.newBaseManager()) {
            Block zero = Layers.zero(1);
            zero.initialize(manager, DataType.FLOAT32, IMAGE);
            NDList out = zero.forward(new ParameterStore(manager, false), new NDList(manager.ones(IMAGE)), false);
            assertEquals(0f, out.singletonOrThrow().abs().sum().getFloat());
        }
    }

    @Test
    void badSettingsAreRejectedWithTheValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Layers.sepConv(8, 8, 4, 1));
        assertTrue(e.getMessage().contains("kernel must be odd") && e.getMessage().contains("4"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Layers.depthwiseSeparableConv(0, 8));
        assertTrue(e.getMessage().contains("in must be >= 1, got 0"), e.getMessage());
    }

    private static long weights(Block block, Shape in) {
        try (NDManager manager = NDManager.newBaseManager()) {
            block.initialize(manager, DataType.FLOAT32, in);
            long n = 0;
            for (Pair<String, Parameter> p : block.getParameters()) {
                n += p.getValue().getArray().size();
            }
            return n;
        }
    }
}
