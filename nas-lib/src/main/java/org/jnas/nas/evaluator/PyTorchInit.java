package org.jnas.nas.evaluator;

import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.XavierInitializer;
import java.io.Serializable;

/**
 * PyTorch's default weight initialisation for DJL models, so that a model ported from a PyTorch
 * (or NNI) tutorial trains as it did there: {@code config.optInitializer(PyTorchInit.weights(),
 * Parameter.Type.WEIGHT)}.
 *
 * <p>DJL draws weights from a normal distribution scaled for ReLU (He: variance 2 / fan-in);
 * PyTorch's {@code nn.Linear} and {@code nn.Conv2d} draw them uniformly from
 * {@code ±1/sqrt(fan-in)} (kaiming-uniform with a = √5), about 2.4 times smaller. On the
 * quickstart's architectures, trained briefly, DJL's default reaches a lower and more erratic
 * accuracy than this one, which trains as PyTorch does (figures in docs/performance.md). Biases
 * stay at DJL's zeros (PyTorch draws them too; it made no difference there).
 */
public final class PyTorchInit {
    private static final Initializer WEIGHTS = new Weights();

    /**
     * Serializable, unlike DJL's initializers, so that an evaluator using it ships to cluster
     * jobs; it reads back as the one instance. Its Xavier settings are not serialized: DJL's class
     * is not serializable, so reading calls only its no-argument constructor, and readResolve
     * replaces that partial object.
     */
    private static final class Weights extends XavierInitializer implements Serializable {
        private static final long serialVersionUID = 1L;

        Weights() {
            super(XavierInitializer.RandomType.UNIFORM, XavierInitializer.FactorType.IN, 1);
        }

        private Object readResolve() {
            return WEIGHTS;
        }
    }

    private PyTorchInit() {}

    /** Uniform on {@code ±1/sqrt(fan-in)}, fan-in being input channels times kernel size. */
    public static Initializer weights() {
        return WEIGHTS;
    }
}
