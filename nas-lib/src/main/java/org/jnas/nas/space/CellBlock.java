package org.jnas.nas.space;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A DARTS/NASNet-style cell as built from a sample: it takes {@link #numPredecessors()} inputs (an
 * {@code NDList}); each node sums the outputs of its edges, where an edge applies an op to one
 * earlier state (a cell input, index {@code < numPredecessors}, or an earlier node, index
 * {@code numPredecessors + j}); the cell returns all node outputs combined by {@link #merge()}
 * (concatenation along the channel axis by default).
 */
public final class CellBlock extends AbstractBlock {
    /**
     * One edge of a node: {@code op} applied to state {@code input}.
     *
     * @param input the state the op reads: a cell input, or {@code numPredecessors + j} for node j
     * @param op the chosen op
     */
    public record Edge(int input, Block op) {
        public Edge {
            Objects.requireNonNull(op, "op");
        }
    }

    private final int numPredecessors;
    private final List<List<Edge>> nodes;
    private final Reduction merge;

    /**
     * A cell of {@code nodes} (each a non-empty list of edges) over {@code numPredecessors} inputs.
     *
     * @throws IllegalArgumentException if an edge reads a state that does not exist before its node
     */
    public CellBlock(int numPredecessors, List<List<Edge>> nodes, Reduction merge) {
        if (numPredecessors < 1) {
            throw new IllegalArgumentException("a cell needs at least one input, got numPredecessors=" + numPredecessors);
        }
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("a cell needs at least one node");
        }
        this.numPredecessors = numPredecessors;
        this.merge = Objects.requireNonNull(merge, "merge");
        List<List<Edge>> copy = new ArrayList<>();
        for (int n = 0; n < nodes.size(); n++) {
            List<Edge> edges = List.copyOf(nodes.get(n));
            if (edges.isEmpty()) {
                throw new IllegalArgumentException("node " + n + " of the cell has no edge");
            }
            for (int e = 0; e < edges.size(); e++) {
                Edge edge = edges.get(e);
                if (edge.input() < 0 || edge.input() >= numPredecessors + n) {
                    throw new IllegalArgumentException("node " + n + " edge " + e + " reads state " + edge.input()
                            + ", but only states 0.." + (numPredecessors + n - 1) + " exist before it");
                }
                addChildBlock("node" + n + "_op" + e, edge.op());
            }
            copy.add(edges);
        }
        this.nodes = List.copyOf(copy);
    }

    /** The number of cell inputs. */
    public int numPredecessors() {
        return numPredecessors;
    }

    /** The nodes, each a list of edges. */
    public List<List<Edge>> nodes() {
        return nodes;
    }

    /** How the node outputs are combined into the cell output. */
    public Reduction merge() {
        return merge;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        requireInputCount(inputs.size());
        List<NDArray> states = new ArrayList<>(inputs);
        NDList outputs = new NDList(nodes.size());
        for (List<Edge> edges : nodes) {
            NDArray sum = null;
            for (Edge edge : edges) {
                NDArray y = edge.op().forward(parameterStore, new NDList(states.get(edge.input())), training, params)
                        .singletonOrThrow();
                sum = sum == null ? y : sum.add(y);
            }
            states.add(sum);
            outputs.add(sum);
        }
        return merge.reduce(outputs);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        requireInputCount(inputShapes.length);
        List<Shape> states = new ArrayList<>(Arrays.asList(inputShapes));
        for (int n = 0; n < nodes.size(); n++) {
            Shape nodeShape = null;
            for (Edge edge : nodes.get(n)) {
                Shape in = states.get(edge.input());
                edge.op().initialize(manager, dataType, in);
                nodeShape = sameShape(n, nodeShape, edge.op().getOutputShapes(new Shape[] {in})[0]);
            }
            states.add(nodeShape);
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        requireInputCount(inputShapes.length);
        List<Shape> states = new ArrayList<>(Arrays.asList(inputShapes));
        Shape[] outputs = new Shape[nodes.size()];
        for (int n = 0; n < nodes.size(); n++) {
            Shape nodeShape = null;
            for (Edge edge : nodes.get(n)) {
                Shape in = states.get(edge.input());
                nodeShape = sameShape(n, nodeShape, edge.op().getOutputShapes(new Shape[] {in})[0]);
            }
            states.add(nodeShape);
            outputs[n] = nodeShape;
        }
        return InputChoiceBlock.reduceShapes(outputs, merge);
    }

    private static Shape sameShape(int node, Shape sofar, Shape next) {
        if (sofar != null && !sofar.equals(next)) {
            throw new IllegalArgumentException("the ops of the cell's node " + node + " give shapes " + sofar + " and "
                    + next + "; they are summed, so they must match (ops that keep their input's shape, such as"
                    + " Layers.dartsOps(c, ...) on inputs of c channels)");
        }
        return next;
    }

    private void requireInputCount(int count) {
        if (count != numPredecessors) {
            throw new IllegalArgumentException("cell takes " + numPredecessors + " inputs, got " + count);
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Cell(").append(numPredecessors).append(" inputs, merge ").append(merge);
        for (int n = 0; n < nodes.size(); n++) {
            sb.append(", node").append(n).append('=');
            List<String> edges = new ArrayList<>();
            for (Edge e : nodes.get(n)) {
                edges.add(e.op().getClass().getSimpleName() + "(state " + e.input() + ")");
            }
            sb.append(edges);
        }
        return sb.append(')').toString();
    }
}
