package org.jnas.nas.oneshot;

import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;

/**
 * A value choice whose values share one layer's weights ({@link SharedLinear}, {@link SharedConv2d}).
 * The shared layer holds the widest value, so what a value costs is read off the layer that value
 * builds alone, not off the shared one ({@link CostPenalty}).
 */
interface SharedLayer extends PathBlock {
    /** The architecture parameters of this block's label, one per value. */
    ArchitectureParameter alpha();

    /**
     * A fresh, uninitialised layer of value {@code value} alone, as the architecture builds it: same
     * units or filters, kernel, stride, padding, dilation and bias.
     */
    Block standalone(int value);

    /**
     * Value {@code value}'s weights as {@link #standalone} holds them, in its parameter order
     * (weight, then bias if any): new arrays cut from this layer's, for a subnet taken out of the
     * supernet; the caller closes them.
     */
    NDList standaloneWeights(int value);
}
