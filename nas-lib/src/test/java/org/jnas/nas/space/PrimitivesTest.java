package org.jnas.nas.space;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/** Each primitive: what it records, what it builds, and that the built block runs. */
class PrimitivesTest {

    @Test
    void layerChoiceBuildsOnlyTheChosenCandidateAndReturnsItDirectly() {
        AtomicInteger built0 = new AtomicInteger();
        AtomicInteger built1 = new AtomicInteger();
        Block[] made = new Block[1];
        ModelSpace space = ModelSpace.define("layer", s -> s.layerChoice("op",
                () -> { built0.incrementAndGet(); return Linear.builder().setUnits(3).build(); },
                () -> { built1.incrementAndGet(); return made[0] = Linear.builder().setUnits(5).build(); }));
        Block block = space.instantiate(Sample.of(Map.of("op", 1)));
        assertSame(made[0], block);
        assertEquals(0, built0.get());
        assertEquals(1, built1.get());
        assertEquals(new Shape(2, 5), Forward.shape(block, new Shape(2, 4)));
        assertEquals(new Choice("op", ChoiceKind.LAYER, List.of(0, 1), List.of("Linear", "Linear")), space.choices().get(0));
    }

    @Test
    void valueChoiceReturnsThePlainValue() {
        ModelSpace space = ModelSpace.define("value", s -> Linear.builder().setUnits(s.valueChoice("units", 4, 8) * 2).build());
        assertEquals(new Shape(3, 16), Forward.shape(space.instantiate(Sample.of(Map.of("units", 8))), new Shape(3, 5)));
        assertEquals(BigInteger.TWO, space.size());
    }

    @Test
    void inputChoiceCandidatesAreTheSortedCombinationsInLexicographicOrder() {
        ModelSpace space = ModelSpace.define("input", s -> s.inputChoice("in", 4, 2, Reduction.SUM));
        Choice choice = space.choices().get(0);
        assertEquals(ChoiceKind.INPUT, choice.kind());
        assertEquals(List.of(List.of(0, 1), List.of(0, 2), List.of(0, 3), List.of(1, 2), List.of(1, 3), List.of(2, 3)),
                choice.candidates());
        InputChoiceBlock block = assertInstanceOf(InputChoiceBlock.class,
                space.instantiate(Sample.fromJson("{\"in\":[1,3]}")));
        assertEquals(List.of(1, 3), block.chosen());
        assertEquals(4, block.numCandidates());
        assertEquals(Reduction.SUM, block.reduction());
    }

    @Test
    void theGradientThroughAMeanOfInputsStaysRightWhenTheGarbageCollectorReusesFreedMemory() throws Exception {
        try (NDManager manager = NDManager.newBaseManager();
                ai.djl.training.GradientCollector collector = ai.djl.engine.Engine.getInstance().newGradientCollector()) {
            NDArray x = manager.create(new float[] {1, 2, 3});
            x.setRequiresGradient(true);
            NDArray mean = new InputChoiceBlock(2, List.of(0, 1), Reduction.MEAN)
                    .forward(new ParameterStore(manager, false), new NDList(x, x.mul(manager.create(3f))), true)
                    .singletonOrThrow();
            org.jnas.nas.testing.FreedMemory.reuse();
            collector.backward(mean.sum());
            // mean = (x + 3x) / 2 = 2x
            org.junit.jupiter.api.Assertions.assertArrayEquals(new float[] {2, 2, 2}, x.getGradient().toFloatArray());
        }
    }

