package org.jnas.nas.strategy;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * What the execution side can take right now, as a strategy sees it when asked for a proposal.
 *
 * @param freeSlots trials that could start now (at least 1 when a strategy is asked)
 * @param running trials submitted and not yet ended
 * @param remainingTrials trials the budget still allows, including this one; empty when only time
 *     or the space bounds the search
 */
public record Capacity(int freeSlots, int running, OptionalLong remainingTrials) {
    public Capacity {
        Objects.requireNonNull(remainingTrials, "remainingTrials");
    }
}
