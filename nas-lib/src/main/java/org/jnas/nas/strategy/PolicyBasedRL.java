package org.jnas.nas.strategy;

import org.jnas.nas.space.Sample;
import org.jnas.nas.space.SearchSpace;
import org.jnas.nas.trial.Direction;

/**
 * A policy-gradient controller over the choices (NNI's {@code PolicyBasedRL}, here plain REINFORCE
 * in pure Java instead of NNI's PPO on PyTorch). The policy holds softmax logits per choice and
 * proposes by sampling them, so conditional spaces work unchanged. Each result, as it arrives, is
 * turned into a reward: the direction's score, standardised by the running mean and deviation of
 * all scores so far, minus a moving-average baseline; the logits of the choices the sample made
 * move by {@code learningRate * reward * grad log p}, plus an optional entropy bonus that keeps the
 * policy exploring. Proposals never wait for results, so any concurrency works (each proposal is
 * one member of the batch in flight).
 *
 * <p>With dedup (the default) an architecture already proposed is redrawn; once the policy keeps
 * drawing seen ones, a random unseen one is proposed, and the search ends when every architecture
 * has been.
 */
public final class PolicyBasedRL extends BaseStrategy {
    /** Policy draws that hit already-seen architectures before a random unseen one is proposed. */
    private static final int POLICY_TRIES = 16;

    private static final double DEFAULT_BASELINE_DECAY = 0.9;
    private static final double DEFAULT_ENTROPY_WEIGHT = 0.0;

    private double learningRate = 0.2;
    private double baselineDecay = DEFAULT_BASELINE_DECAY;
    private double entropyWeight = DEFAULT_ENTROPY_WEIGHT;
    private boolean dedup = true;

    private Rng rng;
    private SeenSamples seen;
    private ChoiceIndex index;
    private double[][] logits;
    private double baseline;
    private long results;
    private double mean;
    private double squares;

    /** Use {@link org.jnas.nas.strategy.Strategy#policyBasedRL()}. */
    public PolicyBasedRL() {}

    /** Step size of each policy update (default 0.2). */
    public PolicyBasedRL learningRate(double learningRate) {
        requireNotStarted("learningRate");
        if (!(learningRate > 0)) {
            throw new IllegalArgumentException("learningRate must be > 0: " + learningRate);
        }
        this.learningRate = learningRate;
        return this;
    }

    /** Decay of the moving-average reward baseline (default 0.9). */
    public PolicyBasedRL baselineDecay(double baselineDecay) {
        requireNotStarted("baselineDecay");
        if (!(baselineDecay >= 0 && baselineDecay < 1)) {
            throw new IllegalArgumentException("baselineDecay must be in [0, 1): " + baselineDecay);
        }
        this.baselineDecay = baselineDecay;
        return this;
    }

    /** Weight of the entropy bonus (default 0: none). */
    public PolicyBasedRL entropyWeight(double entropyWeight) {
        requireNotStarted("entropyWeight");
        if (!(entropyWeight >= 0)) {
            throw new IllegalArgumentException("entropyWeight must be >= 0: " + entropyWeight);
        }
        this.entropyWeight = entropyWeight;
        return this;
    }

    /** Whether to skip architectures already proposed (default true). */
    public PolicyBasedRL dedup(boolean dedup) {
        requireNotStarted("dedup");
        this.dedup = dedup;
        return this;
    }

    @Override
    public String name() {
        return "PolicyBasedRL(lr=" + learningRate + unlessDefault("baselineDecay", baselineDecay, DEFAULT_BASELINE_DECAY)
                + unlessDefault("entropyWeight", entropyWeight, DEFAULT_ENTROPY_WEIGHT) + unlessDefault("dedup", dedup, true) + ")";
    }

    @Override
    void begin(SearchSpace space, Direction direction, long seed) {
        rng = new Rng(seed);
        seen = dedup ? new SeenSamples(space) : null;
        index = new ChoiceIndex(space);
        logits = new double[index.count()][];
        for (int c = 0; c < logits.length; c++) {
            logits[c] = new double[index.choice(c).size()];
        }
        baseline = 0;
        results = 0;
        mean = 0;
        squares = 0;
    }

    @Override
    Proposal next(Capacity capacity) {
        if (dedup && seen.exhausted()) {
            return Proposal.EXHAUSTED;
        }
        Sample sample = fromPolicy();
        for (int i = 1; dedup && seen.contains(sample) && i < POLICY_TRIES; i++) {
            sample = fromPolicy();
        }
        if (dedup) {
            if (seen.contains(sample)) {
                sample = seen.randomUnseen(rng);
                if (sample == null) {
                    return Proposal.EXHAUSTED;
                }
            }
            seen.add(sample);
        }
        return Proposal.of(sample);
    }

    @Override
    void learn(TrialOutcome outcome) {
        if (outcome.metric().isEmpty()) {
            return; // no result, no reward
        }
        double score = direction().score(outcome.metric().getAsDouble());
        results++;
        double delta = score - mean;
        mean += delta / results;
        squares += delta * (score - mean);
        double sd = results > 1 ? Math.sqrt(squares / (results - 1)) : 0;
        double reward = sd > 0 ? (score - mean) / sd : 0;
        double advantage = reward - baseline;
        baseline = baselineDecay * baseline + (1 - baselineDecay) * reward;

        int[] x = index.encode(outcome.sample());
        for (int c = 0; c < x.length; c++) {
            if (x[c] < 0) {
                continue;
            }
            double[] p = softmax(logits[c]);
            double entropy = 0;
            for (double pk : p) {
                entropy -= pk > 0 ? pk * Math.log(pk) : 0;
            }
            for (int k = 0; k < p.length; k++) {
                double logProbGrad = (k == x[c] ? 1 : 0) - p[k];
                double entropyGrad = p[k] > 0 ? -p[k] * (Math.log(p[k]) + entropy) : 0;
                logits[c][k] += learningRate * (advantage * logProbGrad + entropyWeight * entropyGrad);
            }
        }
    }

    private Sample fromPolicy() {
        return space().sample(choice -> rng.nextWeighted(softmax(logits[index.id(choice)])));
    }

    private static double[] softmax(double[] z) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : z) {
            max = Math.max(max, v);
        }
        double[] p = new double[z.length];
        double sum = 0;
        for (int i = 0; i < z.length; i++) {
            p[i] = Math.exp(z[i] - max);
            sum += p[i];
        }
        for (int i = 0; i < z.length; i++) {
            p[i] /= sum;
        }
        return p;
    }
}
