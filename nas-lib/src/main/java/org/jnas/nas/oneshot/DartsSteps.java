package org.jnas.nas.oneshot;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.LocalParameterServer;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.optimizer.Sgd;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The steps of a one-shot search on a supernet: the two steps of first-order DARTS (the
 * architecture step of second-order DARTS in {@link UnrolledArchitectureStep}), the weight
 * step along one sampled path (SPOS, {@link #pathStep}) and the scoring of a path with the
 * supernet's weights ({@link #correct}). The architecture step learns the
 * architecture parameters on an architecture batch; the weight step learns the weights on a
 * weight batch. Each step changes only its own set:
 * <ul>
 *   <li>architecture step: the weights are frozen, so the backward pass leaves them no gradient
 *       (DJL zeroes a gradient only when its optimiser updates the parameter, so one left here would
 *       leak into the next weight step) and the trainer's optimiser is not stepped;</li>
 *   <li>weight step: the logits are a plain array with no gradient, and they are not DJL parameters,
 *       so the weight optimiser cannot move them even by momentum or decay.</li>
 * </ul>
 * The architecture optimiser is NNI's: Adam, betas (0.5, 0.999), weight decay 1e-3, learning rate
 * 3e-4 by default. The weights' gradients are clipped to a global norm before each weight step.
 *
 * <p>The weights are updated through a parameter store of this class rather than
 * {@code Trainer.step()}: DJL's first {@code step()} refuses gradients whose entries sum to exactly
 * zero, which those of a last Linear layer under softmax cross-entropy do in exact arithmetic, so a
 * supernet whose only weights are such a layer (the planted test's) failed at random.
 */
final class DartsSteps {
    static final double BETA1 = 0.5;
    static final double BETA2 = 0.999;
    static final double ARCHITECTURE_WEIGHT_DECAY = 1e-3;

    private final Supernet supernet;
    private final Trainer trainer;
    private final ParameterStore store;
    private final double architectureLearningRate;
    private final double gradientClip;
    private final Relaxation relaxation;
    private CostPenalty penalty = CostPenalty.NONE;
    /** The weights: the parameters that learn (not BatchNorm's running statistics, which never do). */
    private final List<Parameter> weights = new ArrayList<>();

    /**
     * Steps on {@code supernet}, whose block is {@code trainer}'s model's block, already initialised;
     * {@code weightOptimizer} is the optimiser of the trainer's configuration (so that the model frees
     * its state when it closes). The trainer gives the loss and the gradient collector;
     * {@code relaxation} mixes the candidates in both steps.
     */
    DartsSteps(Supernet supernet, Trainer trainer, Optimizer weightOptimizer, double architectureLearningRate,
            double gradientClip, Relaxation relaxation) {
        this.supernet = supernet;
        this.trainer = trainer;
        this.store = new ParameterStore(trainer.getManager(), false);
        store.setParameterServer(new LocalParameterServer(weightOptimizer), trainer.getDevices());
        this.architectureLearningRate = architectureLearningRate;
        this.gradientClip = gradientClip;
        this.relaxation = relaxation;
        for (Pair<String, Parameter> pair : supernet.block().getParameters()) {
            if (pair.getValue().requiresGradient()) {
                weights.add(pair.getValue());
            }
        }
    }

    /** Adds {@code penalty}'s gradient to every architecture step from now on. */
    void setCostPenalty(CostPenalty penalty) {
        this.penalty = penalty;
    }

    /** The weights this trainer learns. */
    List<Parameter> weights() {
        return List.copyOf(weights);
    }

    /**
     * One architecture step on ({@code x}, {@code y}), the cost penalty's gradient added if one is
     * set; returns the batch's loss (without the penalty).
     */
    float architectureStep(NDManager manager, NDList x, NDList y) {
        freezeWeights(true);
        try (NDManager step = manager.newSubManager(); GradientCollector collector = trainer.newGradientCollector()) {
            supernet.begin(step, true, relaxation);
            NDArray loss = trainer.getLoss().evaluate(y, supernet.block().forward(store, x, true));
            collector.backward(loss);
            Map<String, float[]> gradients = new LinkedHashMap<>();
            supernet.parameters().forEach((label, alpha) -> gradients.put(label, alpha.gradient()));
            learnArchitecture(gradients);
            return loss.getFloat();
        } finally {
            supernet.end();
            freezeWeights(false);
        }
    }

    /**
     * Second-order DARTS's architecture step on ({@code x}, {@code y}), its virtual weight step on
     * the paired weight batch ({@code trainX}, {@code trainY}); returns the architecture batch's loss
     * at the virtual weights (without the penalty).
     */
    float unrolledArchitectureStep(UnrolledArchitectureStep unrolled, NDManager manager, NDList x, NDList y,
            NDList trainX, NDList trainY) {
        UnrolledArchitectureStep.Gradient gradient = unrolled.gradient(manager, x, y, trainX, trainY);
        learnArchitecture(gradient.byLabel());
        return gradient.loss();
    }

    /**
     * The second-order architecture gradient of this supernet, whose weights {@code sgd} updates
     * with {@code settings}; softmax relaxation only.
     */
    UnrolledArchitectureStep unrolled(Sgd sgd, WeightSgd settings) {
        if (relaxation != Relaxation.SOFTMAX) {
            throw new IllegalStateException("second-order DARTS (unrolled) needs the softmax relaxation, got " + relaxation);
        }
        return new UnrolledArchitectureStep(supernet, trainer, store, weights, sgd, settings);
    }

    /** One Adam step of every label's logits on its {@code gradients} plus the cost penalty's. */
    private void learnArchitecture(Map<String, float[]> gradients) {
        supernet.parameters().forEach((label, alpha) -> alpha.adamStep(penalty.addGradient(alpha, gradients.get(label)),
                architectureLearningRate, BETA1, BETA2, ARCHITECTURE_WEIGHT_DECAY));
    }

    /** One weight step on ({@code x}, {@code y}); returns the batch's loss. */
    float weightStep(NDManager manager, NDList x, NDList y) {
        float value;
        try (NDManager step = manager.newSubManager(); GradientCollector collector = trainer.newGradientCollector()) {
            supernet.begin(step, false, relaxation);
            NDArray loss = trainer.getLoss().evaluate(y, supernet.block().forward(store, x, true));
            collector.backward(loss);
            value = loss.getFloat();
        } finally {
            supernet.end();
        }
        clipGradients();
        store.updateAllParameters();
        return value;
    }

    /**
     * One weight step on ({@code x}, {@code y}) along {@code path} alone (SPOS): the mixed blocks
     * run only the path's candidates, and the weights off the path are frozen for the step, since
     * DJL's optimisers move every parameter that requires a gradient, even a zero one (momentum,
     * Adam's moments, weight decay), where PyTorch skips a parameter that has no gradient.
     */
    float pathStep(NDManager manager, NDList x, NDList y, Map<String, List<Integer>> path) {
        supernet.setPath(path);
        List<Parameter> off = new ArrayList<>(supernet.offPathWeights());
        off.retainAll(weights);
        if (off.size() == weights.size()) {
            // no weight on the path (a zero or identity candidate alone): nothing to learn, and a
            // backward pass through no parameter would fail
            try {
                return trainer.getLoss().evaluate(y, supernet.block().forward(store, x, true)).getFloat();
            } finally {
                supernet.clearPath();
            }
        }
        off.forEach(p -> p.freeze(true));
        try {
            return weightStep(manager, x, y);
        } finally {
            off.forEach(p -> p.freeze(false));
            supernet.clearPath();
        }
    }

    /**
     * How many examples of ({@code x}, {@code y}) the supernet classifies right along {@code path}
     * (the argmax of its output), in inference mode, learning nothing.
     */
    int correct(NDManager manager, NDList x, NDList y, Map<String, List<Integer>> path) {
        supernet.setPath(path);
        try (NDManager step = manager.newSubManager()) {
            supernet.begin(step, false, relaxation);
            NDArray predicted = supernet.block().forward(store, x, false).singletonOrThrow().argMax(1);
            return (int) predicted.toType(ai.djl.ndarray.types.DataType.INT64, false)
                    .eq(y.singletonOrThrow().toType(ai.djl.ndarray.types.DataType.INT64, false))
                    .sum().getLong();
        } finally {
            supernet.end();
            supernet.clearPath();
        }
    }

    /**
     * Recalculates the running statistics of the BatchNorm layers on {@code path} from
     * {@code inputs} (see {@link BatchNormStatistics}); the others keep theirs.
     */
    void recalculateBatchNorm(BatchNormStatistics statistics, List<NDList> inputs,
            Map<String, List<Integer>> path) {
        supernet.setPath(path);
        try {
            statistics.recalculate(supernet.block(), store, inputs);
        } finally {
            supernet.clearPath();
        }
    }

    private void freezeWeights(boolean freeze) {
        for (Parameter weight : weights) {
            weight.freeze(freeze);
        }
    }

    /** Scales the weights' gradients so that their global L2 norm is at most {@link #gradientClip}. */
    private void clipGradients() {
        if (gradientClip <= 0) {
            return;
        }
        List<NDArray> gradients = new ArrayList<>(weights.size());
        try {
            for (Parameter weight : weights) {
                if (weight.getArray().hasGradient()) {
                    gradients.add(weight.getArray().getGradient());
                }
            }
            double norm = globalNorm(gradients);
            if (norm > gradientClip) {
                float scale = (float) (gradientClip / (norm + 1e-6));
                gradients.forEach(g -> g.muli(scale));
            }
        } finally {
            gradients.forEach(NDArray::close);
        }
    }

    /** The L2 norm of all of {@code arrays}' entries together (what gradient clipping and DARTS's eps use). */
    static double globalNorm(List<NDArray> arrays) {
        double squares = 0;
        for (NDArray array : arrays) {
            try (NDArray square = array.square(); NDArray sum = square.sum()) {
                squares += sum.getFloat();
            }
        }
        return Math.sqrt(squares);
    }
}
