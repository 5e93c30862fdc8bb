package org.jnas.nas.oneshot;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.jnas.nas.space.ChoiceKind;

/**
 * The architecture parameters of one label (DARTS's alpha): one logit per candidate, shared by
 * every mixed block that uses the label.
 *
 * <p>The logits live in Java, not in the DJL block tree, on purpose: a DJL parameter registered in
 * two blocks would be listed, initialised and updated twice, and keeping them out of the tree means
 * the weight optimiser can never move them. Each step makes a fresh array of them ({@link #begin});
 * a fresh leaf has no gradient left over from an earlier step, which DJL would not zero.
 *
 * <p>Not thread-safe: one search drives its supernet from one thread.
 */
final class ArchitectureParameter {
    private final String label;
    private final ChoiceKind kind;
    private final int numChosen;
    private final float[] logits;
    private final float[] firstMoment;
    private final float[] secondMoment;
    private int updates;
    private NDArray current;
    private Relaxation relaxation;
    private NDArray weights;
    private List<Integer> path;

    /**
     * Logits drawn from N(0, 1e-3), as NNI does, so no candidate starts ahead by more than noise.
     *
     * @param numChosen how many candidates an architecture takes (input choices; 1 otherwise)
     */
    ArchitectureParameter(String label, ChoiceKind kind, int size, int numChosen, Random random) {
        this.label = label;
        this.kind = kind;
        this.numChosen = numChosen;
        this.logits = new float[size];
        for (int i = 0; i < size; i++) {
            logits[i] = (float) (random.nextGaussian() * 1e-3);
        }
        this.firstMoment = new float[size];
        this.secondMoment = new float[size];
    }

    String label() {
        return label;
    }

    ChoiceKind kind() {
        return kind;
    }

    int size() {
        return logits.length;
    }

    int numChosen() {
        return numChosen;
    }

    /** What a checkpoint keeps of this label: the logits and the Adam state that moves them. */
    record State(float[] logits, float[] firstMoment, float[] secondMoment, int updates) {
    }

    State state() {
        return new State(logits.clone(), firstMoment.clone(), secondMoment.clone(), updates);
    }

    /** Continues from {@code state}, a {@link #state()} of this label. */
    void restore(State state) {
        if (state.logits().length != logits.length) {
            throw new IllegalArgumentException("label '" + label + "' has " + logits.length + " candidates, the"
                    + " checkpoint " + state.logits().length + ": it is of another space");
        }
        System.arraycopy(state.logits(), 0, logits, 0, logits.length);
        System.arraycopy(state.firstMoment(), 0, firstMoment, 0, logits.length);
        System.arraycopy(state.secondMoment(), 0, secondMoment, 0, logits.length);
        updates = state.updates();
    }

    /**
     * Sets the logits to log {@code p}, so that {@link #probabilities()} is {@code p}: ENAS's LSTM
     * controller shows its policy through them (the Adam state stays unused).
     */
    void setProbabilities(List<Double> p) {
        for (int i = 0; i < logits.length; i++) {
            logits[i] = (float) Math.log(Math.max(p.get(i), 1e-30));
        }
    }

    /** A copy of the logits. */
    float[] logits() {
        return logits.clone();
    }

    /**
     * Makes this step's array of the logits in {@code manager}, recording gradients for it when
     * {@code learn} is set (the architecture step) and not otherwise (the weight step);
     * {@code relaxation} turns them into the candidates' weights.
     */
    void begin(NDManager manager, boolean learn, Relaxation relaxation) {
        current = manager.create(logits.clone());
        if (learn) {
            current.setRequiresGradient(true);
        }
        this.relaxation = relaxation;
        weights = null;
    }

    /** Forgets this step's arrays (their manager frees them). */
    void end() {
        current = null;
        relaxation = null;
        weights = null;
    }

    /**
     * The candidates' weights for this step (softmax(alpha), or its Gumbel relaxation), computed
     * once however many blocks share the label, so that they share one draw of noise too.
     */
    NDArray weights() {
        if (current == null) {
            throw new IllegalStateException("label '" + label + "': the supernet ran outside a search step");
        }
        if (weights == null) {
            weights = relaxation.weights(this, current);
        }
        return weights;
    }

