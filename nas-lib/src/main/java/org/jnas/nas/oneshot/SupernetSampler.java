package org.jnas.nas.oneshot;

import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import org.jnas.nas.space.ChoiceKind;
import org.jnas.nas.space.Reduction;
import org.jnas.nas.space.Sampler;

/**
 * The sampler that runs a space function once as a supernet: a layer choice builds every candidate
 * into a {@link MixedLayer}, an input choice becomes a {@link MixedInput}, a repeat a
 * {@link MixedRepeat}, each reading the {@link ArchitectureParameter} of its label (one per label,
 * however often the label is used).
 *
 * A value choice handed to its block ({@link #valueChoice(String, List, Function)}) becomes a
 * weight-shared layer or a mixed block over the values.
 *
 * A cell becomes a {@link MixedCell}, mixed per edge over its inputs and ops.
 *
 * <p>What it cannot follow yet it refuses while the supernet is built, so before any training:
 * a plain value choice (it returns a plain value, so the supernet could only follow one of its
 * values). Inputs of an input choice whose shapes differ are refused when the supernet is
 * initialised ({@link MixedInput}).
 */
final class SupernetSampler implements Sampler {
    private final Random random;
    private final Map<String, ArchitectureParameter> parameters = new LinkedHashMap<>();

    SupernetSampler(long seed) {
        this.random = new Random(seed);
    }

    /** The architecture parameters of the labels met, in first-met order. */
    Map<String, ArchitectureParameter> parameters() {
        return parameters;
    }

    @Override
    public Block layerChoice(String label, List<Supplier<? extends Block>> candidates) {
        Objects.requireNonNull(candidates, () -> "candidates of label '" + label + "'");
        ArchitectureParameter alpha = parameter(label, ChoiceKind.LAYER, candidates.size(), 1);
        List<Block> blocks = new ArrayList<>(candidates.size());
        for (int i = 0; i < candidates.size(); i++) {
            Supplier<? extends Block> candidate = candidates.get(i);
            if (candidate == null) {
                throw new IllegalArgumentException("label '" + label + "': candidate " + i + " is null");
            }
            Block block = candidate.get();
            if (block == null) {
                throw new IllegalStateException("label '" + label + "': candidate " + i + " built null instead of a block");
            }
            blocks.add(block);
        }
        return new MixedLayer(alpha, blocks);
    }

    @Override
    public Block layerChoice(String label, Map<String, ? extends Supplier<? extends Block>> candidates) {
        Objects.requireNonNull(candidates, () -> "candidates of label '" + label + "'");
        return layerChoice(label, List.copyOf(candidates.values()));
    }

    /**
     * Refused: a plain value leaves the supernet, built once, no way to follow the other values.
     * The message names the label and gives the form that a supernet follows.
     */
    @Override
    public <T> T valueChoice(String label, List<T> values) {
        throw new IllegalArgumentException("label '" + label + "': a one-shot search cannot follow a plain value choice."
                + " valueChoice returns one of the values " + values + " itself, and the supernet is built once, so it"
                + " could train only one of them. Hand the value to the block it configures instead:"
                + " s.valueChoice(\"" + label + "\", List.of(...), value -> <the block built with value>), e.g."
                + " s.valueChoice(\"feature\", List.of(64, 128, 256), units -> Linear.builder().setUnits(units).build());"
                + " multi-trial strategies run that form exactly as before. A Linear or Conv2d built so shares its"
                + " weights across the values; any other block is mixed over the values (see docs/one-shot.md).");
    }

