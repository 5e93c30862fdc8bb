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
import java.util.ArrayList;
import java.util.List;

/**
 * What a {@code repeat} becomes in a supernet (a mixed depth, as NNI's DARTS does it): the blocks
 * up to the deepest candidate depth run in sequence, and the outputs after each candidate depth
 * are summed with the weights softmax(alpha) of the label. Depth 0 contributes the input itself.
 * On a set path, the blocks up to the path's depth alone.
 */
final class MixedRepeat extends AbstractBlock implements PathBlock {
    private final ArchitectureParameter alpha;
    private final List<Integer> depths;
    private final List<Block> blocks;

    MixedRepeat(ArchitectureParameter alpha, List<Integer> depths, List<Block> blocks) {
        this.alpha = alpha;
        this.depths = List.copyOf(depths);
        this.blocks = List.copyOf(blocks);
        for (int i = 0; i < this.blocks.size(); i++) {
            addChildBlock("block" + i, this.blocks.get(i));
        }
    }

    /** The architecture parameters of this block's label. */
    ArchitectureParameter alpha() {
        return alpha;
    }

    /** The candidate depths, in candidate order. */
    List<Integer> depths() {
        return depths;
    }

    /** The blocks, in the order they run (the deepest candidate's). */
    List<Block> blocks() {
        return blocks;
    }

    /** The weights of the blocks below the path's depth (none when no path is set). */
    @Override
    public void addOffPathWeights(List<Parameter> out) {
        if (alpha.path() == null) {
            return;
        }
        for (Block block : blocks.subList(depths.get(alpha.path().get(0)), blocks.size())) {
            block.getParameters().values().forEach(out::add);
        }
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        if (alpha.path() != null) {
            NDList x = inputs;
            for (Block block : blocks.subList(0, depths.get(alpha.path().get(0)))) {
                x = block.forward(parameterStore, x, training, params);
            }
            return x;
        }
        List<NDArray> atDepth = new ArrayList<>();
        NDList x = inputs;
        atDepth.add(x.singletonOrThrow());
        for (Block block : blocks) {
            x = block.forward(parameterStore, x, training, params);
            atDepth.add(x.singletonOrThrow());
        }
        NDArray weights = alpha.weights();
        NDArray sum = null;
        for (int i = 0; i < depths.size(); i++) {
            NDArray term = atDepth.get(depths.get(i)).mul(weights.get(i));
            sum = sum == null ? term : sum.add(term);
        }
        return new NDList(sum);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape[] shapes = inputShapes;
        for (Block block : blocks) {
            block.initialize(manager, dataType, shapes);
            shapes = block.getOutputShapes(shapes);
        }
        getOutputShapes(inputShapes);
    }

    /**
     * The common shape of the outputs at the candidate depths.
     *
     * @throws IllegalArgumentException naming the label when two depths give different shapes
     */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        List<Shape> atDepth = new ArrayList<>();
        Shape[] shapes = inputShapes;
        atDepth.add(shapes[0]);
        for (Block block : blocks) {
            shapes = block.getOutputShapes(shapes);
            atDepth.add(shapes[0]);
        }
        Shape first = atDepth.get(depths.get(0));
        for (int depth : depths) {
            if (!atDepth.get(depth).equals(first)) {
                throw new IllegalArgumentException("label '" + alpha.label() + "': depth " + depths.get(0) + " gives shape "
                        + first + " and depth " + depth + " gives " + atDepth.get(depth) + "; a supernet sums the outputs"
                        + " of every candidate depth, so they must have the same shape");
            }
        }
        return new Shape[] {first};
    }

    @Override
    public String toString() {
        return "MixedRepeat('" + alpha.label() + "', depths " + depths + ")";
    }
}
