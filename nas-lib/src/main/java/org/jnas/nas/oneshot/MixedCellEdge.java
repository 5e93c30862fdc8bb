package org.jnas.nas.oneshot;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.List;

/**
 * One edge of a cell node in a supernet: its input choice ({@code cell/node<i>/input<j>}) mixed
 * over the states before the node, and for each state a {@link MixedLayer} of the edge's op label
 * ({@code cell/node<i>/op<j>}), built for that state, since an architecture builds its op for the
 * state it reads (stride 2 on a reduction cell's inputs). The edge's output is
 * {@code sum_k w_k * ops_k(state_k)} with w the input label's weights; on a set path, the path's
 * state through its op alone. The block takes every state before the node as an {@code NDList}.
 */
final class MixedCellEdge extends AbstractBlock implements PathBlock {
    private final ArchitectureParameter input;
    private final List<MixedLayer> opsPerState;

    MixedCellEdge(ArchitectureParameter input, List<MixedLayer> opsPerState) {
        this.input = input;
        this.opsPerState = List.copyOf(opsPerState);
        for (int k = 0; k < this.opsPerState.size(); k++) {
            addChildBlock("state" + k, this.opsPerState.get(k));
        }
    }

    /** The weights of the ops of every state off the path; the path's state's own ops say theirs. */
    @Override
    public void addOffPathWeights(List<Parameter> out) {
        if (input.path() == null) {
            return;
        }
        for (int k = 0; k < opsPerState.size(); k++) {
            if (k != input.path().get(0)) {
                opsPerState.get(k).getParameters().values().forEach(out::add);
            }
        }
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList states, boolean training, PairList<String, Object> params) {
        requireStateCount(states.size());
        if (input.path() != null) {
            int k = input.path().get(0);
            return opsPerState.get(k).forward(parameterStore, new NDList(states.get(k)), training, params);
        }
        NDArray weights = input.weights();
        NDArray sum = null;
        for (int k = 0; k < opsPerState.size(); k++) {
            NDArray y = opsPerState.get(k).forward(parameterStore, new NDList(states.get(k)), training, params)
                    .singletonOrThrow();
            NDArray term = y.mul(weights.get(k));
            sum = sum == null ? term : sum.add(term);
        }
        return new NDList(sum);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... stateShapes) {
        requireStateCount(stateShapes.length);
        for (int k = 0; k < opsPerState.size(); k++) {
            opsPerState.get(k).initialize(manager, dataType, stateShapes[k]);
        }
        getOutputShapes(stateShapes);
    }

    /**
     * The shape every state's ops give.
     *
     * @throws IllegalArgumentException naming the input label when two states' ops give different shapes
     */
    @Override
    public Shape[] getOutputShapes(Shape[] stateShapes) {
        requireStateCount(stateShapes.length);
        Shape first = null;
        for (int k = 0; k < opsPerState.size(); k++) {
            Shape shape = opsPerState.get(k).getOutputShapes(new Shape[] {stateShapes[k]})[0];
            if (first == null) {
                first = shape;
            } else if (!first.equals(shape)) {
                throw new IllegalArgumentException("label '" + input.label() + "': the ops give shape " + first
                        + " on state 0 and " + shape + " on state " + k + "; a supernet sums the edge over the states it"
                        + " may read, so every state's ops must give the same shape (give stride 2 to ops on a"
                        + " reduction cell's inputs, as Layers.dartsOps does)");
            }
        }
        return new Shape[] {first};
    }

    private void requireStateCount(int count) {
        if (count != opsPerState.size()) {
            throw new IllegalArgumentException("label '" + input.label() + "': the edge reads one of "
                    + opsPerState.size() + " states, got " + count);
        }
    }

    @Override
    public String toString() {
        return "MixedCellEdge('" + input.label() + "', " + opsPerState.size() + " states)";
    }
}
