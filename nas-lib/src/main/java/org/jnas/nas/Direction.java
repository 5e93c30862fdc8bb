package org.jnas.nas;

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
}
