package org.jnas.nas.space;

import ai.djl.nn.Block;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * Builds a DARTS/NASNet-style cell from a sampler's primitives, so a cell is searched by every
 * strategy like any other choices. Used by {@link Sampler#cell}.
 */
final class Cells {
    private Cells() {}

    /**
     * A cell of {@code numNodes} nodes over {@code numPredecessors} inputs. For node {@code i} and
     * each of its {@code numOpsPerNode} ops {@code j}, an input choice {@code label/node<i>/input<j>}
     * picks one state (a cell input or an earlier node) and a layer choice {@code label/node<i>/op<j>}
     * picks the op; {@code opCandidates} receive the chosen state index, so a reduction cell can
     * give stride 2 to ops that read a cell input ({@code index < numPredecessors}).
     *
     * @throws IllegalArgumentException naming the label for a bad count or no op candidates
     */
    static Block cell(Sampler s, String label, int numNodes, int numOpsPerNode, int numPredecessors,
            List<? extends IntFunction<? extends Block>> opCandidates, Reduction merge) {
        Objects.requireNonNull(opCandidates, () -> "op candidates of cell '" + label + "'");
        return cell(s, label, numNodes, numOpsPerNode, numPredecessors, opCandidates, List.of(), merge);
    }

    /**
     * The cell with its ops named by {@code namedOps}' keys: each op label is a named layer choice
     * ({@link Sampler#layerChoice(String, Map)}), in the map's order, which must be fixed.
     */
    static Block cell(Sampler s, String label, int numNodes, int numOpsPerNode, int numPredecessors,
            Map<String, ? extends IntFunction<? extends Block>> namedOps, Reduction merge) {
        Objects.requireNonNull(namedOps, () -> "op candidates of cell '" + label + "'");
        DecidingSampler.requireFixedOrder(label, namedOps);
        return cell(s, label, numNodes, numOpsPerNode, numPredecessors, List.copyOf(namedOps.values()),
                List.copyOf(namedOps.keySet()), merge);
    }

    /** The cell; its ops named by {@code names}, or by the blocks they build when it is empty. */
    private static Block cell(Sampler s, String label, int numNodes, int numOpsPerNode, int numPredecessors,
            List<? extends IntFunction<? extends Block>> opCandidates, List<String> names, Reduction merge) {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(merge, () -> "merge of cell '" + label + "'");
        if (numNodes < 1 || numOpsPerNode < 1 || numPredecessors < 1) {
            throw new IllegalArgumentException("cell '" + label + "' needs numNodes, numOpsPerNode and numPredecessors >= 1,"
                    + " got " + numNodes + ", " + numOpsPerNode + ", " + numPredecessors);
        }
        if (opCandidates.isEmpty()) {
            throw new IllegalArgumentException("cell '" + label + "' has no op candidates");
        }
        List<List<CellBlock.Edge>> nodes = new ArrayList<>();
        for (int n = 0; n < numNodes; n++) {
            List<CellBlock.Edge> edges = new ArrayList<>();
            for (int j = 0; j < numOpsPerNode; j++) {
                String prefix = label + "/node" + n;
                Block picker = s.inputChoice(prefix + "/input" + j, numPredecessors + n, 1, Reduction.NONE);
                if (!(picker instanceof InputChoiceBlock chosen)) {
                    throw new IllegalStateException("cell '" + label + "' needs a sampler whose inputChoice returns an "
                            + "InputChoiceBlock, got " + picker.getClass().getName());
                }
                int input = chosen.chosen().get(0);
                List<Supplier<? extends Block>> ops = new ArrayList<>(opCandidates.size());
                for (IntFunction<? extends Block> op : opCandidates) {
                    Objects.requireNonNull(op, () -> "an op candidate of cell '" + label + "'");
                    ops.add(() -> op.apply(input));
                }
                edges.add(new CellBlock.Edge(input, names.isEmpty() ? s.layerChoice(prefix + "/op" + j, ops)
                        : s.layerChoice(prefix + "/op" + j, named(names, ops))));
            }
            nodes.add(edges);
        }
        return new CellBlock(numPredecessors, nodes, merge);
    }

    private static Map<String, Supplier<? extends Block>> named(List<String> names, List<Supplier<? extends Block>> ops) {
        Map<String, Supplier<? extends Block>> named = new LinkedHashMap<>();
        for (int i = 0; i < ops.size(); i++) {
            named.put(names.get(i), ops.get(i));
        }
        return named;
    }
}
