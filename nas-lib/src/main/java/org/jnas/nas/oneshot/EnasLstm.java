package org.jnas.nas.oneshot;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * ENAS's controller: an LSTM that takes the labels one after the other, so that each decision
 * depends on the ones before it, as NNI's {@code ReinforceController} (one layer of 64 units
 * without bias, logits {@code 1.5 tanh(W_label h)}, the next input the embedding of the candidate
 * just drawn, the first a learned vector). An input choice's k inputs are drawn from one step's
 * distribution one after the other without replacement, and the next input is the mean of their
 * embeddings (NNI draws each input of a multi-input choice on or off through attention over earlier
 * steps instead; JNAS's input choices take exactly k).
 *
 * <p>Plain Java in doubles, forward and backward: the controller is a few tens of thousands of
 * weights run one label at a time, which native calls per operation would only slow down. Its
 * weights, its Adam state and nothing else are its state ({@link #state()}).
 *
 * <p>Not thread-safe: one search drives it from one thread.
 */
final class EnasLstm {
    /** NNI's {@code lstm_size}. */
    static final int HIDDEN = 64;
    /** NNI's {@code tanh_constant}: logits stay within +-1.5, so no candidate's probability collapses early. */
    static final double TANH_CONSTANT = 1.5;
    /** The largest global L2 norm of a step's gradient (NNI's {@code grad_clip}). */
    static final double GRADIENT_CLIP = 5;

    /** A label the controller decides: its candidates and how many of them an architecture takes. */
    record Label(String name, int candidates, int numChosen) {
    }

    /** One drawn architecture with what its backward pass needs, step by step. */
    static final class Episode {
        private final Map<String, List<Integer>> draws = new LinkedHashMap<>();
        private final List<Step> steps = new ArrayList<>();
        private double entropy;

        /** Per label, the candidates drawn, in the order drawn. */
        Map<String, List<Integer>> draws() {
            return Collections.unmodifiableMap(draws);
        }

        /** The sum over the labels of their distributions' entropy (nats). */
        double entropy() {
            return entropy;
        }
    }

    /** One step of the LSTM: its input and state, its gates, its new state, the label's logits and distribution, and what was drawn. */
    record Step(double[] x, double[] hPrev, double[] cPrev, double[] i, double[] f, double[] g, double[] o,
            double[] c, double[] tanhC, double[] h, double[] u, double[] p, List<Integer> drawn) {
        Step drawing(List<Integer> drawn) {
            return new Step(x, hPrev, cPrev, i, f, g, o, c, tanhC, h, u, p, drawn);
        }
    }

    private final List<Label> labels;
    private final int hidden;
    private final int gEmb;
    private final int[] soft;
    private final int[] emb;
    private final double[] theta;
    private final double[] firstMoment;
    private final double[] secondMoment;
    private int updates;

    /**
     * A controller of {@code hidden} units over {@code labels}, in their order, initialised as
     * PyTorch initialises NNI's: the LSTM's and the logits' weights uniform in +-1/sqrt(hidden), the
     * embeddings N(0, 1), the first input N(0, 0.01).
     */
    EnasLstm(List<Label> labels, int hidden, Random random) {
        this.labels = List.copyOf(labels);
        this.hidden = hidden;
        int offset = 8 * hidden * hidden;
        this.gEmb = offset;
        offset += hidden;
        this.soft = new int[labels.size()];
        this.emb = new int[labels.size()];
        for (int l = 0; l < labels.size(); l++) {
            soft[l] = offset;
            offset += labels.get(l).candidates() * hidden;
            emb[l] = offset;
            offset += labels.get(l).candidates() * hidden;
        }
        this.theta = new double[offset];
        this.firstMoment = new double[offset];
        this.secondMoment = new double[offset];
        double bound = 1 / Math.sqrt(hidden);
        for (int k = 0; k < gEmb; k++) {
            theta[k] = (2 * random.nextDouble() - 1) * bound;
        }
        for (int k = 0; k < hidden; k++) {
            theta[gEmb + k] = random.nextGaussian() * 0.1;
        }
        for (int l = 0; l < labels.size(); l++) {
            for (int k = 0; k < labels.get(l).candidates() * hidden; k++) {
                theta[soft[l] + k] = (2 * random.nextDouble() - 1) * bound;
                theta[emb[l] + k] = random.nextGaussian();
            }
        }
    }

    /** Draws an architecture from the policy, keeping what {@link #gradient} needs. */
    Episode sample(Random random) {
        Episode episode = new Episode();
        run((l, p) -> PolicySampling.draw(toList(p), labels.get(l).numChosen(), random), episode);
        return episode;
    }

    /**
     * Per label, its distribution given the most likely candidates of the labels before it (the
     * greedy path): the probabilities the views show. The most likely architecture may take another
     * path ({@link EnasBeamSearch}).
     */
    Map<String, List<Double>> greedy() {
        Episode episode = new Episode();
        run((l, p) -> topK(p, labels.get(l).numChosen()), episode);
        Map<String, List<Double>> out = new LinkedHashMap<>();
        for (int l = 0; l < labels.size(); l++) {
            out.put(labels.get(l).name(), toList(episode.steps.get(l).p()));
        }
        return out;
    }

    /** log pi of {@code draws} (per label, the candidates in the order drawn) under the policy. */
    double logProbability(Map<String, List<Integer>> draws) {
        Episode episode = new Episode();
        run((l, p) -> draws.get(labels.get(l).name()), episode);
        double log = 0;
        for (Step step : episode.steps) {
            double left = 1;
            for (int a : step.drawn()) {
                log += Math.log(step.p()[a] / left);
                left -= step.p()[a];
            }
        }
        return log;
    }

    private interface Decision {
        List<Integer> decide(int label, double[] p);
    }

    private void run(Decision decision, Episode episode) {
        double[] x = firstInput();
        double[] h = new double[hidden];
        double[] c = new double[hidden];
        for (int l = 0; l < labels.size(); l++) {
            Step step = step(l, x, h, c);
            for (double v : step.p()) {
                episode.entropy -= v > 0 ? v * Math.log(v) : 0;
            }
            List<Integer> drawn = List.copyOf(decision.decide(l, step.p()));
            episode.draws.put(labels.get(l).name(), drawn);
            episode.steps.add(step.drawing(drawn));
            x = input(l, drawn);
            h = step.h();
            c = step.c();
        }
    }

    /** The input of the first step: a learned vector. */
    double[] firstInput() {
        double[] x = new double[hidden];
        System.arraycopy(theta, gEmb, x, 0, hidden);
        return x;
    }

    /**
     * One LSTM step on label {@code l} from input {@code x} and state {@code (hPrev, cPrev)}: the
     * label's distribution and what the backward pass needs (nothing drawn yet).
     */
    Step step(int l, double[] x, double[] hPrev, double[] cPrev) {
        double[] z = new double[4 * hidden];
        for (int r = 0; r < 4 * hidden; r++) {
            double s = 0;
            int wx = r * hidden;
            int wh = 4 * hidden * hidden + r * hidden;
            for (int j = 0; j < hidden; j++) {
                s += theta[wx + j] * x[j] + theta[wh + j] * hPrev[j];
            }
            z[r] = s;
        }
        double[] i = new double[hidden];
        double[] f = new double[hidden];
        double[] g = new double[hidden];
        double[] o = new double[hidden];
        double[] c = new double[hidden];
        double[] tanhC = new double[hidden];
        double[] h = new double[hidden];
        for (int j = 0; j < hidden; j++) {
            i[j] = sigmoid(z[j]);
            f[j] = sigmoid(z[hidden + j]);
            g[j] = Math.tanh(z[2 * hidden + j]);
            o[j] = sigmoid(z[3 * hidden + j]);
            c[j] = f[j] * cPrev[j] + i[j] * g[j];
            tanhC[j] = Math.tanh(c[j]);
            h[j] = o[j] * tanhC[j];
        }
        int n = labels.get(l).candidates();
        double[] u = new double[n];
        double[] logits = new double[n];
        for (int a = 0; a < n; a++) {
            double s = 0;
            for (int j = 0; j < hidden; j++) {
                s += theta[soft[l] + a * hidden + j] * h[j];
            }
            u[a] = s;
            logits[a] = TANH_CONSTANT * Math.tanh(s);
        }
        return new Step(x, hPrev, cPrev, i, f, g, o, c, tanhC, h, u, ArchitectureParameter.softmax(logits), List.of());
    }

    /** The next step's input after label {@code l} drew {@code drawn}: the mean of their embeddings. */
    double[] input(int l, List<Integer> drawn) {
        double[] next = new double[hidden];
        for (int a : drawn) {
            for (int j = 0; j < hidden; j++) {
                next[j] += theta[emb[l] + a * hidden + j] / drawn.size();
            }
        }
        return next;
    }

    /**
     * The gradient with respect to every weight of {@code -advantage * log pi(episode)}: the
     * logits' score function ({@link EnasController#scoreFunction}) back through the tanh of the
     * logits, the LSTM's steps (backpropagation through time) and the embeddings that fed them.
     */
    double[] gradient(Episode episode, double advantage) {
        double[] d = new double[theta.length];
        double[] dhNext = new double[hidden];
        double[] dcNext = new double[hidden];
        for (int l = labels.size() - 1; l >= 0; l--) {
            Step s = episode.steps.get(l);
            double[] score = EnasController.scoreFunction(toList(s.p()), s.drawn());
            double[] dh = dhNext.clone();
            for (int a = 0; a < s.u().length; a++) {
                double t = Math.tanh(s.u()[a]);
                double du = -advantage * score[a] * TANH_CONSTANT * (1 - t * t);
                for (int j = 0; j < hidden; j++) {
                    d[soft[l] + a * hidden + j] += du * s.h()[j];
                    dh[j] += du * theta[soft[l] + a * hidden + j];
                }
            }
            double[] dz = new double[4 * hidden];
            for (int j = 0; j < hidden; j++) {
                double dc = dh[j] * s.o()[j] * (1 - s.tanhC()[j] * s.tanhC()[j]) + dcNext[j];
                dz[j] = dc * s.g()[j] * s.i()[j] * (1 - s.i()[j]);
                dz[hidden + j] = dc * s.cPrev()[j] * s.f()[j] * (1 - s.f()[j]);
                dz[2 * hidden + j] = dc * s.i()[j] * (1 - s.g()[j] * s.g()[j]);
                dz[3 * hidden + j] = dh[j] * s.tanhC()[j] * s.o()[j] * (1 - s.o()[j]);
                dcNext[j] = dc * s.f()[j];
            }
            double[] dx = new double[hidden];
            dhNext = new double[hidden];
            for (int r = 0; r < 4 * hidden; r++) {
                int wx = r * hidden;
                int wh = 4 * hidden * hidden + r * hidden;
                for (int j = 0; j < hidden; j++) {
                    d[wx + j] += dz[r] * s.x()[j];
                    d[wh + j] += dz[r] * s.hPrev()[j];
                    dx[j] += theta[wx + j] * dz[r];
                    dhNext[j] += theta[wh + j] * dz[r];
                }
            }
            if (l == 0) {
                for (int j = 0; j < hidden; j++) {
                    d[gEmb + j] += dx[j];
                }
            } else {
                List<Integer> before = episode.steps.get(l - 1).drawn();
                for (int a : before) {
                    for (int j = 0; j < hidden; j++) {
                        d[emb[l - 1] + a * hidden + j] += dx[j] / before.size();
                    }
                }
            }
        }
        return d;
    }

    /**
     * One Adam step (betas (0.9, 0.999), epsilon 1e-8, no weight decay) on {@code gradient},
     * clipped first to a global L2 norm of {@link #GRADIENT_CLIP}.
     */
    void adamStep(double[] gradient, double learningRate) {
        double norm = 0;
        for (double v : gradient) {
            norm += v * v;
        }
        norm = Math.sqrt(norm);
        double scale = norm > GRADIENT_CLIP ? GRADIENT_CLIP / norm : 1;
        updates++;
        double correction1 = 1 - Math.pow(0.9, updates);
        double correction2 = 1 - Math.pow(0.999, updates);
        for (int k = 0; k < theta.length; k++) {
            double g = gradient[k] * scale;
            firstMoment[k] = 0.9 * firstMoment[k] + 0.1 * g;
            secondMoment[k] = 0.999 * secondMoment[k] + 0.001 * g * g;
            theta[k] -= learningRate * (firstMoment[k] / correction1) / (Math.sqrt(secondMoment[k] / correction2) + 1e-8);
        }
    }

    /** The weights, then the Adam moments, then the number of updates: what a checkpoint keeps. */
    double[] state() {
        double[] state = new double[3 * theta.length + 1];
        System.arraycopy(theta, 0, state, 0, theta.length);
        System.arraycopy(firstMoment, 0, state, theta.length, theta.length);
        System.arraycopy(secondMoment, 0, state, 2 * theta.length, theta.length);
        state[3 * theta.length] = updates;
        return state;
    }

    /**
     * Restores {@link #state()}.
     *
     * @throws IllegalArgumentException when it is of a controller of other labels or size
     */
    void restore(double[] state) {
        if (state.length != 3 * theta.length + 1) {
            throw new IllegalArgumentException("the checkpoint's ENAS controller has " + state.length + " numbers, this"
                    + " search's LSTM controller " + (3 * theta.length + 1) + ": resume with the settings it was saved with");
        }
        System.arraycopy(state, 0, theta, 0, theta.length);
        System.arraycopy(state, theta.length, firstMoment, 0, theta.length);
        System.arraycopy(state, 2 * theta.length, secondMoment, 0, theta.length);
        updates = (int) state[3 * theta.length];
    }

    /** The labels the controller decides, in order. */
    List<Label> labels() {
        return labels;
    }

    /** The units of its hidden state. */
    int hidden() {
        return hidden;
    }

    /** The weights, for tests that move one of them. */
    double[] weights() {
        return theta;
    }

    private static double sigmoid(double v) {
        return 1 / (1 + Math.exp(-v));
    }

    /** The {@code k} most likely candidates, most likely first (ties to the earlier). */
    private static List<Integer> topK(double[] p, int k) {
        List<Integer> order = new ArrayList<>();
        for (int a = 0; a < p.length; a++) {
            order.add(a);
        }
        order.sort((a, b) -> p[a] != p[b] ? Double.compare(p[b], p[a]) : Integer.compare(a, b));
        return List.copyOf(order.subList(0, k));
    }

    private static List<Double> toList(double[] p) {
        List<Double> list = new ArrayList<>(p.length);
        for (double v : p) {
            list.add(v);
        }
        return list;
    }
}
