package org.jnas.nas.trial;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import ai.djl.util.Pair;

/**
 * DJL's {@code PtGradientCollector} without its JVM-wide "already collecting" flag: grad mode is
 * per thread in libtorch, so each thread records its own graph. Like the stock collector it turns
 * grad mode on when created and restores the previous mode when closed; unlike it,
 * {@link #zeroGradients()} zeroes only the parameters of the trainer's own block.
 */
final class ThreadGradientCollector implements GradientCollector {
    private final Block block;
    private final boolean previousGradMode;

    ThreadGradientCollector(Block block) {
        this.block = block;
        this.previousGradMode = JniUtils.isGradMode();
        JniUtils.setGradMode(true);
    }

    @Override
    public void backward(NDArray target) {
        if (!(target instanceof PtNDArray pt)) {
            throw new IllegalArgumentException("ConcurrentTrainer needs the PyTorch engine; the loss is a "
                    + target.getClass().getName());
        }
        // the seed gradient is closed at once (the stock collector leaves it to its manager)
        try (NDArray ones = target.getManager().ones(target.getShape(), target.getDataType())) {
            JniUtils.backward(pt, (PtNDArray) ones, false, false);
        }
    }

    @Override
    public void zeroGradients() {
        for (Pair<String, Parameter> pair : block.getParameters()) {
            Parameter parameter = pair.getValue();
            if (parameter.isInitialized() && parameter.getArray().hasGradient()) {
                JniUtils.zeroGrad((PtNDArray) parameter.getArray());
            }
        }
    }

    @Override
    public void close() {
        JniUtils.setGradMode(previousGradMode);
    }
}
