package org.jnas.nas.oneshot;

import ai.djl.nn.Parameter;
import java.util.List;

/**
 * A mixed block that can follow one path (a candidate, a depth) instead of mixing, as a sampling
 * strategy runs it, and name the weights off that path.
 */
interface PathBlock {
    /**
     * Adds to {@code out} the weights of this block's parts off its label's path: those a step on
     * the path must not move. Adds nothing when no path is set.
     */
    void addOffPathWeights(List<Parameter> out);
}
