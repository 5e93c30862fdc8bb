package org.jnas.nas.strategy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jnas.nas.space.Sample;
import org.jnas.nas.space.SearchSpace;
import org.jnas.nas.trial.Direction;

/**
 * Tree-structured Parzen estimator (Bergstra et al. 2011; NNI's {@code TPE}) over categorical
 * choices. After {@code startup} random trials, the results are split at the {@code gamma}
 * quantile into good and bad; each choice gets a categorical density l(x) from the good ones and
 * g(x) from the bad ones (plus a uniform prior worth {@code priorWeight} observations);
 * {@code candidates} samples are drawn from l and the one with the largest l(x)/g(x) is proposed.
 *
 * <p>Unlike NNI's TPE, which always minimises, "good" follows the search's {@link Direction}. A choice
 * absent from a sample (a conditional space) is simply not observed there. Running trials count as
 * bad (a pessimistic "constant liar"), so concurrent proposals spread out instead of piling on one
 * spot. With dedup (the default) no architecture is proposed twice, and the search ends when every
 * one has been.
 */
public final class Tpe extends BaseStrategy {
    private static final double DEFAULT_PRIOR_WEIGHT = 1.0;
    private static final int DEFAULT_CANDIDATES = 24;

    private int startup = 20;
    private double gamma = 0.25;
    private double priorWeight = DEFAULT_PRIOR_WEIGHT;
    private int candidates = DEFAULT_CANDIDATES;
    private boolean dedup = true;

    private Rng rng;
    private SeenSamples seen;
    private ChoiceIndex index;
    private final List<Observation> observations = new ArrayList<>();
    private final Map<Sample, Integer> running = new HashMap<>();

    /** Use {@link org.jnas.nas.strategy.Strategy#tpe()}. */
    public Tpe() {}

    /** Random trials before the model is used (default 20, as NNI). */
    public Tpe startup(int startup) {
        requireNotStarted("startup");
        if (startup < 1) {
            throw new IllegalArgumentException("startup must be >= 1: " + startup);
        }
        this.startup = startup;
        return this;
    }

    /** The fraction of results counted as good (default 0.25). */
    public Tpe gamma(double gamma) {
        requireNotStarted("gamma");
        if (!(gamma > 0 && gamma < 1)) {
            throw new IllegalArgumentException("gamma must be in (0, 1): " + gamma);
        }
        this.gamma = gamma;
        return this;
    }

    /** How many observations the uniform prior of each density is worth (default 1). */
    public Tpe priorWeight(double priorWeight) {
        requireNotStarted("priorWeight");
        if (!(priorWeight > 0)) {
            throw new IllegalArgumentException("priorWeight must be > 0: " + priorWeight);
        }
        this.priorWeight = priorWeight;
        return this;
    }

    /** Samples drawn from l(x) per proposal, ranked by l/g (default 24, as NNI). */
    public Tpe candidates(int candidates) {
        requireNotStarted("candidates");
        if (candidates < 1) {
            throw new IllegalArgumentException("candidates must be >= 1: " + candidates);
        }
        this.candidates = candidates;
        return this;
    }

    /** Whether to skip architectures already proposed (default true). */
    public Tpe dedup(boolean dedup) {
        requireNotStarted("dedup");
        this.dedup = dedup;
        return this;
    }

    @Override
    public String name() {
        return "TPE(gamma=" + gamma + ", startup=" + startup + unlessDefault("priorWeight", priorWeight, DEFAULT_PRIOR_WEIGHT)
                + unlessDefault("candidates", candidates, DEFAULT_CANDIDATES) + unlessDefault("dedup", dedup, true) + ")";
    }

    @Override
    void begin(SearchSpace space, Direction direction, long seed) {
        rng = new Rng(seed);
        seen = dedup ? new SeenSamples(space) : null;
        index = new ChoiceIndex(space);
        observations.clear();
        running.clear();
    }

    @Override
    Proposal next(Capacity capacity) {
        if (dedup && seen.exhausted()) {
            return Proposal.EXHAUSTED;
        }
        Sample sample = observations.size() < startup ? random() : fromModel();
        if (sample == null) {
            return Proposal.EXHAUSTED;
        }
        if (dedup) {
            seen.add(sample);
        }
        running.merge(sample, 1, Integer::sum);
        return Proposal.of(sample);
    }

    @Override
    void learn(TrialOutcome outcome) {
        running.computeIfPresent(outcome.sample(), (s, n) -> n > 1 ? n - 1 : null);
        if (outcome.metric().isPresent()) {
            observations.add(new Observation(index.encode(outcome.sample()), direction().score(outcome.metric().getAsDouble())));
        }
    }

    private Sample random() {
        return dedup ? seen.randomUnseen(rng) : space().sample(c -> rng.nextInt(c.size()));
    }

    private Sample fromModel() {
        List<Observation> sorted = new ArrayList<>(observations);
        sorted.sort(Comparator.comparingDouble(Observation::score).reversed()); // stable: earlier wins ties
        int good = Math.max(1, (int) Math.ceil(gamma * sorted.size()));
        double[][] l = prior();
        double[][] g = prior();
        for (int i = 0; i < sorted.size(); i++) {
            count(i < good ? l : g, sorted.get(i).x);
        }
        running.forEach((s, n) -> {
            int[] x = index.encode(s);
            for (int k = 0; k < n; k++) {
                count(g, x);
            }
        });
        double[][] logRatio = new double[l.length][];
        for (int c = 0; c < l.length; c++) {
            double lt = Arrays.stream(l[c]).sum();
            double gt = Arrays.stream(g[c]).sum();
            logRatio[c] = new double[l[c].length];
            for (int k = 0; k < l[c].length; k++) {
                logRatio[c][k] = Math.log(l[c][k] / lt) - Math.log(g[c][k] / gt);
            }
        }
        Sample[] drawn = new Sample[candidates];
        double[] scores = new double[candidates];
        for (int i = 0; i < candidates; i++) {
            double[] score = {0};
            drawn[i] = space().sample(choice -> {
                int c = index.id(choice);
                int k = rng.nextWeighted(l[c]);
                score[0] += logRatio[c][k];
                return k;
            });
            scores[i] = score[0];
        }
        // Best first (earlier draw wins ties); only the front runners are looked up in the seen set.
        for (int round = 0; round < candidates; round++) {
            int best = -1;
            for (int i = 0; i < candidates; i++) {
                if (drawn[i] != null && (best < 0 || scores[i] > scores[best])) {
                    best = i;
                }
            }
            if (!dedup || !seen.contains(drawn[best])) {
                return drawn[best];
            }
            drawn[best] = null;
        }
        return random();
    }

    private double[][] prior() {
        double[][] counts = new double[index.count()][];
        for (int c = 0; c < counts.length; c++) {
            int k = index.choice(c).size();
            counts[c] = new double[k];
            Arrays.fill(counts[c], priorWeight / k);
        }
        return counts;
    }

    private static void count(double[][] counts, int[] x) {
        for (int c = 0; c < x.length; c++) {
            if (x[c] >= 0) {
                counts[c][x[c]] += 1;
            }
        }
    }

    private record Observation(int[] x, double score) {}
}
