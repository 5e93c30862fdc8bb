package org.jnas.nas.evaluator;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;

/**
 * The regression evaluator's default loss: the mean of (label - prediction)^2 / 2, as DJL's
 * {@code L2Loss} computes it, and under its name. Not DJL's class itself: it multiplies by the
 * half as a {@code Number}, which DJL turns into a tensor over a Java buffer that it frees right
 * after the product, while the backward pass of the product reads it again; once the garbage
 * collector has reused that memory (zeros), the gradient is zero and the trial stops learning.
 */
final class HalfSquaredError extends Loss {
    HalfSquaredError() {
        super("L2Loss");
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        NDArray prediction = predictions.singletonOrThrow();
        NDArray label = labels.singletonOrThrow().reshape(prediction.getShape());
        NDArray half = prediction.getManager().create(0.5f);
        return label.sub(prediction).square().mul(half).mean();
    }
}
