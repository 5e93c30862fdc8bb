package org.jnas.nas.space;

import ai.djl.nn.Block;
import java.util.List;

/**
 * One run of a space function.
 *
 * @param block the block the space returned for these decisions
 * @param sample the decisions as a sample (labels in the order met, declared candidate values)
 * @param choices the choices met, in order, each label once
 * @param decisions the candidate index decided for each of {@code choices}
 */
record SpaceRun(Block block, Sample sample, List<Choice> choices, List<Integer> decisions) {
    public SpaceRun {
        choices = List.copyOf(choices);
        decisions = List.copyOf(decisions);
    }

    /** True when {@code other} met the same labels in the same order. */
    boolean sameStructure(SpaceRun other) {
        if (choices.size() != other.choices.size()) {
            return false;
        }
        for (int i = 0; i < choices.size(); i++) {
            if (!choices.get(i).label().equals(other.choices.get(i).label())) {
                return false;
            }
        }
        return true;
    }
}
