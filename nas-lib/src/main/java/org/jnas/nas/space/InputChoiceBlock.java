package org.jnas.nas.space;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.List;
import java.util.Objects;

/**
 * What an input choice becomes in an architecture: a parameter-free block that takes all
 * {@link #numCandidates()} inputs as an {@code NDList} and returns the {@link #chosen()} ones,
 * combined by {@link #reduction()}: element-wise sum or mean, concatenation along the channel axis
 * (axis 1), or, for {@link Reduction#NONE}, the chosen arrays themselves as a list.
 */
public final class InputChoiceBlock extends AbstractBlock {
    private final int numCandidates;
    private final List<Integer> chosen;
    private final Reduction reduction;

    /**
     * A block choosing {@code chosen} (sorted, distinct indices) among {@code numCandidates} inputs.
     *
     * @throws IllegalArgumentException if an index is out of range or the indices are not sorted and distinct
     */
    public InputChoiceBlock(int numCandidates, List<Integer> chosen, Reduction reduction) {
        this.numCandidates = numCandidates;
        this.chosen = List.copyOf(chosen);
        this.reduction = Objects.requireNonNull(reduction, "reduction");
        if (this.chosen.isEmpty()) {
            throw new IllegalArgumentException("an input choice must choose at least one input");
        }
        for (int i = 0; i < this.chosen.size(); i++) {
            int index = this.chosen.get(i);
            if (index < 0 || index >= numCandidates || (i > 0 && index <= this.chosen.get(i - 1))) {
                throw new IllegalArgumentException("chosen inputs " + chosen + " are not sorted distinct indices below "
                        + numCandidates);
            }
        }
    }

    /** The number of inputs the block takes. */
    public int numCandidates() {
        return numCandidates;
    }

    /** The indices of the chosen inputs, sorted. */
    public List<Integer> chosen() {
        return chosen;
    }

    /** How the chosen inputs are combined. */
    public Reduction reduction() {
        return reduction;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        requireInputCount(inputs.size());
        NDList picked = new NDList(chosen.size());
        for (int index : chosen) {
            picked.add(inputs.get(index));
        }
        return reduction.reduce(picked);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        requireInputCount(inputShapes.length);
        Shape[] picked = new Shape[chosen.size()];
        for (int i = 0; i < picked.length; i++) {
            picked[i] = inputShapes[chosen.get(i)];
        }
        return reduceShapes(picked, reduction);
    }

    /** The shapes {@link Reduction#reduce} returns for arrays of {@code shapes}. */
    static Shape[] reduceShapes(Shape[] shapes, Reduction reduction) {
        switch (reduction) {
            case NONE:
                return shapes;
            case CONCAT:
                long channels = 0;
                for (Shape s : shapes) {
                    requireSameExceptChannels(shapes[0], s);
                    channels += s.get(1);
                }
                long[] dims = shapes[0].getShape().clone();
                dims[1] = channels;
                return new Shape[] {new Shape(dims)};
            case SUM:
            case MEAN:
                for (Shape s : shapes) {
                    if (!s.equals(shapes[0])) {
                        throw new IllegalArgumentException("cannot " + reduction + " inputs of shapes " + shapes[0]
                                + " and " + s + ": they must have the same shape");
                    }
                }
                return new Shape[] {shapes[0]};
            default:
                throw new AssertionError(reduction);
        }
    }

    private static void requireSameExceptChannels(Shape a, Shape b) {
        boolean same = a.dimension() == b.dimension() && a.dimension() >= 2;
        for (int i = 0; same && i < a.dimension(); i++) {
            same = i == 1 || a.get(i) == b.get(i);
        }
        if (!same) {
            throw new IllegalArgumentException("cannot concatenate inputs of shapes " + a + " and " + b
                    + " along axis 1: the other axes must match");
        }
    }

    private void requireInputCount(int count) {
        if (count != numCandidates) {
            throw new IllegalArgumentException("input choice takes " + numCandidates + " inputs, got " + count);
        }
    }

    @Override
    public String toString() {
        return "InputChoice(" + chosen + " of " + numCandidates + ", " + reduction + ")";
    }
}
