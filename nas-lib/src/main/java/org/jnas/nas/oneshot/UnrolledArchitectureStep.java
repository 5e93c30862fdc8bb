package org.jnas.nas.oneshot;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.optimizer.Sgd;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Second-order DARTS's architecture gradient (Liu et al. 2019, eqs. 6-8; NNI 2.x DartsTrainer's
 * {@code unrolled=True}): the gradient of the architecture batch's loss after one virtual SGD step
 * of the weights on the paired weight batch,
 * <pre>
 * w' = w - xi * (momentum * v + dL_train(w, alpha)/dw + weightDecay * w)
 * grad = dL_val(w', alpha)/dalpha - xi * (dL_train(w+, alpha)/dalpha - dL_train(w-, alpha)/dalpha) / (2 eps)
 * </pre>
 * with v the SGD momentum buffer, xi the weights' learning rate, dw = dL_val(w', alpha)/dw',
 * w+- = w +- eps * dw and eps = 0.01 / ||dw|| (the global L2 norm): the second term is the
 * finite-difference Hessian-vector product of eq. 8.
 *
 * <p>Four forward and backward passes, all in training mode: BatchNorm's running statistics follow
 * each of them, as they do in NNI's passes in PyTorch. The weights are copied before and put back
 * after, bit for bit, even when a pass fails, and the gradients the passes leave on them are zeroed:
 * DJL zeroes a gradient only when its optimiser updates the parameter, so one left here would leak
 * into the next weight step. Between passes the weights are frozen, since PyTorch refuses in-place
 * changes to a leaf that records gradients.
 *
 * <p>Softmax relaxation only: a Gumbel relaxation draws fresh noise per pass, and the finite
 * difference needs one draw in both of its passes.
 */
final class UnrolledArchitectureStep {
    /** DARTS's finite-difference step: eps = 0.01 / ||dw||. */
    static final double EPSILON_SCALE = 0.01;

    /** What one step computed: the gradient per label and the architecture batch's loss at w'. */
    record Gradient(Map<String, float[]> byLabel, float loss) {
    }

    private final Supernet supernet;
    private final Trainer trainer;
    private final ParameterStore store;
    private final List<Parameter> weights;
    private final SgdMomentum momentumBuffers;
    private final float learningRate;
    private final float momentum;
    private final float weightDecay;

    /**
     * Steps for {@code supernet} and its {@code weights}, which {@code sgd} updates with
     * {@code settings} (the virtual step repeats its step); the trainer gives the loss and the
     * gradient collector, {@code store} the weights.
     */
    UnrolledArchitectureStep(Supernet supernet, Trainer trainer, ParameterStore store, List<Parameter> weights,
            Sgd sgd, WeightSgd settings) {
        this.supernet = supernet;
        this.trainer = trainer;
        this.store = store;
        this.weights = List.copyOf(weights);
        this.momentumBuffers = SgdMomentum.of(sgd);
        this.learningRate = settings.learningRate();
        this.momentum = settings.momentum();
        this.weightDecay = settings.weightDecay();
    }

    /**
     * The unrolled gradient of every label's logits for architecture batch ({@code x}, {@code y})
     * and weight batch ({@code trainX}, {@code trainY}); the weights end as they began.
     */
    Gradient gradient(NDManager manager, NDList x, NDList y, NDList trainX, NDList trainY) {
        try (NDManager step = manager.newSubManager()) {
            List<NDArray> saved = new ArrayList<>(weights.size());
            for (Parameter weight : weights) {
                saved.add(copy(weight.getArray(), step));
            }
            freezeWeights(true);
            try {
                List<NDArray> trainGradient = pass(step, trainX, trainY, true).weightGradient();
                for (int i = 0; i < weights.size(); i++) {
                    NDArray delta = trainGradient.get(i).addi(saved.get(i).mul(weightDecay)).muli(learningRate);
                    // DJL's buffer holds the learning rate already (u = momentum * u + lr * (g + wd * w),
                    // w -= u), so its momentum term is momentum * u, PyTorch's lr * momentum * v
                    NDArray buffer = momentumBuffers.of(weights.get(i));
                    if (buffer != null) {
                        try (NDArray term = buffer.mul(momentum)) {
                            delta.addi(term);
                        }
                    }
                    weights.get(i).getArray().subi(delta);
                }
                Pass virtual = pass(step, x, y, true);
                List<NDArray> dw = virtual.weightGradient();
                // NNI's guard is a warning; a zero dw gives a zero Hessian term either way
                float epsilon = (float) (EPSILON_SCALE / Math.max(DartsSteps.globalNorm(dw), 1e-12));
                Map<String, float[]> plus = perturbed(step, saved, dw, epsilon, trainX, trainY);
                Map<String, float[]> minus = perturbed(step, saved, dw, -epsilon, trainX, trainY);
                Map<String, float[]> gradient = new LinkedHashMap<>();
                virtual.architectureGradient().forEach((label, g) -> {
                    float[] p = plus.get(label);
                    float[] m = minus.get(label);
                    float[] unrolled = new float[g.length];
                    for (int i = 0; i < g.length; i++) {
                        unrolled[i] = (float) (g[i] - learningRate * (p[i] - m[i]) / (2.0 * epsilon));
                    }
                    gradient.put(label, unrolled);
                });
                return new Gradient(Collections.unmodifiableMap(gradient), virtual.loss());
            } finally {
                restore(saved);
                freezeWeights(false);
            }
        }
    }

