package org.jnas.nas.space;

import java.math.BigInteger;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * A space as strategies see it: its choices, and a way to draw a valid sample by deciding each
 * choice the space meets. Strategies never build models; {@link ModelSpace} does.
 */
public interface SearchSpace {

    /** A name for tables, logs and the store; the class's simple name unless the space has its own. */
    default String name() {
        return getClass().getSimpleName();
    }

    /** Every choice that can appear in a sample, in the order the space first meets them. */
    List<Choice> choices();

    /**
     * Runs the space once, asking {@code decide} for the candidate index of each choice it meets
     * (in order; a choice met only under some earlier decisions is asked only then), and returns
     * the resulting sample. This is how strategies turn decisions into valid samples of
     * conditional spaces.
     *
     * @throws IllegalArgumentException if {@code decide} returns an index out of range
     */
    Sample sample(ToIntFunction<Choice> decide);

    /**
     * The canonical form of {@code sample}: values matched to the declared candidates and only the
     * labels the space meets under those decisions.
     *
     * @throws IllegalArgumentException naming the label when a label is missing, unknown, or its
     *     value is not one of its candidates
     */
    Sample validate(Sample sample);

    /** The number of distinct architectures (conditional spaces counted exactly). */
    BigInteger size();

    /** Every sample, in a deterministic order (depth first over the choices as met). */
    Iterable<Sample> enumerate();
}
