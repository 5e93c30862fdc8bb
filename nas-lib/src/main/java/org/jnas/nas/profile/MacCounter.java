package org.jnas.nas.profile;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Convolution;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jnas.nas.space.CellBlock;
import org.jnas.nas.space.InputChoiceBlock;

/**
 * Walks a block as its forward pass runs, with shapes instead of arrays, and adds up the MACs of
 * the blocks whose cost it knows (see {@link Profile} for what each costs). Composites it knows
 * route shapes to their children as their forward pass routes arrays; any other block is unknown.
 * A convolution or linear layer whose weights were made for other inputs (an initialized block
 * profiled for another shape) is refused: its MACs for this shape would be of weights it does not have.
 */
final class MacCounter {
    private long macs;
    private final List<String> unknown = new ArrayList<>();

    long macs() {
        return macs;
    }

    List<String> unknown() {
        return unknown;
    }

    /** Counts {@code block} on inputs of {@code in}; returns its output shapes. */
    Shape[] count(Block block, Shape[] in, String path) {
        if (block instanceof SequentialBlock) {
            Shape[] current = in;
            int i = 0;
            for (Pair<String, Block> child : block.getChildren()) {
                current = count(child.getValue(), current, child(path, i++, child.getValue()));
            }
            return current;
        }
        if (block instanceof ParallelBlock) {
            int i = 0;
            for (Pair<String, Block> child : block.getChildren()) {
                count(child.getValue(), in, child(path, i++, child.getValue()));
            }
            return block.getOutputShapes(in);
        }
        if (block instanceof CellBlock cell) {
            countCell(cell, in, path);
            return block.getOutputShapes(in);
        }
        requireWeightsFit(block, in[0], path);
        Shape[] out = block.getOutputShapes(in);
        if (block instanceof Convolution conv) {
            long perOutput = in[0].get(1) / conv.getGroups() * conv.getKernelShape().size();
            macs = Math.addExact(macs, Math.multiplyExact(out[0].size(), perOutput));
        } else if (block instanceof Linear) {
            macs = Math.addExact(macs, Math.multiplyExact(out[0].size(), in[0].get(in[0].dimension() - 1)));
        } else if (block instanceof BatchNorm || block instanceof LayerNorm) {
            macs = Math.addExact(macs, out[0].size());
        } else if (!(block instanceof LambdaBlock || block instanceof Dropout || block instanceof InputChoiceBlock)) {
            unknown.add(path.isEmpty() ? name(block) : path);
        }
        return out;
    }

    /**
     * Refuses a convolution or linear layer whose weights take other inputs than {@code in} gives
     * it: DJL works its output shape out from its settings alone, so the count would go on as if
     * the weights fitted.
     */
    private static void requireWeightsFit(Block block, Shape in, String path) {
        Shape weight = weightShape(block);
        if (weight == null || weight.dimension() < 2) {
            return;
        }
        long takes;
        long given;
        String what;
        if (block instanceof Convolution conv) {
            takes = weight.get(1) * conv.getGroups();
            given = in.dimension() > 1 ? in.get(1) : -1;
            what = "input channels";
        } else if (block instanceof Linear) {
            takes = weight.get(1);
            given = in.get(in.dimension() - 1);
            what = "input features";
        } else {
            return;
        }
        if (takes != given) {
            throw new IllegalArgumentException((path.isEmpty() ? name(block) : path) + " has weights " + weight
                    + " for " + takes + " " + what + ", and the input gives it " + in);
        }
    }

    /** The shape of {@code block}'s own weight, or null when it has none yet (a fresh block). */
    private static Shape weightShape(Block block) {
        Parameter weight = block.getDirectParameters().get("weight");
        if (weight == null) {
            return null;
        }
        if (weight.getShape() != null) {
            return weight.getShape();
        }
        return weight.isInitialized() ? weight.getArray().getShape() : null;
    }

    private void countCell(CellBlock cell, Shape[] in, String path) {
        List<Shape> states = new ArrayList<>(Arrays.asList(in));
        int n = 0;
        for (List<CellBlock.Edge> edges : cell.nodes()) {
            Shape node = null;
            int e = 0;
            for (CellBlock.Edge edge : edges) {
                String edgePath = (path.isEmpty() ? "" : path + "/") + "node" + n + "_op" + e++ + " " + name(edge.op());
                node = count(edge.op(), new Shape[] {states.get(edge.input())}, edgePath)[0];
            }
            states.add(node);
            n++;
        }
    }

    private static String child(String path, int index, Block block) {
        return (path.isEmpty() ? "" : path + "/") + String.format("%02d", index) + " " + name(block);
    }

    private static String name(Block block) {
        String simple = block.getClass().getSimpleName();
        return simple.isEmpty() ? block.getClass().getName() : simple;
    }
}
