package org.jnas.nas.strategy;

import java.util.Objects;
import org.jnas.nas.space.Sample;

/**
 * A strategy's answer when asked for a sample: a sample to try, "wait" (it needs results of
 * running trials before it can propose more), or "exhausted" (nothing new left to try).
 */
public final class Proposal {
    /** The strategy needs results of running trials first. */
    public static final Proposal WAIT = new Proposal(null, false);
    /** The strategy has nothing new to try: the search ends once running trials finish. */
    public static final Proposal EXHAUSTED = new Proposal(null, true);

    private final Sample sample;
    private final boolean exhausted;

    private Proposal(Sample sample, boolean exhausted) {
        this.sample = sample;
        this.exhausted = exhausted;
    }

    /** Proposes {@code sample}. */
    public static Proposal of(Sample sample) {
        return new Proposal(Objects.requireNonNull(sample, "sample"), false);
    }

    /** The proposed sample, or null for WAIT and EXHAUSTED. */
    public Sample sample() {
        return sample;
    }

    public boolean isSample() {
        return sample != null;
    }

    public boolean isWait() {
        return this == WAIT;
    }

    public boolean isExhausted() {
        return exhausted;
    }

    @Override
    public String toString() {
        return sample != null ? "Proposal" + sample : exhausted ? "EXHAUSTED" : "WAIT";
    }
}
