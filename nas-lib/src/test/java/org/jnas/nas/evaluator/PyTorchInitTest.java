package org.jnas.nas.evaluator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import org.junit.jupiter.api.Test;

class PyTorchInitTest {

    /** The weights of {@code block} after initialising it for {@code input} with PyTorch's scheme. */
    private static float[] weights(Block block, Shape input) {
        try (NDManager manager = NDManager.newBaseManager()) {
            block.setInitializer(PyTorchInit.weights(), Parameter.Type.WEIGHT);
            block.initialize(manager, DataType.FLOAT32, input);
            NDArray w = block.getParameters().get("weight").getArray();
            return w.toFloatArray();
        }
    }

    private static void assertUniformOnFanIn(float[] w, int fanIn) {
        double bound = 1 / Math.sqrt(fanIn);
        double sumSq = 0;
        for (float v : w) {
            assertTrue(Math.abs(v) <= bound + 1e-6, v + " outside ±" + bound);
            sumSq += v * v;
        }
        // Uniform on ±b has standard deviation b / sqrt(3); He-normal (DJL's default) would be sqrt(2 / fanIn).
        assertEquals(bound / Math.sqrt(3), Math.sqrt(sumSq / w.length), bound * 0.05);
    }

    @Test
    void linearWeightsAreUniformOnOneOverSqrtFanIn() {
        assertUniformOnFanIn(weights(Linear.builder().setUnits(64).build(), new Shape(1, 400)), 400);
    }

    @Test
    void convolutionFanInCountsChannelsTimesKernel() {
        Block conv = Conv2d.builder().setFilters(32).setKernelShape(new Shape(3, 3)).build();
        assertUniformOnFanIn(weights(conv, new Shape(1, 16, 10, 10)), 16 * 9);
    }
}