    @Test
    void inputChoiceReducesTheChosenInputs() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDList inputs = new NDList(
                    manager.full(new Shape(1, 2, 2, 2), 1f),
                    manager.full(new Shape(1, 2, 2, 2), 10f),
                    manager.full(new Shape(1, 3, 2, 2), 100f));
            ParameterStore ps = new ParameterStore(manager, false);
            NDArray sum = new InputChoiceBlock(3, List.of(0, 1), Reduction.SUM).forward(ps, inputs, false).singletonOrThrow();
            assertEquals(11f, sum.getFloat(0, 0, 0, 0));
            NDArray mean = new InputChoiceBlock(3, List.of(0, 1), Reduction.MEAN).forward(ps, inputs, false).singletonOrThrow();
            assertEquals(5.5f, mean.getFloat(0, 1, 1, 1));
            NDArray concat = new InputChoiceBlock(3, List.of(1, 2), Reduction.CONCAT).forward(ps, inputs, false).singletonOrThrow();
            assertEquals(new Shape(1, 5, 2, 2), concat.getShape());
            NDList none = new InputChoiceBlock(3, List.of(0, 2), Reduction.NONE).forward(ps, inputs, false);
            assertEquals(2, none.size());
            assertEquals(100f, none.get(1).getFloat(0, 0, 0, 0));
        }
        Shape a = new Shape(2, 3, 4, 4);
        Shape b = new Shape(2, 5, 4, 4);
        assertEquals(new Shape(2, 8, 4, 4), Forward.shape(new InputChoiceBlock(3, List.of(0, 2), Reduction.CONCAT), a, a, b));
        assertEquals(a, Forward.shape(new InputChoiceBlock(2, List.of(0, 1), Reduction.MEAN), a, a));
        assertEquals(2, Forward.shapes(new InputChoiceBlock(3, List.of(0, 1), Reduction.NONE), a, a, b).length);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new InputChoiceBlock(2, List.of(0, 1), Reduction.SUM).getOutputShapes(new Shape[] {a, b}));
        assertTrue(e.getMessage().contains("same shape"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new InputChoiceBlock(3, List.of(0), Reduction.SUM).getOutputShapes(new Shape[] {a}));
        assertTrue(e.getMessage().contains("takes 3 inputs, got 1"), e.getMessage());
    }

    @Test
    void repeatStacksDepthBlocksMadeByTheFactory() {
        List<Integer> positions = new ArrayList<>();
        ModelSpace space = ModelSpace.define("repeat", s -> s.repeat("depth", List.of(0, 2, 3), i -> {
            positions.add(i);
            return Linear.builder().setUnits(6).build();
        }));
        assertEquals(BigInteger.valueOf(3), space.size());
        assertEquals(new Choice("depth", ChoiceKind.REPEAT, List.of(0, 2, 3)), space.choices().get(0));
        positions.clear();
        SequentialBlock three = assertInstanceOf(SequentialBlock.class, space.instantiate(Sample.of(Map.of("depth", 3))));
        assertEquals(List.of(0, 1, 2), positions);
        assertEquals(3, three.getChildren().size());
        assertEquals(1, assertInstanceOf(SequentialBlock.class, space.instantiate(Sample.of(Map.of("depth", 0))))
                .getChildren().size(), "depth 0 holds just an identity");
        assertEquals(new Shape(2, 6), Forward.shape(three, new Shape(2, 4)));
        Block none = space.instantiate(Sample.of(Map.of("depth", 0)));
        assertEquals(new Shape(2, 4), Forward.shape(none, new Shape(2, 4)), "depth 0 is the identity");
    }

    @Test
    void nestedChoicesInsideRepeatedBlocksAreLabelledPerPosition() {
        ModelSpace space = ModelSpace.define("nested", s -> s.repeat("depth", List.of(1, 2),
                i -> Linear.builder().setUnits(s.valueChoice("units" + i, 2, 4)).build()));
        assertEquals(BigInteger.valueOf(2 + 4), space.size());
        assertEquals(List.of("depth", "units0", "units1"), space.choices().stream().map(Choice::label).toList());
        Block block = space.instantiate(Sample.of(Map.of("depth", 2, "units0", 4, "units1", 2)));
        assertEquals(new Shape(1, 2), Forward.shape(block, new Shape(1, 3)));
    }

    @Test
    void cellChoosesAnInputAndAnOpPerEdgeAndConcatenatesItsNodes() {
        List<IntFunction<Block>> ops = List.of(i -> Layers.identity(), i -> Layers.convBnRelu(8, 3, 1));
        ModelSpace space = ModelSpace.define("cell", s -> s.cell("c", 2, 2, 2, ops));
        assertEquals(List.of("c/node0/input0", "c/node0/op0", "c/node0/input1", "c/node0/op1",
                        "c/node1/input0", "c/node1/op0", "c/node1/input1", "c/node1/op1"),
                space.choices().stream().map(Choice::label).toList());
        // node0: 2 inputs x 2 ops per edge, two edges; node1: 3 inputs x 2 ops per edge, two edges.
        assertEquals(BigInteger.valueOf(4 * 4 * 6 * 6), space.size());
        Sample sample = Sample.fromJson("{\"c/node0/input0\":[0],\"c/node0/op0\":1,\"c/node0/input1\":[1],\"c/node0/op1\":0,"
                + "\"c/node1/input0\":[2],\"c/node1/op0\":1,\"c/node1/input1\":[0],\"c/node1/op1\":0}");
        CellBlock cell = assertInstanceOf(CellBlock.class, space.instantiate(sample));
        assertEquals(2, cell.numPredecessors());
        assertEquals(Reduction.CONCAT, cell.merge());
        assertEquals(List.of(0, 1), cell.nodes().get(0).stream().map(CellBlock.Edge::input).toList());
        assertEquals(List.of(2, 0), cell.nodes().get(1).stream().map(CellBlock.Edge::input).toList());
        Shape in = new Shape(2, 8, 6, 6);
        assertEquals(new Shape(2, 16, 6, 6), Forward.shape(cell, in, in));
    }

    @Test
    void cellOpsLearnTheirInputSoAReductionCellStridesCellInputs() {
        Map<String, IntFunction<Block>> ops = Layers.dartsOps(4, true, 1);
        ModelSpace space = ModelSpace.define("reduce", s -> s.cell("r", 1, 2, 1, ops, Reduction.SUM));
        assertEquals(7, space.choices().get(1).size());
        for (int op = 0; op < 7; op++) {
            Block cell = space.instantiate(Sample.of(Map.of("r/node0/input0", List.of(0), "r/node0/op0", op,
                    "r/node0/input1", List.of(0), "r/node0/op1", 3)));
            assertEquals(new Shape(2, 4, 4, 4), Forward.shape(cell, new Shape(2, 4, 8, 8)), "op " + op);
        }
    }

    @Test
    void dartsNormalCellRunsWithEveryOp() {
        Map<String, IntFunction<Block>> ops = Layers.dartsOps(4, false, 2);
        ModelSpace space = ModelSpace.define("normal", s -> s.cell("n", 2, 1, 2, ops, Reduction.CONCAT));
        Shape in = new Shape(1, 4, 5, 5);
        for (int op = 0; op < 7; op++) {
            Block cell = space.instantiate(Sample.of(Map.of("n/node0/input0", List.of(1), "n/node0/op0", op,
                    "n/node1/input0", List.of(2), "n/node1/op0", 6 - op)));
            assertEquals(new Shape(1, 8, 5, 5), Forward.shape(cell, in, in), "op " + op);
        }
    }

    @Test
    void aNodeWhoseOpsGiveDifferentShapesIsRefusedNamingTheNode() {
        // ops built for 4 channels on inputs of 6: the skip keeps 6, the separable convolution gives 4
        ModelSpace space = ModelSpace.define("wrong-channels", s -> s.cell("n", 1, 2, 1, Layers.dartsOps(4, false, 1)));
        Block cell = space.instantiate(Sample.of(Map.of("n/node0/input0", List.of(0), "n/node0/op0", 2,
                "n/node0/input1", List.of(0), "n/node0/op1", 3)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Forward.shape(cell, new Shape(1, 6, 5, 5)));
        assertTrue(e.getMessage().contains("node 0") && e.getMessage().contains("(1, 6, 5, 5) and (1, 4, 5, 5)")
                && e.getMessage().contains("dartsOps"), e.getMessage());
    }
}
