package org.jnas.nas.space;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;

/** Initialises a block on the CPU, runs one forward pass and checks it against its declared shapes. */
final class Forward {
    private Forward() {}

    /** The output shapes of one forward pass on random inputs of {@code inputShapes}. */
    static Shape[] shapes(Block block, Shape... inputShapes) {
        try (NDManager manager = NDManager.newBaseManager()) {
            block.initialize(manager, DataType.FLOAT32, inputShapes);
            NDList inputs = new NDList();
            for (Shape shape : inputShapes) {
                inputs.add(manager.randomUniform(0, 1, shape));
            }
            NDList outputs = block.forward(new ParameterStore(manager, false), inputs, false);
            Shape[] actual = new Shape[outputs.size()];
            for (int i = 0; i < actual.length; i++) {
                NDArray out = outputs.get(i);
                actual[i] = out.getShape();
            }
            assertArrayEquals(block.getOutputShapes(inputShapes), actual, "declared output shapes match the forward pass");
            return actual;
        }
    }

    /** The one output shape of a forward pass. */
    static Shape shape(Block block, Shape... inputShapes) {
        Shape[] out = shapes(block, inputShapes);
        if (out.length != 1) {
            throw new AssertionError("expected one output, got " + out.length);
        }
        return out[0];
    }
}
