package org.jnas.nas.trial;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One objective of a multi-objective search: a final metric of the trials (e.g. {@code "default"},
 * {@code "params"}, {@code "macs"}) and whether larger or smaller values are better, with a weight
 * that only a weighted sum of objectives reads ({@code Middleware.weightedSum}).
 *
 * <p>{@code Objective.maximize("default")}, {@code Objective.minimize("params").weight(1e-6)}.
 *
 * @param metric the final metric's key
 * @param direction whether larger or smaller values are better
 * @param weight the factor of this objective's score in a weighted sum (1 unless set)
 */
public record Objective(String metric, Direction direction, double weight) {
    public Objective {
        if (metric == null || metric.isBlank()) {
            throw new IllegalArgumentException("an objective's metric must not be blank, got '" + metric + "'");
        }
        Objects.requireNonNull(direction, "direction");
        if (!Double.isFinite(weight)) {
            throw new IllegalArgumentException("an objective's weight must be finite, got " + weight + " for " + metric);
        }
    }

    /** Larger values of {@code metric} are better. */
    public static Objective maximize(String metric) {
        return new Objective(metric, Direction.MAXIMIZE, 1);
    }

    /** Smaller values of {@code metric} are better. */
    public static Objective minimize(String metric) {
        return new Objective(metric, Direction.MINIMIZE, 1);
    }

    /** This objective with another weight (finite), for a weighted sum of objectives. */
    public Objective weight(double weight) {
        return new Objective(metric, direction, weight);
    }

    /**
     * This objective's score for a trial's final metrics, larger always better (the value negated
     * when minimising); NaN when the metric is missing, NaN or infinite.
     */
    public double score(Map<String, Double> metrics) {
        Double v = metrics.get(metric);
        return v == null || !Double.isFinite(v) ? Double.NaN : direction.score(v);
    }

    /**
     * The Pareto front of {@code trials} for {@code objectives}: the succeeded trials that no other
     * one dominates (another trial dominates when it is at least as good in every objective and
     * strictly better in one), in trial id order.
     *
     * <p>Trials with equal values in every objective do not dominate each other, so duplicates are
     * on the front together. A trial without a finite value of every objective (missing, NaN or
     * infinite: a metric that was never reported or a diverged computation) is never on the front
     * and dominates nothing: it cannot be compared in that objective, and ranking it as best or
     * worst there would be a guess that could hide a measured trial from the front.
     *
     * @throws IllegalArgumentException when {@code objectives} is empty or names a metric twice
     */
    public static List<TrialRecord> paretoFront(Collection<TrialRecord> trials, List<Objective> objectives) {
        check(objectives);
        List<TrialRecord> candidates = new ArrayList<>();
        List<double[]> scores = new ArrayList<>();
        for (TrialRecord t : trials) {
            double[] s = scores(t, objectives);
            if (t.status() == TrialStatus.SUCCEEDED && s != null) {
                candidates.add(t);
                scores.add(s);
            }
        }
        boolean[] front = nonDominated(scores);
        List<TrialRecord> out = new ArrayList<>();
        for (int i = 0; i < candidates.size(); i++) {
            if (front[i]) {
                out.add(candidates.get(i));
            }
        }
        out.sort(Comparator.comparingLong(TrialRecord::id));
        return out;
    }

    /** The ids of {@link #paretoFront}'s trials: what tables and charts mark. */
    public static Set<Long> paretoFrontIds(Collection<TrialRecord> trials, List<Objective> objectives) {
        Set<Long> ids = new HashSet<>();
        paretoFront(trials, objectives).forEach(t -> ids.add(t.id()));
        return ids;
    }

    /** Refuses an empty list or a metric named twice. */
    static void check(List<Objective> objectives) {
        Objects.requireNonNull(objectives, "objectives");
        if (objectives.isEmpty()) {
            throw new IllegalArgumentException("at least one objective is needed");
        }
        Set<String> metrics = new HashSet<>();
        for (Objective o : objectives) {
            if (!metrics.add(Objects.requireNonNull(o, "objective").metric())) {
                throw new IllegalArgumentException("metric '" + o.metric() + "' is named by two objectives");
            }
        }
    }

    /** The scores of every objective, or null when one is not finite. */
    private static double[] scores(TrialRecord t, List<Objective> objectives) {
        double[] s = new double[objectives.size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = objectives.get(i).score(t.finalMetrics());
            if (Double.isNaN(s[i])) {
                return null;
            }
        }
        return s;
    }

    /**
     * Which score vectors (larger better, all finite) no other one dominates. Sorted by the first
     * score, best first (ties by the rest, lexicographically), a vector can only be dominated by one
     * before it. For two objectives one sweep decides (the live views ask this of every trial
     * about once a second); for more, each vector is checked against the front kept so far.
     */
    private static boolean[] nonDominated(List<double[]> scores) {
        Integer[] order = new Integer[scores.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> {
            double[] x = scores.get(a);
            double[] y = scores.get(b);
            for (int k = 0; k < x.length; k++) {
                int c = Double.compare(y[k], x[k]);
                if (c != 0) {
                    return c;
                }
            }
            return 0;
        });
        boolean[] front = new boolean[order.length];
        if (!scores.isEmpty() && scores.get(0).length == 2) {
            // Every earlier vector is at least as good in the first score, so one dominates this one
            // exactly when the best second score so far beats it, or equals it in a vector that is
            // better in the first (the first vector to reach that second score has the best first).
            double[] leader = null;
            for (int i : order) {
                double[] s = scores.get(i);
                if (leader == null || s[1] > leader[1]) {
                    leader = s;
                    front[i] = true;
                } else {
                    front[i] = s[1] == leader[1] && s[0] == leader[0];
                }
            }
            return front;
        }
        List<double[]> kept = new ArrayList<>();
        for (int i : order) {
            double[] s = scores.get(i);
            boolean dominated = false;
            for (double[] k : kept) {
                if (dominates(k, s)) {
                    dominated = true;
                    break;
                }
            }
            if (!dominated) {
                front[i] = true;
                kept.add(s);
            }
        }
        return front;
    }

    /** Whether {@code a} is at least as good as {@code b} everywhere and better somewhere. */
    static boolean dominates(double[] a, double[] b) {
        boolean better = false;
        for (int k = 0; k < a.length; k++) {
            if (a[k] < b[k]) {
                return false;
            }
            better |= a[k] > b[k];
        }
        return better;
    }
}
