package org.jnas.nas.oneshot;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The widths (units, filters) of a weight-shared layer, one per value in candidate order, and the
 * slices its weights are kept in: slice k holds the rows (output units) from the k-th smallest
 * distinct width up to the next, so that a value of width w uses exactly the slices up to w, and a
 * step along that value can freeze the slices beyond it as whole parameters.
 */
final class Widths {
    private final long[] widths;
    private final long[] ends;

    Widths(long[] widths) {
        this.widths = widths.clone();
        this.ends = Arrays.stream(widths).distinct().sorted().toArray();
    }

    int values() {
        return widths.length;
    }

    long width(int value) {
        return widths[value];
    }

    long widest() {
        return ends[ends.length - 1];
    }

    /** How many slices the weights are kept in. */
    int slices() {
        return ends.length;
    }

    /** The rows of slice {@code k}. */
    long sliceSize(int k) {
        return ends[k] - (k == 0 ? 0 : ends[k - 1]);
    }

    /** How many slices value {@code value} uses: those up to its width. */
    int slicesOf(int value) {
        return Arrays.binarySearch(ends, widths[value]) + 1;
    }

    /**
     * Adds to {@code out} the slices beyond value {@code value}'s width: of {@code weights} (one per
     * slice) and of {@code biases} (one per slice, or none).
     */
    void addSlicesBeyond(int value, List<Parameter> weights, List<Parameter> biases, List<Parameter> out) {
        for (int k = slicesOf(value); k < slices(); k++) {
            out.add(weights.get(k));
            if (!biases.isEmpty()) {
                out.add(biases.get(k));
            }
        }
    }

    /**
     * {@code parts} joined along the first axis: the one part itself, or a new array handed to
     * {@code step}'s manager. A new array made from parameters belongs to their manager, which lives
     * as long as the model, so each forward pass would leave one behind.
     */
    static NDArray joined(NDList parts, NDManager step) {
        if (parts.size() == 1) {
            return parts.head();
        }
        NDArray joined = NDArrays.concat(parts, 0);
        joined.attach(step);
        return joined;
    }

    /**
     * The standalone weight and bias (if any) of a value that uses the first {@code slices} slices:
     * the slices' arrays, each weight slice passed through {@code cut} (a kernel's centre), joined
     * along the first axis, as new arrays.
     */
    static NDList standalone(List<Parameter> weights, List<Parameter> biases, int slices, UnaryOperator<NDArray> cut) {
        NDList w = new NDList();
        NDList b = new NDList();
        for (int k = 0; k < slices; k++) {
            w.add(cut.apply(weights.get(k).getArray()));
            if (!biases.isEmpty()) {
                b.add(biases.get(k).getArray());
            }
        }
        NDList joined = new NDList(NDArrays.concat(w, 0));
        if (!b.isEmpty()) {
            joined.add(NDArrays.concat(b, 0));
        }
        return joined;
    }

    /**
     * The mask of the DARTS mixture, sum over values of p_i * [unit < width_i], for the widest
     * output: multiplying the widest output by it is the p-weighted sum of every value's output
     * padded with zeros to the widest width (FBNetV2's masking), in one forward pass.
     *
     * @param p the values' weights for this step, a 1-D array
     */
    NDArray mixtureMask(NDArray p) {
        NDManager manager = p.getManager();
        float[] masks = new float[widths.length * (int) widest()];
        for (int i = 0; i < widths.length; i++) {
            Arrays.fill(masks, i * (int) widest(), i * (int) widest() + (int) widths[i], 1f);
        }
        NDArray m = manager.create(masks, new Shape(widths.length, widest()));
        return p.reshape(1, widths.length).matMul(m).reshape(widest());
    }

    /** {@code y} padded with zeros along {@code axis} from its width up to the widest. */
    NDArray padToWidest(NDArray y, int axis) {
        long missing = widest() - y.getShape().get(axis);
        if (missing == 0) {
            return y;
        }
        long[] dims = y.getShape().getShape();
        dims[axis] = missing;
        return y.concat(y.getManager().zeros(new Shape(dims), y.getDataType()), axis);
    }
}
