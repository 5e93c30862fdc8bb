package org.jnas.nas.space;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;

/** How {@link Sampler#inputChoice} combines the inputs it chose. */
public enum Reduction {
    /** Element-wise sum of the chosen inputs. */
    SUM,
    /** Element-wise mean of the chosen inputs. */
    MEAN,
    /** Concatenation along the channel axis (axis 1). */
    CONCAT,
    /** No reduction: the chosen inputs are passed on as a list. */
    NONE;

    /**
     * Combines {@code arrays} (at least one) this way: what an input choice, a cell's merge of its
     * nodes and a supernet's mixed input all do with the inputs they take.
     */
    public NDList reduce(NDList arrays) {
        switch (this) {
            case NONE:
                return arrays;
            case CONCAT:
                return new NDList(arrays.size() == 1 ? arrays.get(0) : NDArrays.concat(arrays, 1));
            case SUM:
            case MEAN:
                NDArray sum = arrays.get(0);
                for (int i = 1; i < arrays.size(); i++) {
                    sum = sum.add(arrays.get(i));
                }
                // an array of sum's manager, not a Number: DJL makes a number a tensor over a Java buffer
                // it frees right after the division, whose backward pass reads it again (a wrong
                // gradient once the garbage collector has reused that memory)
                return new NDList(this == MEAN && arrays.size() > 1
                        ? sum.div(sum.getManager().create((float) arrays.size())) : sum);
            default:
                throw new AssertionError(this);
        }
    }
}
