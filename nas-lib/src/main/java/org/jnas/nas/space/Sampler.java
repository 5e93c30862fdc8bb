package org.jnas.nas.space;

import ai.djl.nn.Block;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * What a model space function receives: the mutation points of NNI Retiarii.
 *
 * <p>While a space is being explored the sampler records the choices; while it is being
 * instantiated from a {@link Sample} it returns exactly the sample's decisions. Because a value
 * choice returns a plain value, arithmetic, {@code if} and {@code for} on it are plain Java, and
 * later choices may depend on earlier ones (conditional spaces).
 *
 * <p>Reusing a label with the same candidates shares the decision (NNI's shared labels); reusing
 * it with other candidates throws an {@link IllegalArgumentException} naming the label.
 */
public interface Sampler {

    /**
     * One of the candidate blocks (NNI's {@code LayerChoice}). Candidates are suppliers, so only the
     * chosen one is ever built. The sample records the candidate index; tables and charts show the
     * kind of block beside it ({@code 1 Sequential(Conv2d, Conv2d)}), or the names given to
     * {@link #layerChoice(String, Map)}.
     */
    Block layerChoice(String label, List<Supplier<? extends Block>> candidates);

    /**
     * One of the named candidate blocks, as NNI's {@code LayerChoice(OrderedDict(...))}: the names
     * show beside the index in tables, charts and exports ({@code 1 dwsep}), and the sample records
     * the candidate's index as for {@link #layerChoice(String, List)}, so naming candidates later
     * changes no stored sample. The map's order is the candidates' order and must be fixed: a
     * {@code LinkedHashMap} (or a {@code TreeMap}); another map of two or more candidates, such as
     * {@code Map.of}, is refused.
     *
     * <pre>{@code
     * Map<String, Supplier<Block>> conv2 = new LinkedHashMap<>();
     * conv2.put("conv3x3", () -> Conv2d.builder().setFilters(64).setKernelShape(new Shape(3, 3)).build());
     * conv2.put("dwsep", () -> Layers.depthwiseSeparableConv(32, 64));
     * Block block = s.layerChoice("conv2", conv2);
     * }</pre>
     */
    Block layerChoice(String label, Map<String, ? extends Supplier<? extends Block>> candidates);

    /** Varargs form of {@link #layerChoice(String, List)}. */
    @SuppressWarnings("unchecked")
    default Block layerChoice(String label, Supplier<? extends Block>... candidates) {
        return layerChoice(label, Arrays.asList(candidates)); // not List.of: a null candidate is refused by label
    }

    /** One of the values (NNI's {@code ValueChoice}), returned as a plain value. */
    <T> T valueChoice(String label, List<T> values);

    /** Varargs form of {@link #valueChoice(String, List)}. */
    @SuppressWarnings("unchecked")
    default <T> T valueChoice(String label, T... values) {
        return valueChoice(label, Arrays.asList(values)); // not List.of: a null value is refused by label
    }

    /**
     * The block {@code builder} makes from one of the values: a value choice handed to the block it
     * configures. A multi-trial search runs it exactly as {@code builder.apply(valueChoice(label,
     * values))}: the sample records the value, and the block is the one built for it. A one-shot
     * search can follow this form, where a plain {@link #valueChoice(String, List)} is refused: it
     * builds the block for every value, and shares one set of weights across the values when every
     * value builds a {@code Linear} (units) or a {@code Conv2d} (filters, kernel size), as NNI's mixed
     * operations do; any other block is mixed over what each value builds (docs/one-shot.md).
     *
     * <pre>{@code
     * .add(s.valueChoice("feature", List.of(64, 128, 256), units -> Linear.builder().setUnits(units).build()))
     * .add(s.valueChoice("dropout1", List.of(0.25f, 0.5f), rate -> Dropout.builder().optRate(rate).build()))
     * }</pre>
     */
    default <T> Block valueChoice(String label, List<T> values, Function<? super T, ? extends Block> builder) {
        Objects.requireNonNull(builder, () -> "builder of label '" + label + "'");
        T value = valueChoice(label, values);
        Block block = builder.apply(value);
        if (block == null) {
            throw new IllegalStateException("label '" + label + "': the builder made null for value " + value);
        }
        return block;
    }

    /**
     * A block that takes {@code numCandidates} inputs (an {@code NDList} of that many arrays) and
     * returns {@code numChosen} of them combined by {@code reduction} (NNI's {@code InputChoice}).
     * The sample records the sorted list of chosen input indices.
     */
    Block inputChoice(String label, int numCandidates, int numChosen, Reduction reduction);

    /**
     * {@code depth} blocks in sequence, for a depth chosen among {@code depths} (NNI's
     * {@code Repeat}); {@code factory} builds the block at each position 0..depth-1.
     * The sample records the depth. The result is a {@code SequentialBlock} of the {@code depth}
     * blocks (holding just an identity block when the depth is 0).
     */
    Block repeat(String label, List<Integer> depths, IntFunction<? extends Block> factory);

    /**
     * A DARTS/NASNet-style cell (NNI's {@code Cell}), built on {@link #inputChoice} and
     * {@link #layerChoice}: {@code numNodes} nodes over {@code numPredecessors} inputs; for node
     * {@code i} and each op {@code j} of its {@code numOpsPerNode}, {@code label/node<i>/input<j>}
     * picks one earlier state (a cell input, or an earlier node at index
     * {@code numPredecessors + node}) and {@code label/node<i>/op<j>} picks an op among
     * {@code opCandidates}, each called with the chosen state index (so a reduction cell can give
     * stride 2 to ops that read a cell input). A node sums its ops' outputs; the cell returns the
     * node outputs combined by {@code merge}. The block takes {@code numPredecessors} arrays.
     */
    default Block cell(String label, int numNodes, int numOpsPerNode, int numPredecessors,
            List<? extends IntFunction<? extends Block>> opCandidates, Reduction merge) {
        return Cells.cell(this, label, numNodes, numOpsPerNode, numPredecessors, opCandidates, merge);
    }

    /** {@link #cell(String, int, int, int, List, Reduction)} merging the nodes by concatenation (NNI's default). */
    default Block cell(String label, int numNodes, int numOpsPerNode, int numPredecessors,
            List<? extends IntFunction<? extends Block>> opCandidates) {
        return cell(label, numNodes, numOpsPerNode, numPredecessors, opCandidates, Reduction.CONCAT);
    }

    /**
     * {@link #cell(String, int, int, int, List, Reduction)} with named ops (NNI's {@code Cell} given a
     * dict of op candidates): every op label's candidates show by name ({@code 3 sep_conv_3x3}) in
     * tables, charts and exports, as {@link #layerChoice(String, Map)}'s do; the sample records an
     * op's index. The map's order is the ops' order: a {@code LinkedHashMap} or a {@code TreeMap}
     * ({@link Layers#dartsOps} gives one).
     */
    default Block cell(String label, int numNodes, int numOpsPerNode, int numPredecessors,
            Map<String, ? extends IntFunction<? extends Block>> namedOps, Reduction merge) {
        return Cells.cell(this, label, numNodes, numOpsPerNode, numPredecessors, namedOps, merge);
    }

    /** {@link #cell(String, int, int, int, Map, Reduction)} merging the nodes by concatenation (NNI's default). */
    default Block cell(String label, int numNodes, int numOpsPerNode, int numPredecessors,
            Map<String, ? extends IntFunction<? extends Block>> namedOps) {
        return cell(label, numNodes, numOpsPerNode, numPredecessors, namedOps, Reduction.CONCAT);
    }
}
