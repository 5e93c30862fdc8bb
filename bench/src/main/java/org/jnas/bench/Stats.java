package org.jnas.bench;

import java.util.Arrays;
import java.util.Collection;
import java.util.Locale;

/**
 * The order statistics of a set of measurements: an immutable sorted copy that answers median,
 * quantiles, extremes and mean, and formats them. Quantiles interpolate linearly between the two
 * nearest ranks (numpy's and Python's {@code statistics.quantiles(method='inclusive')} rule), so
 * the median of an even count is the mean of the middle two.
 *
 * <pre>{@code
 * Stats idle = Stats.of(idleNanos).scaled(1e-6);          // nanoseconds -> ms
 * System.out.println("slot idle " + idle.format("%.2f ms")); // median 0.12 ms, p90 0.30 ms, max 0.41 ms (n=29)
 * }</pre>
 */
public final class Stats {
    private final double[] sorted;

    private Stats(double[] sorted) {
        this.sorted = sorted;
    }

    /** The statistics of {@code values} (copied; NaN is refused, as it has no rank). */
    public static Stats of(double... values) {
        double[] copy = values.clone();
        for (double v : copy) {
            if (Double.isNaN(v)) {
                throw new IllegalArgumentException("a measurement is NaN: " + Arrays.toString(values));
            }
        }
        Arrays.sort(copy);
        return new Stats(copy);
    }

    /** The statistics of {@code values}, e.g. nanoseconds from {@link System#nanoTime()} differences. */
    public static Stats of(long... values) {
        return of(Arrays.stream(values).asDoubleStream().toArray());
    }

    /** The statistics of {@code values}. */
    public static Stats of(Collection<? extends Number> values) {
        return of(values.stream().mapToDouble(Number::doubleValue).toArray());
    }

    /** Every value times {@code factor}: a change of unit (a negative factor is refused: it reverses the order). */
    public Stats scaled(double factor) {
        if (!(factor > 0)) {
            throw new IllegalArgumentException("factor must be positive, got " + factor);
        }
        return new Stats(Arrays.stream(sorted).map(v -> v * factor).toArray());
    }

    /** How many values there are. */
    public int count() {
        return sorted.length;
    }

    /** Whether there are none (then every statistic is NaN). */
    public boolean isEmpty() {
        return sorted.length == 0;
    }

    /** The smallest value, NaN when empty. */
    public double min() {
        return isEmpty() ? Double.NaN : sorted[0];
    }

    /** The largest value, NaN when empty. */
    public double max() {
        return isEmpty() ? Double.NaN : sorted[sorted.length - 1];
    }

    /** The arithmetic mean, NaN when empty. */
    public double mean() {
        return isEmpty() ? Double.NaN : sum() / sorted.length;
    }

    /** The sum of the values (0 when empty). */
    public double sum() {
        return Arrays.stream(sorted).sum();
    }

    /** The sample standard deviation (divided by n - 1), NaN with fewer than two values. */
    public double standardDeviation() {
        if (sorted.length < 2) {
            return Double.NaN;
        }
        double mean = mean();
        double squares = Arrays.stream(sorted).map(v -> (v - mean) * (v - mean)).sum();
        return Math.sqrt(squares / (sorted.length - 1));
    }

    /** The median, NaN when empty. */
    public double median() {
        return quantile(0.5);
    }

    /** The {@code q}-quantile, {@code 0 <= q <= 1}, NaN when empty. */
    public double quantile(double q) {
        if (!(q >= 0 && q <= 1)) {
            throw new IllegalArgumentException("quantile must be in [0, 1], got " + q);
        }
        if (isEmpty()) {
            return Double.NaN;
        }
        double rank = q * (sorted.length - 1);
        int below = (int) Math.floor(rank);
        int above = Math.min(below + 1, sorted.length - 1);
        if (rank == below) {
            // an exact rank: no interpolation, so an infinite neighbour (never reached) gives no NaN
            return sorted[below];
        }
        return sorted[below] + (rank - below) * (sorted[above] - sorted[below]);
    }

    /** The values in ascending order (a copy). */
    public double[] sortedValues() {
        return sorted.clone();
    }

    /**
     * Median, 90th percentile and maximum, each written with {@code numberFormat} (a
     * {@link String#format} pattern for one number, unit included), and the count: {@code
     * "median 1.20 ms, p90 2.00 ms, max 3.10 ms (n=30)"}.
     */
    public String format(String numberFormat) {
        return String.format(Locale.ROOT, "median %s, p90 %s, max %s (n=%d)", number(numberFormat, median()),
                number(numberFormat, quantile(0.9)), number(numberFormat, max()), count());
    }

    /** Formats one number with {@code numberFormat} in the root locale (a decimal point whatever the machine's locale). */
    public static String number(String numberFormat, double value) {
        return String.format(Locale.ROOT, numberFormat, value);
    }

    /** Each value written with {@code numberFormat}, in a list: {@code "[612, 487]"}. */
    public static String numbers(String numberFormat, Collection<? extends Number> values) {
        return values.stream().map(v -> number(numberFormat, v.doubleValue())).toList().toString();
    }

    /** {@link #format} with three significant digits. */
    @Override
    public String toString() {
        return format("%.3g");
    }
}
