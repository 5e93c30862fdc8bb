package org.jnas.nas.oneshot;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.List;

/**
 * What a layer choice becomes in a supernet (DARTS's mixed operation): every candidate, applied to
 * the same input, summed with the weights softmax(alpha) of the choice's label; on a set path, the
 * path's candidate alone.
 */
final class MixedLayer extends AbstractBlock implements PathBlock {
    private final ArchitectureParameter alpha;
    private final List<Block> candidates;

    MixedLayer(ArchitectureParameter alpha, List<Block> candidates) {
        this.alpha = alpha;
        this.candidates = List.copyOf(candidates);
        for (int i = 0; i < this.candidates.size(); i++) {
            addChildBlock("candidate" + i, this.candidates.get(i));
        }
    }

    /** The architecture parameters of this block's label. */
    ArchitectureParameter alpha() {
        return alpha;
    }

    /** The candidates, in candidate order. */
    List<Block> candidates() {
        return candidates;
    }

    /** The weights of the candidates off the path (none when no path is set). */
    @Override
    public void addOffPathWeights(List<Parameter> out) {
        if (alpha.path() == null) {
            return;
        }
        for (int i = 0; i < candidates.size(); i++) {
            if (i != alpha.path().get(0)) {
                candidates.get(i).getParameters().values().forEach(out::add);
            }
        }
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        if (alpha.path() != null) {
            return candidates.get(alpha.path().get(0)).forward(parameterStore, inputs, training, params);
        }
        NDArray weights = alpha.weights();
        NDArray sum = null;
        for (int i = 0; i < candidates.size(); i++) {
            NDArray y = candidates.get(i).forward(parameterStore, inputs, training, params).singletonOrThrow();
            NDArray term = y.mul(weights.get(i));
            sum = sum == null ? term : sum.add(term);
        }
        return new NDList(sum);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        for (Block candidate : candidates) {
            candidate.initialize(manager, dataType, inputShapes);
        }
        getOutputShapes(inputShapes);
    }

    /**
     * The candidates' common output shape.
     *
     * @throws IllegalArgumentException naming the label when candidates give different shapes
     */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape[] first = null;
        for (int i = 0; i < candidates.size(); i++) {
            Shape[] shapes = candidates.get(i).getOutputShapes(inputShapes);
            if (shapes.length != 1) {
                throw new IllegalArgumentException("label '" + alpha.label() + "': candidate " + i + " returns "
                        + shapes.length + " arrays; a supernet sums the candidates' outputs, so each must return one");
            }
            if (first == null) {
                first = shapes;
            } else if (!first[0].equals(shapes[0])) {
                throw new IllegalArgumentException("label '" + alpha.label() + "': candidate 0 gives shape " + first[0]
                        + " and candidate " + i + " gives " + shapes[0] + " for input " + List.of(inputShapes)
                        + "; a supernet sums the candidates' outputs, so they must give the same shape");
            }
        }
        return first;
    }

    @Override
    public String toString() {
        return "MixedLayer('" + alpha.label() + "', " + candidates.size() + " candidates)";
    }
}
