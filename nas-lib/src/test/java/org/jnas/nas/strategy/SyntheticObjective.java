package org.jnas.nas.strategy;

import org.jnas.nas.space.Sample;

/**
 * A random objective over {@link TestSpace#grid}: an additive term per label plus interaction terms
 * between random pairs of labels, all Gaussian. Its exact maximum and minimum are found by brute
 * force, so the regret of a search is known.
 */
public final class SyntheticObjective {
    private final int labels;
    private final double[][] additive;
    private final int[][] pairs;
    private final double[][][] interaction;
    private final double max;
    private final double min;

    /** {@code pairCount} interaction terms of weight {@code interactionScale} relative to the additive ones. */
    public SyntheticObjective(int labels, int candidates, int pairCount, double interactionScale, long seed) {
        this.labels = labels;
        Rng rng = new Rng(seed);
        additive = new double[labels][candidates];
        for (double[] a : additive) {
            for (int k = 0; k < candidates; k++) {
                a[k] = gaussian(rng);
            }
        }
        pairs = new int[pairCount][2];
        interaction = new double[pairCount][candidates][candidates];
        for (int p = 0; p < pairCount; p++) {
            int i = rng.nextInt(labels);
            int j = (i + 1 + rng.nextInt(labels - 1)) % labels;
            pairs[p] = new int[] {i, j};
            for (double[] row : interaction[p]) {
                for (int k = 0; k < candidates; k++) {
                    row[k] = interactionScale * gaussian(rng);
                }
            }
        }
        double hi = Double.NEGATIVE_INFINITY;
        double lo = Double.POSITIVE_INFINITY;
        int[] x = new int[labels];
        long total = (long) Math.pow(candidates, labels);
        for (long n = 0; n < total; n++) {
            long r = n;
            for (int i = 0; i < labels; i++) {
                x[i] = (int) (r % candidates);
                r /= candidates;
            }
            double v = value(x);
            hi = Math.max(hi, v);
            lo = Math.min(lo, v);
        }
        max = hi;
        min = lo;
    }

    /** The objective of a sample of {@code TestSpace.grid(labels, candidates)}. */
    public double value(Sample sample) {
        int[] x = new int[labels];
        for (int i = 0; i < labels; i++) {
            x[i] = ((Number) sample.get("x" + i)).intValue() / 10;
        }
        return value(x);
    }

    public double max() {
        return max;
    }

    public double min() {
        return min;
    }

    private double value(int[] x) {
        double v = 0;
        for (int i = 0; i < labels; i++) {
            v += additive[i][x[i]];
        }
        for (int p = 0; p < pairs.length; p++) {
            v += interaction[p][x[pairs[p][0]]][x[pairs[p][1]]];
        }
        return v;
    }

    private static double gaussian(Rng rng) {
        double u = 1 - rng.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.nextDouble());
    }
}
