package org.jnas.nas.oneshot;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jnas.nas.space.Reduction;

/**
 * What an input choice of k of n inputs becomes in a supernet. An architecture takes the sorted
 * chosen inputs as k slots (slot j the j-th chosen input) and reduces them: sums, averages,
 * concatenates along axis 1 or lists them. The mixed input reduces the same way k slots that are
 * each the expected input of its slot, under the distribution over k-subsets S of the inputs with
 * {@code P(S)} proportional to {@code prod_{i in S} w_i}, where w are the label's weights for the step
 * (softmax(alpha), its Gumbel relaxation or sampled gates): slot j is {@code sum_i q_ji x_i}, with
 * {@code q_ji} the probability that input i is chosen with exactly j chosen inputs before it
 * ({@link #slotWeights}). So the mixed output is the exact expectation of the architecture's
 * output, for every reduction; its most likely subset is the k inputs of largest weight, which is
 * what the export takes; and gates that are k-hot give exactly the gated path's output. For one
 * input, q is w itself: NNI's differentiable input, a softmax-weighted sum.
 *
 * <p>Every input is mixed into every slot, so the inputs must have the same shape (for
 * {@code CONCAT}: the output's channels must not depend on which inputs are chosen). On a set path,
 * the path's inputs alone, reduced as the architecture reduces them.
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
        NDList slots = new NDList(alpha.numChosen());
        if (alpha.path() != null) {
            alpha.path().forEach(i -> slots.add(inputs.get(i)));
            return reduction.reduce(slots);
        }
        NDArray weights = alpha.weights();
        NDArray q = alpha.numChosen() == 1 ? weights.reshape(1, -1) : slotWeights(weights, alpha.numChosen());
        for (int j = 0; j < alpha.numChosen(); j++) {
            NDArray slot = null;
            for (int i = 0; i < inputs.size(); i++) {
                NDArray term = inputs.get(i).mul(q.get(j, i));
                slot = slot == null ? term : slot.add(term);
            }
            slots.add(slot);
        }
        return reduction.reduce(slots);
    }

    /**
     * The slot weights of k chosen of the n inputs weighted {@code weights} (a 1-D array, each
     * weight >= 0, some k of them > 0): a (k, n) array whose entry (j, i) is
     * {@code w_i e_j(w_0..w_{i-1}) e_{k-1-j}(w_{i+1}..w_{n-1}) / e_k(w)}, with e_m the elementary
     * symmetric polynomial of degree m: the probability, when {@code P(S)} is proportional to
     * {@code prod_{i in S} w_i}, that input i is chosen with j chosen before it. Differentiable in
     * the weights.
     */
    static NDArray slotWeights(NDArray weights, int k) {
        NDManager manager = weights.getManager();
        // q does not change when every weight is scaled by one constant (numerator and e_k are both
        // of degree k), nor does its gradient: scaled so that the largest is 1, a product of k
        // weights underflows a float only when the k largest are more than 1e-38 apart
        NDArray w = weights.div(weights.max().stopGradient());
        int n = (int) w.size();
        float[] one = new float[k + 1];
        one[0] = 1;
        NDArray empty = manager.create(one);   // e_0..e_k of no weights
        NDArray zero = manager.zeros(new Shape(1), w.getDataType());
        // before[i] holds e_0..e_k of w_0..w_{i-1}; after[i] of w_i..w_{n-1}
        NDArray[] before = new NDArray[n + 1];
        NDArray[] after = new NDArray[n + 1];
        before[0] = empty;
        after[n] = empty;
        for (int i = 0; i < n; i++) {
            before[i + 1] = before[i].add(shift(before[i], zero, k).mul(w.get(i)));
            int back = n - 1 - i;
            after[back] = after[back + 1].add(shift(after[back + 1], zero, k).mul(w.get(back)));
        }
        String slots = "0:" + k;
        List<NDArray> columns = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            // entry j: e_j of the weights before i times e_{k-1-j} of those after it
            columns.add(before[i].get(slots).mul(after[i + 1].get(slots).flip(0)).mul(w.get(i)));
        }
        return NDArrays.stack(new NDList(columns), 1).div(before[n].get(k));
    }

    /** {@code e} (e_0..e_k) moved up one degree: 0, e_0..e_{k-1}. */
    private static NDArray shift(NDArray e, NDArray zero, int k) {
        return zero.concat(e.get("0:" + k));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        requireInputCount(inputShapes.length);
        for (int i = 1; i < inputShapes.length; i++) {
            if (!inputShapes[i].equals(inputShapes[0])) {
                throw new IllegalArgumentException("label '" + alpha.label() + "': input 0 has shape " + inputShapes[0]
                        + " and input " + i + " has " + inputShapes[i] + "; a supernet mixes every input into each"
                        + " chosen place, so they must have the same shape"
                        + (reduction == Reduction.CONCAT && alpha.numChosen() > 1
                                ? " (a concatenation's channels must not depend on which inputs are chosen)" : ""));
            }
        }
        int k = alpha.numChosen();
        Shape shape = inputShapes[0];
        switch (reduction) {
            case NONE:
                Shape[] slots = new Shape[k];
                Arrays.fill(slots, shape);
                return slots;
            case CONCAT:
                if (k == 1) {
                    return new Shape[] {shape};
                }
                if (shape.dimension() < 2) {
                    throw new IllegalArgumentException("label '" + alpha.label() + "': cannot concatenate inputs of shape "
                            + shape + " along axis 1");
                }
                long[] dims = shape.getShape().clone();
                dims[1] *= k;
                return new Shape[] {new Shape(dims)};
            default:
                return new Shape[] {shape};
        }
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
