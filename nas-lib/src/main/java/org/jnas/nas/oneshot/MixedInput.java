package org.jnas.nas.oneshot;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.jnas.nas.space.Reduction;

/**
 * What an input choice becomes in a supernet: every input, weighted by softmax(alpha) of the
 * choice's label (one logit per input) and summed, as NNI's differentiable input does. Choosing k
 * inputs to sum gives k times that weighted mean, so the scale matches the k-input architecture.
 * On a set path, the path's inputs alone, summed or averaged.
 */
final class MixedInput extends AbstractBlock {
    private final ArchitectureParameter alpha;
    private final Reduction reduction;

    MixedInput(ArchitectureParameter alpha, Reduction reduction) {
        this.alpha = alpha;
        this.reduction = reduction;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        requireInputCount(inputs.size());
        if (alpha.path() != null) {
            NDArray sum = null;
            for (int i : alpha.path()) {
                sum = sum == null ? inputs.get(i) : sum.add(inputs.get(i));
            }
            return new NDList(reduction == Reduction.MEAN && alpha.path().size() > 1
                    ? sum.div(scalar(sum, alpha.path().size())) : sum);
        }
        NDArray weights = alpha.weights();
        NDArray sum = null;
        for (int i = 0; i < inputs.size(); i++) {
            NDArray term = inputs.get(i).mul(weights.get(i));
            sum = sum == null ? term : sum.add(term);
        }
        if (reduction == Reduction.SUM && alpha.numChosen() > 1) {
            sum = sum.mul(scalar(sum, alpha.numChosen()));
        }
        return new NDList(sum);
    }

    /**
     * {@code value} as an array of {@code like}'s manager. Not a {@code Number} operand: DJL turns a
     * number into a tensor over a Java buffer that it frees right after the operation, while the
     * backward pass of a product or a division reads that tensor again; once the garbage collector
     * has reused the memory, the gradient is wrong (Infinity for a zero there).
     */
    private static NDArray scalar(NDArray like, int value) {
        return like.getManager().create((float) value);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        requireInputCount(inputShapes.length);
        for (int i = 1; i < inputShapes.length; i++) {
            if (!inputShapes[i].equals(inputShapes[0])) {
                throw new IllegalArgumentException("label '" + alpha.label() + "': input 0 has shape " + inputShapes[0]
                        + " and input " + i + " has " + inputShapes[i] + "; a supernet sums the inputs, so they must"
                        + " have the same shape");
            }
        }
        return new Shape[] {inputShapes[0]};
    }

    private void requireInputCount(int count) {
        if (count != alpha.size()) {
            throw new IllegalArgumentException("label '" + alpha.label() + "': input choice takes " + alpha.size()
                    + " inputs, got " + count);
        }
    }

    @Override
    public String toString() {
        return "MixedInput('" + alpha.label() + "', " + alpha.numChosen() + " of " + alpha.size() + ", " + reduction + ")";
    }
}