    /**
     * Builds the block of every value: a {@link SharedLinear} when every value builds a
     * {@code Linear}, a {@link SharedConv2d} when every value builds a {@code Conv2d} that one
     * convolution can hold, otherwise a {@link MixedLayer} over the values' blocks, each with its
     * own weights.
     */
    @Override
    public <T> Block valueChoice(String label, List<T> values, Function<? super T, ? extends Block> builder) {
        Objects.requireNonNull(values, () -> "values of label '" + label + "'");
        Objects.requireNonNull(builder, () -> "builder of label '" + label + "'");
        ArchitectureParameter alpha = parameter(label, ChoiceKind.VALUE, values.size(), 1);
        List<Block> blocks = new ArrayList<>(values.size());
        for (T value : values) {
            if (value == null) {
                throw new IllegalArgumentException("label '" + label + "': a value is null in " + values);
            }
            Block block = builder.apply(value);
            if (block == null) {
                throw new IllegalStateException("label '" + label + "': the builder made null for value " + value);
            }
            blocks.add(block);
        }
        Optional<SharedNorm.Settings> norm = commonNorm(blocks);
        List<Block> sharable = norm.isEmpty() ? blocks
                : blocks.stream().map(b -> b.getChildren().valueAt(0)).toList();
        if (sharable.stream().allMatch(b -> b.getClass() == Linear.class)) {
            List<Linear> layers = sharable.stream().map(Linear.class::cast).toList();
            if (layers.stream().allMatch(l -> SharedLinear.hasBias(l) == SharedLinear.hasBias(layers.get(0)))) {
                return new SharedLinear(alpha, new Widths(layers.stream().mapToLong(SharedLinear::units).toArray()),
                        SharedLinear.hasBias(layers.get(0)), norm);
            }
        }
        if (sharable.stream().allMatch(b -> b.getClass() == Conv2d.class)) {
            List<Conv2d> layers = sharable.stream().map(Conv2d.class::cast).toList();
            if (SharedConv2d.canShare(layers)) {
                return new SharedConv2d(alpha, layers, norm);
            }
        }
        return new MixedLayer(alpha, blocks);
    }

    /**
     * The settings of the BatchNorm when every value builds a {@code SequentialBlock} of a layer and
     * a {@code BatchNorm} over axis 1, all with the same settings: then the layers can share their
     * weights with the BatchNorm after them ({@link SharedNorm}).
     */
    private static Optional<SharedNorm.Settings> commonNorm(List<Block> blocks) {
        Optional<SharedNorm.Settings> common = Optional.empty();
        for (Block block : blocks) {
            if (block.getClass() != SequentialBlock.class || block.getChildren().size() != 2
                    || block.getChildren().valueAt(1).getClass() != BatchNorm.class) {
                return Optional.empty();
            }
            Optional<SharedNorm.Settings> settings = SharedNorm.Settings.of((BatchNorm) block.getChildren().valueAt(1));
            if (settings.isEmpty() || settings.get().axis() != 1 || (common.isPresent() && !common.equals(settings))) {
                return Optional.empty();
            }
            common = settings;
        }
        return common;
    }

    @Override
    public Block inputChoice(String label, int numCandidates, int numChosen, Reduction reduction) {
        Objects.requireNonNull(reduction, () -> "reduction of label '" + label + "'");
        if (numCandidates < 1 || numChosen < 1 || numChosen > numCandidates) {
            throw new IllegalArgumentException("label '" + label + "': cannot choose " + numChosen + " of "
                    + numCandidates + " inputs (need 1 <= numChosen <= numCandidates)");
        }
        return new MixedInput(parameter(label, ChoiceKind.INPUT, numCandidates, numChosen), reduction);
    }

    @Override
    public Block repeat(String label, List<Integer> depths, IntFunction<? extends Block> factory) {
        Objects.requireNonNull(depths, () -> "depths of label '" + label + "'");
        Objects.requireNonNull(factory, () -> "factory of label '" + label + "'");
        int deepest = 0;
        for (Integer depth : depths) {
            if (depth == null || depth < 0) {
                throw new IllegalArgumentException("label '" + label + "': depth " + depth + " is not a depth (need >= 0)");
            }
            deepest = Math.max(deepest, depth);
        }
        if (depths.isEmpty()) {
            throw new IllegalArgumentException("label '" + label + "' has no depths");
        }
        ArchitectureParameter alpha = parameter(label, ChoiceKind.REPEAT, depths.size(), 1);
        List<Block> blocks = new ArrayList<>(deepest);
        for (int i = 0; i < deepest; i++) {
            Block block = factory.apply(i);
            if (block == null) {
                throw new IllegalStateException("label '" + label + "': factory built null at position " + i);
            }
            blocks.add(block);
        }
        return new MixedRepeat(alpha, depths, blocks);
    }

