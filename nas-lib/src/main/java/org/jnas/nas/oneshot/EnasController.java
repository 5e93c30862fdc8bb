package org.jnas.nas.oneshot;

import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.Batch;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * ENAS's steps: the controller is the supernet's architecture parameters, one categorical policy
 * softmax(alpha) per label, trained by REINFORCE; each weight step trains one path drawn from the
 * policy (the weights off it frozen), each architecture step draws a path, takes as reward the
 * fraction of the architecture batch it classifies right with the supernet's weights (inference
 * mode, nothing trained), less the cost penalty of the path if one is set, and moves the policy by
 * Adam on
 * {@code -(reward - baseline) log pi(path) - ENTROPY_WEIGHT * entropy}.
 *
 * <p>Per-label logits, not ENAS's LSTM over the labels: an LSTM lets one decision depend on the
 * earlier ones, which a cell space with long chains of choices gains from, but it has its own
 * weights to learn from few, noisy rewards; independent logits learn from the first rewards, give
 * the probabilities per label that every other strategy here reports, and export as their argmax.
 * The baseline is a moving average of the rewards (decay {@link #BASELINE_DECAY}, started at the
 * first reward); the entropy bonus's weight is ENAS's 1e-4. An input choice's k inputs are drawn
 * one after the other without replacement, and log pi is that sequence's (Plackett-Luce).
 */
final class EnasController implements BatchSteps {
    static final double BASELINE_DECAY = 0.99;
    static final double ENTROPY_WEIGHT = 1e-4;
    /** The controller's Adam, as ENAS's: betas (0.9, 0.999), no weight decay. */
    private static final double BETA1 = 0.9;
    private static final double BETA2 = 0.999;

    private final Supernet supernet;
    private final DartsSteps steps;
    private final Random random;
    private final double learningRate;
    private final CostPenalty penalty;
    private double baseline = Double.NaN;

    /** A controller whose reward is the accuracy less {@code penalty} of the drawn path. */
    EnasController(Supernet supernet, DartsSteps steps, Random random, double learningRate, CostPenalty penalty) {
        this.supernet = supernet;
        this.penalty = penalty;
        this.steps = steps;
        this.random = random;
        this.learningRate = learningRate;
    }

    @Override
    public String architectureMetric() {
        return "reward";
    }

    /** Draws a path, scores it on {@code batch} and moves the policy; returns the reward. */
    @Override
    public float architectureStep(NDManager arrays, Batch batch, Batch weightBatch) {
        Map<String, List<Integer>> draws = PolicySampling.draw(supernet, random);
        Map<String, List<Integer>> path = PolicySampling.path(draws);
        double reward = (double) steps.correct(arrays, batch.getData(), batch.getLabels(), path) / batch.getSize()
                - penalty.of(path);
        baseline = Double.isNaN(baseline) ? reward : BASELINE_DECAY * baseline + (1 - BASELINE_DECAY) * reward;
        double advantage = reward - baseline;
        draws.forEach((label, drawn) -> {
            ArchitectureParameter alpha = supernet.parameters().get(label);
            alpha.adamStep(gradient(alpha.probabilities(), drawn, advantage), learningRate, BETA1, BETA2, 0);
        });
        return (float) reward;
    }

    @Override
    public float weightStep(NDManager arrays, Batch batch) {
        return steps.pathStep(arrays, batch.getData(), batch.getLabels(),
                PolicySampling.path(PolicySampling.draw(supernet, random)));
    }

    /**
     * The gradient with respect to the logits of {@code -advantage * log pi(drawn) - ENTROPY_WEIGHT * H(p)},
     * where drawing in order without replacement gives
     * {@code d log pi / d l_i = sum_t (1[i = a_t] - 1[i not drawn before t] p_i / (1 - sum of the p drawn before t))}
     * and {@code dH / d l_i = -p_i (log p_i + H)}.
     */
    static float[] gradient(List<Double> p, List<Integer> drawn, double advantage) {
        int n = p.size();
        double[] logPi = new double[n];
        boolean[] before = new boolean[n];
        double left = 1;
        for (int a : drawn) {
            for (int i = 0; i < n; i++) {
                if (!before[i]) {
                    logPi[i] -= p.get(i) / left;
                }
            }
            logPi[a] += 1;
            before[a] = true;
            left -= p.get(a);
        }
        double entropy = 0;
        for (double v : p) {
            entropy -= v > 0 ? v * Math.log(v) : 0;
        }
        float[] g = new float[n];
        for (int i = 0; i < n; i++) {
            double dEntropy = p.get(i) > 0 ? -p.get(i) * (Math.log(p.get(i)) + entropy) : 0;
            g[i] = (float) (-advantage * logPi[i] - ENTROPY_WEIGHT * dEntropy);
        }
        return g;
    }
}
