package org.jnas.nas.evaluator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import ai.djl.training.loss.Loss;
import org.jnas.nas.testing.FreedMemory;
import org.junit.jupiter.api.Test;

/** The regression evaluator's default loss: DJL's L2Loss in value, with a gradient that survives the garbage collector. */
class HalfSquaredErrorTest {

    @Test
    void itIsDjlsL2LossInValueAndName() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDList label = new NDList(manager.create(new float[] {0, 1, 2, 3}));
            NDList prediction = new NDList(manager.create(new float[] {1, 1, 4, 0}));
            Loss ours = RegressionEvaluator.DEFAULT_LOSS.get();
            assertEquals(Loss.l2Loss().evaluate(label, prediction).getFloat(), ours.evaluate(label, prediction).getFloat(), 1e-6);
            assertEquals("L2Loss", ours.getName());
        }
    }

    @Test
    void itsGradientStaysRightWhenTheGarbageCollectorReusesFreedMemory() throws Exception {
        try (NDManager manager = NDManager.newBaseManager(); GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray prediction = manager.create(new float[] {1, 2, 3, 4});
            prediction.setRequiresGradient(true);
            NDArray loss = RegressionEvaluator.DEFAULT_LOSS.get()
                    .evaluate(new NDList(manager.zeros(prediction.getShape())), new NDList(prediction));
            // a trial's backward pass runs after other batches' garbage; DJL's L2Loss gave zeros here
            FreedMemory.reuse();
            collector.backward(loss);
            // d/dp mean((0 - p)^2 / 2) = p / 4
            assertArrayEquals(new float[] {0.25f, 0.5f, 0.75f, 1f}, prediction.getGradient().toFloatArray(), 1e-6f);
        }
    }
}
