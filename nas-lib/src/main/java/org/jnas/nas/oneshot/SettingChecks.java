package org.jnas.nas.oneshot;

/**
 * The checks of the settings {@link OneShot} and {@link OneShotSearch} share, so that both refuse a
 * value with the same words: each names the setting and the value refused, and returns the value.
 */
final class SettingChecks {
    private SettingChecks() {
    }

    /** {@code value}, if it is at least {@code min}. */
    static int atLeast(String setting, int value, int min) {
        require(value >= min, setting, ">= " + min, value);
        return value;
    }

    /** {@code value}, if it is above 0 (a learning rate). */
    static double positive(String setting, double value) {
        require(value > 0, setting, "> 0", value);
        return value;
    }

    /** {@code value}, if it is above 0 (a learning rate), said as the float it is. */
    static float positive(String setting, float value) {
        require(value > 0, setting, "> 0", value);
        return value;
    }

    /** {@code value}, if it is 0 or more (NaN is not); {@code finite} refuses infinity too. */
    static double nonNegative(String setting, double value, boolean finite) {
        require(value >= 0 && !(finite && Double.isInfinite(value)), setting, (finite ? "finite and " : "") + ">= 0", value);
        return value;
    }

    private static void require(boolean valid, String setting, String rule, Object value) {
        if (!valid) {
            throw new IllegalArgumentException(setting + " must be " + rule + ", got " + value);
        }
    }

    /**
     * {@code lstm}, when the search is ENAS.
     *
     * @throws IllegalStateException on any other search
     */
    static boolean requireEnas(SearchKind kind, boolean lstm) {
        if (kind != SearchKind.ENAS) {
            throw new IllegalStateException("lstmController is a setting of ENAS, whose controller draws paths; "
                    + kind.title() + " learns its architecture parameters directly");
        }
        return lstm;
    }

    /** Refuses a cost penalty to RandomOneShot, which learns no architecture. */
    static void requireLearnsArchitecture(SearchKind kind) {
        if (kind == SearchKind.RANDOM) {
            throw new IllegalStateException("costPenalty is no setting of randomOneShot: it learns no architecture,"
                    + " it samples uniformly");
        }
    }
}
