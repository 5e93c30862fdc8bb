package org.jnas.nas.trial;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/** Whether a search looks for the largest metric (accuracy) or the smallest (loss, error). */
public enum Direction {
    MAXIMIZE,
    MINIMIZE;

    /** True when {@code a} is strictly better than {@code b} in this direction. */
    public boolean isBetter(double a, double b) {
        return this == MAXIMIZE ? a > b : a < b;
    }

    /** The metric turned into a score where larger is always better (what strategies optimise). */
    public double score(double metric) {
        return this == MAXIMIZE ? metric : -metric;
    }

    /**
     * The order in which trials rank, best first: trials with a finite final metric by score, then
     * the others; ties by lower id. A NaN or infinite metric is a computation that failed (a
     * diverged loss) and never ranks above a finite one. Tables sort by it; {@link #best} picks
     * from it.
     */
    public Comparator<TrialRecord> ranking() {
        return Comparator.<TrialRecord>comparingInt(t -> hasFiniteMetric(t) ? 0 : 1)
                .thenComparingDouble(t -> hasFiniteMetric(t) ? -score(t.metric().getAsDouble()) : 0)
                .thenComparingLong(TrialRecord::id);
    }

    /**
     * The {@code k} best succeeded trials with a finite metric, best first ({@link #ranking()}).
     * Every "best" in JNAS is this one: the best trial, kept weights, tables, charts, progress, the
     * dashboard and the store's summaries.
     */
    public List<TrialRecord> best(Collection<TrialRecord> trials, int k) {
        if (k < 0) {
            throw new IllegalArgumentException("k must be at least 0, got " + k);
        }
        // A heap of the k best so far, worst on top, each trial's metric read once: the live views
        // ask for a few of many thousands of trials every second, where sorting them all, or
        // reading a metric at every comparison, would dominate. The order is ranking()'s.
        Comparator<Ranked> bestFirst = Comparator.<Ranked>comparingDouble(r -> -r.score()).thenComparingLong(r -> r.trial().id());
        PriorityQueue<Ranked> kept = new PriorityQueue<>(Math.max(1, Math.min(k, trials.size())), bestFirst.reversed());
        for (TrialRecord t : trials) {
            Double metric = t.status() == TrialStatus.SUCCEEDED ? t.finalMetrics().get(TrialRecord.DEFAULT_METRIC) : null;
            if (k == 0 || metric == null || !Double.isFinite(metric)) {
                continue;
            }
            Ranked r = new Ranked(score(metric), t);
            if (kept.size() < k) {
                kept.add(r);
            } else if (bestFirst.compare(r, kept.peek()) < 0) {
                kept.poll();
                kept.add(r);
            }
        }
        List<Ranked> best = new ArrayList<>(kept);
        best.sort(bestFirst);
        return best.stream().map(Ranked::trial).toList();
    }

    private record Ranked(double score, TrialRecord trial) {}

    private static boolean hasFiniteMetric(TrialRecord t) {
        return t.metric().isPresent() && Double.isFinite(t.metric().getAsDouble());
    }
}
