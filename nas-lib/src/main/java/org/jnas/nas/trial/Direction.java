package org.jnas.nas.trial;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;

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
     * The {@code k} best succeeded trials in this direction, best first (ties: lower id first). A
     * trial without a finite metric never ranks: NaN or an infinity is a computation that failed
     * (a diverged loss), and the store keeps no such metric either. Every "best" in the library
     * (the driver, kept weights, tables, charts, progress, the dashboard) is this one.
     */
    public List<TrialRecord> best(Collection<TrialRecord> trials, int k) {
        Comparator<TrialRecord> byScore = Comparator.comparingDouble(t -> -score(t.metric().getAsDouble()));
        return trials.stream()
                .filter(t -> t.status() == TrialStatus.SUCCEEDED && t.metric().isPresent()
                        && Double.isFinite(t.metric().getAsDouble()))
                .sorted(byScore.thenComparingLong(TrialRecord::id))
                .limit(k)
                .toList();
    }
}
