package org.jnas.nas.strategy;

/**
 * What the execution side can take right now, as a strategy sees it when asked for a proposal.
 *
 * @param freeSlots trials that could start now (at least 1 when a strategy is asked)
 * @param running trials submitted and not yet ended
 * @param remainingTrials trials the budget still allows, including this one
 *     ({@code Long.MAX_VALUE} when only time bounds the search)
 */
public record Capacity(int freeSlots, int running, long remainingTrials) {}