    /**
     * A {@link MixedCell} under the labels the multi-trial cell uses ({@code label/node<i>/input<j>}
     * and {@code label/node<i>/op<j>}), so its export is a sample of the space: each edge mixes its
     * input over the states before its node, and for each state its op over {@code opCandidates},
     * built for that state.
     */
    @Override
    public Block cell(String label, int numNodes, int numOpsPerNode, int numPredecessors,
            List<? extends IntFunction<? extends Block>> opCandidates, Reduction merge) {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(opCandidates, () -> "op candidates of cell '" + label + "'");
        Objects.requireNonNull(merge, () -> "merge of cell '" + label + "'");
        if (numNodes < 1 || numOpsPerNode < 1 || numPredecessors < 1) {
            throw new IllegalArgumentException("cell '" + label + "' needs numNodes, numOpsPerNode and numPredecessors >= 1,"
                    + " got " + numNodes + ", " + numOpsPerNode + ", " + numPredecessors);
        }
        if (opCandidates.isEmpty()) {
            throw new IllegalArgumentException("cell '" + label + "' has no op candidates");
        }
        List<List<MixedCellEdge>> nodes = new ArrayList<>();
        for (int n = 0; n < numNodes; n++) {
            List<MixedCellEdge> edges = new ArrayList<>();
            for (int j = 0; j < numOpsPerNode; j++) {
                String prefix = label + "/node" + n;
                int states = numPredecessors + n;
                ArchitectureParameter input = parameter(prefix + "/input" + j, ChoiceKind.INPUT, states, 1);
                ArchitectureParameter op = parameter(prefix + "/op" + j, ChoiceKind.LAYER, opCandidates.size(), 1);
                List<MixedLayer> opsPerState = new ArrayList<>(states);
                for (int k = 0; k < states; k++) {
                    int state = k;
                    List<Supplier<? extends Block>> ops = new ArrayList<>(opCandidates.size());
                    for (IntFunction<? extends Block> candidate : opCandidates) {
                        Objects.requireNonNull(candidate, () -> "an op candidate of cell '" + label + "'");
                        ops.add(() -> candidate.apply(state));
                    }
                    opsPerState.add((MixedLayer) layerChoice(op.label(), ops));
                }
                edges.add(new MixedCellEdge(input, opsPerState));
            }
            nodes.add(edges);
        }
        return new MixedCell(label, numPredecessors, nodes, merge);
    }

    /** The cell of named ops: the names only describe them, and the space's own choices carry them to tables. */
    @Override
    public Block cell(String label, int numNodes, int numOpsPerNode, int numPredecessors,
            Map<String, ? extends IntFunction<? extends Block>> namedOps, Reduction merge) {
        Objects.requireNonNull(namedOps, () -> "op candidates of cell '" + label + "'");
        return cell(label, numNodes, numOpsPerNode, numPredecessors, List.copyOf(namedOps.values()), merge);
    }

    /**
     * The parameter of {@code label}: new the first time the label is met, shared after that.
     *
     * @throws IllegalArgumentException naming the label when it was met before as another kind of
     *     choice or with another number of candidates
     */
    private ArchitectureParameter parameter(String label, ChoiceKind kind, int size, int numChosen) {
        Objects.requireNonNull(label, "label");
        if (label.isBlank()) {
            throw new IllegalArgumentException("a choice label must not be blank");
        }
        if (size < 1) {
            throw new IllegalArgumentException("label '" + label + "' has no candidates");
        }
        ArchitectureParameter known = parameters.get(label);
        if (known == null) {
            known = new ArchitectureParameter(label, kind, size, numChosen, random);
            parameters.put(label, known);
        } else if (known.kind() != kind || known.size() != size || known.numChosen() != numChosen) {
            throw new IllegalArgumentException("label '" + label + "' is declared twice with different candidates: "
                    + known.kind() + " of " + known.size() + " and " + kind + " of " + size
                    + "; reuse a label only for the same decision, or give each decision its own label");
        }
        return known;
    }
}