    /** The gradient this step's backward pass left on the logits (zeros when it reached none). */
    float[] gradient() {
        if (current == null || !current.hasGradient()) {
            return new float[logits.length];
        }
        try (NDArray gradient = current.getGradient()) {
            return gradient.toFloatArray();
        }
    }

    /**
     * One Adam step on the logits from {@code gradient}, as PyTorch's {@code Adam}: weight decay
     * added to the gradient (L2), bias-corrected moments, epsilon 1e-8.
     */
    void adamStep(float[] gradient, double learningRate, double beta1, double beta2, double weightDecay) {
        updates++;
        double correction1 = 1 - Math.pow(beta1, updates);
        double correction2 = 1 - Math.pow(beta2, updates);
        for (int i = 0; i < logits.length; i++) {
            double g = gradient[i] + weightDecay * logits[i];
            firstMoment[i] = (float) (beta1 * firstMoment[i] + (1 - beta1) * g);
            secondMoment[i] = (float) (beta2 * secondMoment[i] + (1 - beta2) * g * g);
            double step = learningRate * (firstMoment[i] / correction1) / (Math.sqrt(secondMoment[i] / correction2) + 1e-8);
            logits[i] = (float) (logits[i] - step);
        }
    }

    /**
     * Sets the one path the mixed blocks of this label follow until {@link #clearPath}, instead of
     * mixing: a layer candidate's or a repeat depth's index, or an input choice's chosen inputs.
     */
    void setPath(List<Integer> path) {
        int expected = kind == ChoiceKind.INPUT ? numChosen : 1;
        if (path.size() != expected) {
            throw new IllegalArgumentException("label '" + label + "': a path takes " + expected + " candidate(s), got " + path);
        }
        for (int i : path) {
            if (i < 0 || i >= logits.length) {
                throw new IllegalArgumentException("label '" + label + "': candidate " + i + " is not among its "
                        + logits.length);
            }
        }
        this.path = List.copyOf(path);
    }

    void clearPath() {
        path = null;
    }

    /** The path set by {@link #setPath}, or null when the mixed blocks mix every candidate. */
    List<Integer> path() {
        return path;
    }

    /** A path drawn uniformly: one candidate, or {@code numChosen} distinct inputs, sorted. */
    List<Integer> randomPath(Random random) {
        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < logits.length; i++) {
            all.add(i);
        }
        Collections.shuffle(all, random);
        List<Integer> chosen = new ArrayList<>(all.subList(0, kind == ChoiceKind.INPUT ? numChosen : 1));
        chosen.sort(null);
        return List.copyOf(chosen);
    }

    /** softmax(alpha), in candidate order, summing to 1. */
    List<Double> probabilities() {
        double[] l = new double[logits.length];
        for (int i = 0; i < l.length; i++) {
            l[i] = logits[i];
        }
        List<Double> p = new ArrayList<>(l.length);
        for (double v : softmax(l)) {
            p.add(v);
        }
        return List.copyOf(p);
    }

    /** softmax of {@code logits}, less their largest first so that no exponential overflows. */
    static double[] softmax(double[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : logits) {
            max = Math.max(max, v);
        }
        double[] p = new double[logits.length];
        double sum = 0;
        for (int i = 0; i < p.length; i++) {
            p[i] = Math.exp(logits[i] - max);
            sum += p[i];
        }
        for (int i = 0; i < p.length; i++) {
            p[i] /= sum;
        }
        return p;
    }

    /** The indices of the {@code numChosen} largest logits, sorted; ties go to the earlier candidate. */
    List<Integer> top() {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < logits.length; i++) {
            order.add(i);
        }
        order.sort((a, b) -> logits[a] != logits[b] ? Float.compare(logits[b], logits[a]) : Integer.compare(a, b));
        List<Integer> chosen = new ArrayList<>(order.subList(0, numChosen));
        chosen.sort(null);
        return List.copyOf(chosen);
    }
}
