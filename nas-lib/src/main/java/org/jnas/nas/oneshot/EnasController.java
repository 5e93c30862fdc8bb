package org.jnas.nas.oneshot;

import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.Batch;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.jnas.nas.space.ChoiceKind;

/**
 * ENAS's steps: a controller trained by REINFORCE, ENAS's LSTM over the labels ({@link EnasLstm},
 * the default) or one categorical policy softmax(alpha) per label (the labels' architecture
 * parameters themselves). Each weight step trains one path drawn from the controller, the weights
 * off it frozen; each architecture step draws a path, takes as reward the fraction of the
 * architecture batch it classifies right with the supernet's weights (inference mode, nothing
 * trained), less the cost penalty of the path if one is set, and moves the controller by Adam on
 * {@code -(reward - baseline) log pi(path)} with ENAS's entropy bonus ({@link #ENTROPY_WEIGHT}):
 * added to the LSTM's reward, as NNI adds it, and a term {@code -ENTROPY_WEIGHT * entropy} of the
 * per-label policy's loss.
 *
 * <p>The LSTM lets a decision depend on the earlier ones, and at one learning rate it learns far
 * faster than the per-label policy (each of its 64 weights behind a logit moves by about the
 * learning rate a step); the labels' logits then show its policy along its greedy path
 * ({@link EnasLstm#greedy()}), set after each of its steps, for the views; its most likely
 * architectures, which the export takes, come from a beam search ({@link #mostLikely()}). The
 * baseline is a moving average of the rewards (decay {@link #BASELINE_DECAY}, started at the first
 * reward). An input choice's k inputs are drawn one after the other without replacement, and log pi
 * is that sequence's (Plackett-Luce).
 */
final class EnasController implements BatchSteps {
    static final double BASELINE_DECAY = 0.99;
    static final double ENTROPY_WEIGHT = 1e-4;
    /** How many of its most likely architectures an LSTM controller reports after each epoch. */
    static final int RANKED = 20;
    /** The beam that finds them: exact for every space of at most this many architectures. */
    static final int BEAM_WIDTH = 100;
    /** The controller's Adam, as ENAS's: betas (0.9, 0.999), no weight decay. */
    private static final double BETA1 = 0.9;
    private static final double BETA2 = 0.999;

    private final Supernet supernet;
    private final DartsSteps steps;
    private final Random random;
    private final double learningRate;
    private final CostPenalty penalty;
    /** ENAS's LSTM over the labels, or null for a policy per label. */
    private final EnasLstm lstm;
    private double baseline = Double.NaN;

    /**
     * A controller whose reward is the accuracy less {@code penalty} of the drawn path; an LSTM
     * over the labels when {@code lstm} (its weights drawn from {@code seed}), a policy per label
     * otherwise.
     */
    EnasController(Supernet supernet, DartsSteps steps, Random random, double learningRate, CostPenalty penalty,
            boolean lstm, long seed) {
        this.supernet = supernet;
        this.penalty = penalty;
        this.steps = steps;
        this.random = random;
        this.learningRate = learningRate;
        this.lstm = lstm ? new EnasLstm(supernet.parameters().values().stream()
                .map(a -> new EnasLstm.Label(a.label(), a.size(), a.kind() == ChoiceKind.INPUT ? a.numChosen() : 1))
                .toList(), EnasLstm.HIDDEN, new Random(seed)) : null;
        showPolicy();
    }

    @Override
    public String architectureMetric() {
        return "reward";
    }

    /** Draws a path, scores it on {@code batch} and moves the policy; returns the reward. */
    @Override
    public float architectureStep(NDManager arrays, Batch batch, Batch weightBatch) {
        if (lstm != null) {
            EnasLstm.Episode episode = lstm.sample(random);
            double reward = reward(arrays, batch, PolicySampling.path(episode.draws()));
            lstm.adamStep(lstm.gradient(episode, advantage(reward + ENTROPY_WEIGHT * episode.entropy())), learningRate);
            showPolicy();
            return (float) reward;
        }
        Map<String, List<Integer>> draws = PolicySampling.draw(supernet, random);
        double reward = reward(arrays, batch, PolicySampling.path(draws));
        double advantage = advantage(reward);
        draws.forEach((label, drawn) -> {
            ArchitectureParameter alpha = supernet.parameters().get(label);
            alpha.adamStep(gradient(alpha.probabilities(), drawn, advantage), learningRate, BETA1, BETA2, 0);
        });
        return (float) reward;
    }

    @Override
    public float weightStep(NDManager arrays, Batch batch) {
        return steps.pathStep(arrays, batch.getData(), batch.getLabels(), PolicySampling.path(
                lstm != null ? lstm.sample(random).draws() : PolicySampling.draw(supernet, random)));
    }

