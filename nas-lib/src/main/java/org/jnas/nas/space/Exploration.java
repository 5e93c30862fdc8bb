package org.jnas.nas.space;

import java.math.BigInteger;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What exploring a space found out: its choices, its size and how that size is known.
 *
 * @param choices every choice found, in first-met order (complete unless {@code method} is
 *     {@link SizeMethod#TOO_LARGE})
 * @param size the number of distinct samples, or null when {@code method} is {@link SizeMethod#TOO_LARGE}
 * @param method how the size was obtained
 * @param conditionalLabels the labels that some explored runs did not meet, in first-met order
 *     (empty for an unconditional space)
 */
record Exploration(List<Choice> choices, BigInteger size, SizeMethod method, Set<String> conditionalLabels) {
    public Exploration {
        choices = List.copyOf(choices);
        conditionalLabels = Collections.unmodifiableSet(new LinkedHashSet<>(conditionalLabels));
    }

    /** How {@link Exploration#size()} was obtained. */
    public enum SizeMethod {
        /** Every sample was enumerated depth first and counted: exact. */
        COUNTED,
        /**
         * Probe runs (every candidate of every choice with the others at their first candidate, plus
         * seeded random runs) all met the same choices, so the space was taken as unconditional and
         * its size is the product of the candidate counts.
         */
        PRODUCT,
        /** The space is conditional and has more samples than the counting limit: size unknown. */
        TOO_LARGE
    }

    /** True when some choice appears only under some decisions of earlier choices. */
    public boolean conditional() {
        return !conditionalLabels.isEmpty() || method == SizeMethod.TOO_LARGE;
    }
}
