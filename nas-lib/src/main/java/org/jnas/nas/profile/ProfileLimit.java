package org.jnas.nas.profile;

import java.util.Locale;
import java.util.Objects;

/**
 * An upper bound on what an architecture may cost: its trainable parameters or its MACs, read from
 * its {@link Profile}. Used by {@code Middleware.constraint} to skip architectures before training.
 *
 * <pre>{@code
 * ProfileLimit.parameters(1_000_000)   // at most a million trainable parameters
 * ProfileLimit.macs(20_000_000)        // at most 20M multiply-accumulates for the input shape
 * }</pre>
 *
 * <p>An immutable value; limits of the same measure and maximum are equal.
 */
public final class ProfileLimit {
    private enum Measure { PARAMETERS, MACS }

    private final Measure measure;
    private final long max;

    private ProfileLimit(Measure measure, long max) {
        if (max < 0) {
            throw new IllegalArgumentException("a limit cannot be negative: " + max);
        }
        this.measure = measure;
        this.max = max;
    }

    /** The largest allowed value (inclusive). */
    public long max() {
        return max;
    }

    /** At most {@code max} trainable parameters. */
    public static ProfileLimit parameters(long max) {
        return new ProfileLimit(Measure.PARAMETERS, max);
    }

    /** At most {@code max} MACs for the input shape the profile is taken for. */
    public static ProfileLimit macs(long max) {
        return new ProfileLimit(Measure.MACS, max);
    }

    /**
     * True when {@code profile} keeps within this limit.
     *
     * @throws IllegalArgumentException for a MACs limit on a profile whose MACs are unknown and whose
     *     counted part is within the limit: whether it breaks the limit cannot be told, and guessing
     *     either way would train what breaks it or skip what keeps it
     */
    public boolean allows(Profile profile) {
        long value = value(profile);
        if (measure == Measure.MACS && !profile.isComplete() && value <= max) {
            throw new IllegalArgumentException("cannot check a MACs limit: the MACs of " + profile.unknownBlocks()
                    + " are unknown");
        }
        return value <= max;
    }

    private long value(Profile profile) {
        return measure == Measure.PARAMETERS ? profile.parameters() : profile.countedMacs();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ProfileLimit l && l.measure == measure && l.max == max;
    }

    @Override
    public int hashCode() {
        return Objects.hash(measure, max);
    }

    /** E.g. {@code parameters <= 1,000,000}. */
    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s <= %,d", measure == Measure.PARAMETERS ? "parameters" : "MACs", max);
    }
}
