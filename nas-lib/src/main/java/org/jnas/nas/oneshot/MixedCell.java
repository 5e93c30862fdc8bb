package org.jnas.nas.oneshot;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.jnas.nas.space.InputChoiceBlock;
import org.jnas.nas.space.Reduction;

/**
 * What a cell becomes in a supernet (DARTS's mixed cell): the nodes of the cell an architecture
 * builds ({@code CellBlock}), each the sum of its edges, where every edge is a
 * {@link MixedCellEdge} over the states before its node. The cell returns every node's output
 * combined by the cell's merge, as the architecture does, so concatenation works as it does there:
 * every node is merged, whatever the edges choose.
 */
final class MixedCell extends AbstractBlock {
    private final String label;
    private final int numPredecessors;
    private final List<List<MixedCellEdge>> nodes;
    /** The architecture's own merge of all nodes, so that both combine node outputs one way. */
    private final InputChoiceBlock merge;

    MixedCell(String label, int numPredecessors, List<List<MixedCellEdge>> nodes, Reduction merge) {
        this.numPredecessors = numPredecessors;
        this.nodes = nodes.stream().map(List::copyOf).toList();
        for (int n = 0; n < this.nodes.size(); n++) {
            for (int e = 0; e < this.nodes.get(n).size(); e++) {
                addChildBlock("node" + n + "_op" + e, this.nodes.get(n).get(e));
            }
        }
        this.merge = new InputChoiceBlock(this.nodes.size(), IntStream.range(0, this.nodes.size()).boxed().toList(), merge);
        this.label = label;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        requireInputCount(inputs.size());
        NDList states = new NDList(inputs);
        NDList outputs = new NDList(nodes.size());
        for (List<MixedCellEdge> edges : nodes) {
            NDList before = new NDList(states);
            NDArray sum = null;
            for (MixedCellEdge edge : edges) {
                NDArray y = edge.forward(parameterStore, before, training, params).singletonOrThrow();
                sum = sum == null ? y : sum.add(y);
            }
            states.add(sum);
            outputs.add(sum);
        }
        return merge.forward(parameterStore, outputs, training, params);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        requireInputCount(inputShapes.length);
        List<Shape> states = new ArrayList<>(Arrays.asList(inputShapes));
        for (List<MixedCellEdge> edges : nodes) {
            Shape[] before = states.toArray(Shape[]::new);
            for (MixedCellEdge edge : edges) {
                edge.initialize(manager, dataType, before);
            }
            states.add(nodeShape(edges, before));
        }
        merge.initialize(manager, dataType, states.subList(numPredecessors, states.size()).toArray(Shape[]::new));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        requireInputCount(inputShapes.length);
        List<Shape> states = new ArrayList<>(Arrays.asList(inputShapes));
        for (List<MixedCellEdge> edges : nodes) {
            states.add(nodeShape(edges, states.toArray(Shape[]::new)));
        }
        return merge.getOutputShapes(states.subList(numPredecessors, states.size()).toArray(Shape[]::new));
    }

    private Shape nodeShape(List<MixedCellEdge> edges, Shape[] before) {
        Shape shape = null;
        for (int e = 0; e < edges.size(); e++) {
            Shape next = edges.get(e).getOutputShapes(before)[0];
            if (shape != null && !shape.equals(next)) {
                throw new IllegalArgumentException("cell '" + label + "': the edges of node " + (before.length - numPredecessors)
                        + " give shapes " + shape + " and " + next + "; they are summed, so they must match");
            }
            shape = next;
        }
        return shape;
    }

    private void requireInputCount(int count) {
        if (count != numPredecessors) {
            throw new IllegalArgumentException("cell '" + label + "' takes " + numPredecessors + " inputs, got " + count);
        }
    }

    @Override
    public String toString() {
        return "MixedCell('" + label + "', " + nodes.size() + " nodes over " + numPredecessors + " inputs, merge "
                + merge.reduction() + ")";
    }
}
