package org.jnas.nas.space;

/** How {@link Sampler#inputChoice} combines the inputs it chose. */
public enum Reduction {
    /** Element-wise sum of the chosen inputs. */
    SUM,
    /** Element-wise mean of the chosen inputs. */
    MEAN,
    /** Concatenation along the channel axis (axis 1). */
    CONCAT,
    /** No reduction: the chosen inputs are passed on as a list. */
    NONE
}