    /**
     * With the LSTM, its {@link #RANKED} most likely architectures by a beam search of
     * {@link #BEAM_WIDTH} ({@link EnasBeamSearch}); draws that differ only in labels an architecture
     * does not meet are one architecture, their probabilities summed.
     */
    @Override
    public List<RankedArchitecture> mostLikely() {
        if (lstm == null) {
            return List.of();
        }
        Map<Map<String, Integer>, Double> architectures = new LinkedHashMap<>();
        for (EnasBeamSearch.Ranked r : EnasBeamSearch.mostLikely(lstm, BEAM_WIDTH)) {
            architectures.merge(supernet.candidatesOf(r.draws()), r.probability(), Double::sum);
        }
        return architectures.entrySet().stream()
                .sorted(Map.Entry.<Map<String, Integer>, Double>comparingByValue(Comparator.reverseOrder()))
                .limit(RANKED).map(e -> new RankedArchitecture(e.getKey(), e.getValue())).toList();
    }

    /** The baseline, then the LSTM's state when there is one. */
    @Override
    public double[] controllerState() {
        double[] lstmState = lstm == null ? new double[0] : lstm.state();
        double[] state = new double[1 + lstmState.length];
        state[0] = baseline;
        System.arraycopy(lstmState, 0, state, 1, lstmState.length);
        return state;
    }

    @Override
    public void restoreController(double[] state) {
        if (state == null) {
            if (lstm != null) {
                throw new IllegalArgumentException("the checkpoint keeps no LSTM controller: it was saved by ENAS with a"
                        + " policy per label (or before controllers were kept); resume with lstmController(false)");
            }
            return; // the baseline starts again from the next reward
        }
        if (lstm == null && state.length != 1) {
            throw new IllegalArgumentException("the checkpoint keeps ENAS's LSTM controller: resume with lstmController(true),"
                    + " the setting it was saved with");
        }
        baseline = state[0];
        if (lstm != null) {
            lstm.restore(Arrays.copyOfRange(state, 1, state.length));
            showPolicy();
        }
    }

    /** {@code reward} less the baseline, after the baseline has taken it in (the first reward starts it). */
    private double advantage(double reward) {
        baseline = Double.isNaN(baseline) ? reward : BASELINE_DECAY * baseline + (1 - BASELINE_DECAY) * reward;
        return reward - baseline;
    }

    /** The fraction of {@code batch} that {@code path} classifies right, less its cost penalty. */
    private double reward(NDManager arrays, Batch batch, Map<String, List<Integer>> path) {
        return (double) steps.correct(arrays, batch.getData(), batch.getLabels(), path) / batch.getSize() - penalty.of(path);
    }

    /** With the LSTM: its policy along its greedy path, into the labels' logits that the views read. */
    private void showPolicy() {
        if (lstm != null) {
            lstm.greedy().forEach((label, p) -> supernet.parameters().get(label).setProbabilities(p));
        }
    }

    /**
     * The gradient with respect to the logits of {@code -advantage * log pi(drawn) - ENTROPY_WEIGHT * H(p)},
     * from the {@link #scoreFunction} and {@code dH / d l_i = -p_i (log p_i + H)}.
     */
    static float[] gradient(List<Double> p, List<Integer> drawn, double advantage) {
        double[] score = scoreFunction(p, drawn);
        double entropy = 0;
        for (double v : p) {
            entropy -= v > 0 ? v * Math.log(v) : 0;
        }
        float[] g = new float[p.size()];
        for (int i = 0; i < g.length; i++) {
            double dEntropy = p.get(i) > 0 ? -p.get(i) * (Math.log(p.get(i)) + entropy) : 0;
            g[i] = (float) (-advantage * score[i] - ENTROPY_WEIGHT * dEntropy);
        }
        return g;
    }

    /**
     * {@code d log pi(drawn) / d l_i} for logits {@code l} whose softmax is {@code p}, where drawing
     * in order without replacement gives
     * {@code sum_t (1[i = a_t] - 1[i not drawn before t] p_i / (1 - sum of the p drawn before t))}.
     */
    static double[] scoreFunction(List<Double> p, List<Integer> drawn) {
        int n = p.size();
        double[] score = new double[n];
        boolean[] before = new boolean[n];
        double left = 1;
        for (int a : drawn) {
            for (int i = 0; i < n; i++) {
                if (!before[i]) {
                    score[i] -= p.get(i) / left;
                }
            }
            score[a] += 1;
            before[a] = true;
            left -= p.get(a);
        }
        return score;
    }
}