    /**
     * Why {@code unrolled} is no setting of {@code strategy}, any but DARTS: GumbelDARTS draws other
     * noise in each pass, and the sampled kinds and ENAS take no gradient through the whole mixture.
     */
    static String refusal(String strategy) {
        return "unrolled (second-order DARTS) is a setting of DARTS alone, not of " + strategy + ": it needs one"
                + " softmax mixture of every candidate in the four passes of its finite difference";
    }

    /** The logits' gradient of the weight batch's loss at w + {@code epsilon} * dw. */
    private Map<String, float[]> perturbed(NDManager step, List<NDArray> saved, List<NDArray> dw, float epsilon,
            NDList trainX, NDList trainY) {
        restore(saved);
        for (int i = 0; i < weights.size(); i++) {
            weights.get(i).getArray().addi(dw.get(i).mul(epsilon));
        }
        return pass(step, trainX, trainY, false).architectureGradient();
    }

    /** One forward and backward pass: its loss, the logits' gradients and, when asked, copies of the weights'. */
    private record Pass(float loss, Map<String, float[]> architectureGradient, List<NDArray> weightGradient) {
    }

    /**
     * A forward and backward pass on ({@code x}, {@code y}) with the logits learning and, when
     * {@code weightGradients}, the weights too; their gradients are copied into {@code step} and
     * zeroed on the weights. The weights are frozen again after it.
     */
    private Pass pass(NDManager step, NDList x, NDList y, boolean weightGradients) {
        freezeWeights(!weightGradients);
        try (NDManager arrays = step.newSubManager(); GradientCollector collector = trainer.newGradientCollector()) {
            supernet.begin(arrays, true, Relaxation.SOFTMAX);
            NDArray loss = trainer.getLoss().evaluate(y, supernet.block().forward(store, x, true));
            collector.backward(loss);
            Map<String, float[]> architecture = new LinkedHashMap<>();
            supernet.parameters().forEach((label, alpha) -> architecture.put(label, alpha.gradient()));
            List<NDArray> copies = new ArrayList<>();
            if (weightGradients) {
                // every weight has a gradient: the softmax mixture runs every candidate
                for (Parameter weight : weights) {
                    try (NDArray gradient = weight.getArray().getGradient()) {
                        copies.add(copy(gradient, step));
                        gradient.subi(gradient);
                    }
                }
            }
            return new Pass(loss.getFloat(), architecture, copies);
        } finally {
            supernet.end();
            freezeWeights(true);
        }
    }

    /** Puts the saved weights back exactly (a copy, not w - eps * dw + eps * dw). */
    private void restore(List<NDArray> saved) {
        for (int i = 0; i < weights.size(); i++) {
            weights.get(i).getArray().set(new NDIndex("..."), saved.get(i));
        }
    }

    private void freezeWeights(boolean freeze) {
        weights.forEach(w -> w.freeze(freeze));
    }

    /** A copy of {@code array} owned by {@code manager}. */
    private static NDArray copy(NDArray array, NDManager manager) {
        NDArray copy = array.duplicate();
        copy.attach(manager);
        return copy;
    }
}
