package org.jnas.nas.space;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Layer candidates carry names, given (NNI's OrderedDict) or the kind of block they build; samples keep indices. */
class LayerChoiceNamesTest {

    private static Supplier<Block> linear(int units) {
        return () -> Linear.builder().setUnits(units).build();
    }

    @Test
    void namedCandidatesKeepTheMapsOrderAndTheSampleKeepsTheIndex() {
        Map<String, Supplier<Block>> ops = new LinkedHashMap<>();
        ops.put("wide", linear(5));
        ops.put("narrow", linear(3));
        ModelSpace space = ModelSpace.define("named", s -> s.layerChoice("op", ops));
        Choice op = space.choices().get(0);
        assertEquals(List.of(0, 1), op.candidates());
        assertEquals(List.of("wide", "narrow"), op.names());
        assertEquals("1 narrow", op.describe(1));
        assertEquals("1 narrow", op.describe(1L), "a stored index (a Long) too");
        assertEquals(new Shape(2, 3), Forward.shape(space.instantiate(Sample.of(Map.of("op", 1))), new Shape(2, 4)));
        assertEquals(Map.of("op", 0), space.sample(c -> 0).values());
        assertTrue(space.summary().contains("[0 wide, 1 narrow]"), space.summary());
    }

    @Test
    void unnamedCandidatesAreNamedByTheKindOfBlockTheyBuild() {
        ModelSpace space = ModelSpace.define("kinds", s -> s.layerChoice("conv",
                () -> Conv2d.builder().setFilters(64).setKernelShape(new Shape(3, 3)).build(),
                () -> Layers.depthwiseSeparableConv(32, 64),
                Blocks::identityBlock));
        assertEquals(List.of("Conv2d", "Sequential(Conv2d, Conv2d)", "identity"), space.choices().get(0).names());
        assertEquals("1 Sequential(Conv2d, Conv2d)", space.choices().get(0).describe(1));
    }

    @Test
    void namesNeedAFixedOrder() {
        ModelSpace unordered = ModelSpace.define("unordered", s -> s.layerChoice("op", Map.of("a", linear(2), "b", linear(3))));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, unordered::choices);
        assertTrue(e.getMessage().contains("label 'op'") && e.getMessage().contains("LinkedHashMap"), e.getMessage());
        ModelSpace sorted = ModelSpace.define("sorted", s -> s.layerChoice("op", new TreeMap<>(Map.of("b", linear(3), "a", linear(2)))));
        assertEquals(List.of("a", "b"), sorted.choices().get(0).names());
        ModelSpace single = ModelSpace.define("single", s -> s.layerChoice("op", Map.of("only", linear(2))));
        assertEquals(List.of("only"), single.choices().get(0).names());
    }

    @Test
    void aCellsNamedOpsShowByNameOnEveryOpLabelAndTheSampleKeepsTheIndex() {
        ModelSpace space = ModelSpace.define("cell", s -> s.cell("normal", 2, 1, 1, Layers.dartsOps(4, false, 1)));
        List<String> darts = List.of("max_pool_3x3", "avg_pool_3x3", "skip_connect", "sep_conv_3x3", "sep_conv_5x5",
                "dil_conv_3x3", "dil_conv_5x5");
        for (String label : List.of("normal/node0/op0", "normal/node1/op0")) {
            Choice op = space.choices().stream().filter(c -> c.label().equals(label)).findFirst().orElseThrow();
            assertEquals(darts, op.names(), label);
            assertEquals(List.of(0, 1, 2, 3, 4, 5, 6), op.candidates(), label);
        }
        Sample sample = Sample.of(Map.of("normal/node0/input0", List.of(0), "normal/node0/op0", 3,
                "normal/node1/input0", List.of(1), "normal/node1/op0", 2));
        assertEquals(new Shape(2, 8, 6, 6), Forward.shape(space.instantiate(sample), new Shape(2, 4, 6, 6)));
        assertTrue(space.summary().contains("3 sep_conv_3x3"), space.summary());
    }

    @Test
    void aCellsNamedOpsNeedAFixedOrder() {
        ModelSpace unordered = ModelSpace.define("unordered", s -> s.cell("normal", 1, 1, 1,
                Map.of("a", i -> linear(2).get(), "b", i -> linear(2).get())));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, unordered::choices);
        assertTrue(e.getMessage().contains("label 'normal'") && e.getMessage().contains("LinkedHashMap"), e.getMessage());
    }

    @Test
    void namesDescribeButDoNotDecide() {
        Choice unnamed = new Choice("op", ChoiceKind.LAYER, List.of(0, 1));
        Choice named = new Choice("op", ChoiceKind.LAYER, List.of(0, 1), List.of("a", "b"));
        assertTrue(unnamed.sameAs(named), "a stored choice without names is the same decision");
        assertEquals(unnamed, new Choice("op", ChoiceKind.LAYER, List.of(0, 1), List.of("", "")));
        assertEquals("1", unnamed.describe(1));
        assertEquals("0.5", new Choice("rate", ChoiceKind.VALUE, List.of(0.5)).describe(0.5));
        assertThrows(IllegalArgumentException.class, () -> new Choice("op", ChoiceKind.LAYER, List.of(0, 1), List.of("a")));
    }
}
