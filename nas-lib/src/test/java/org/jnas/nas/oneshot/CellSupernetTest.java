package org.jnas.nas.oneshot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.IntFunction;
import org.jnas.nas.data.TrainTestData;
import org.jnas.nas.space.Layers;
import org.jnas.nas.space.ModelSpace;
import org.jnas.nas.space.Reduction;
import org.jnas.nas.space.Sample;
import org.junit.jupiter.api.Test;

/** A cell in a supernet: mixed per edge under the multi-trial cell's labels. */
class CellSupernetTest {
    private static final int C = 3;

    /** Zero, skip, a 3x3 convolution and a max pool: the cell's op candidates, stride 2 on a reduction cell's inputs. */
    private static List<IntFunction<Block>> ops(boolean reduce) {
        IntFunction<Integer> stride = input -> reduce && input < 2 ? 2 : 1;
        return List.of(
                input -> Layers.zero(stride.apply(input)),
                input -> Layers.skipConnect(C, C, stride.apply(input)),
                input -> Conv2d.builder().setFilters(C).setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1))
                        .optStride(new Shape(stride.apply(input), stride.apply(input))).build(),
                input -> Layers.maxPool3x3(stride.apply(input)));
    }

    /** Two normal cells sharing their labels (summed nodes), then a reduction cell concatenating its nodes. */
    private static final ModelSpace CELLS = ModelSpace.define("cells", s -> new SequentialBlock()
            .add(x -> new NDList(x.head(), x.head()))
            .add(s.cell("normal", 2, 2, 2, ops(false), Reduction.SUM))
            .add(x -> new NDList(x.head(), x.head()))
            .add(s.cell("normal", 2, 2, 2, ops(false), Reduction.SUM))
            .add(x -> new NDList(x.head(), x.head()))
            .add(s.cell("reduce", 2, 1, 2, ops(true), Reduction.CONCAT)));

    /** A cell of zero, skip and Linear edges on 4-feature points, its two nodes concatenated. */
    private static final ModelSpace DENSE = ModelSpace.define("dense-cells", s -> new SequentialBlock()
            .add(x -> new NDList(x.head(), x.head()))
            .add(s.cell("cell", 2, 1, 2, List.of(
                    input -> Layers.zero(1),
                    input -> Layers.identity(),
                    input -> Linear.builder().setUnits(4).build()), Reduction.CONCAT))
            .add(Linear.builder().setUnits(4).build()));

    private static final Shape INPUT = new Shape(2, C, 8, 8);

    @Test
    void theSupernetGivesTheShapeOfEveryArchitecture() {
        Shape expected = new Shape(2, 2 * C, 4, 4);
        assertEquals(expected, mixedOutputShape(Supernet.build(CELLS, 1)));
        try (NDManager manager = NDManager.newBaseManager()) {
            Random random = new Random(3);
            for (int i = 0; i < 5; i++) {
                Block architecture = CELLS.instantiate(CELLS.sample(choice -> random.nextInt(choice.candidates().size())));
                architecture.initialize(manager, DataType.FLOAT32, INPUT);
                assertEquals(expected, architecture.getOutputShapes(new Shape[] {INPUT})[0]);
            }
        }
    }

    @Test
    void labelsSharedAcrossCellsShareTheirArchitectureParameters() {
        Supernet supernet = Supernet.build(CELLS, 1);
        Sample any = CELLS.sample(choice -> 0);
        assertEquals(any.values().keySet(), supernet.parameters().keySet(),
                "one set of logits per label of the multi-trial cell, the two normal cells sharing theirs");
        assertEquals(12, supernet.parameters().size(), "2 nodes x 2 edges x 2 labels in the normal cells, 2 x 1 x 2 in the reduction cell");
        List<MixedLayer> normalOps = new ArrayList<>();
        collect(supernet.block(), MixedLayer.class, normalOps);
        ArchitectureParameter first = supernet.parameters().get("normal/node1/op1");
        long readers = normalOps.stream().filter(m -> m.alpha() == first).count();
        assertEquals(2 * 3, readers, "node 1's op reads 3 states, in each of the two normal cells");
    }

    @Test
    void anArchitecturesPathThroughTheSupernetIsThatArchitectureWithTheSameWeights() {
        Random random = new Random(11);
        for (int trial = 0; trial < 4; trial++) {
            Sample sample = CELLS.sample(choice -> random.nextInt(choice.candidates().size()));
            Supernet supernet = Supernet.build(CELLS, 2);
            try (NDManager manager = NDManager.newBaseManager()) {
                supernet.block().initialize(manager, DataType.FLOAT32, INPUT);
                supernet.setPath(supernet.pathOf(sample));
                Set<Parameter> off = Collections.newSetFromMap(new IdentityHashMap<>());
                off.addAll(supernet.offPathWeights());
                List<Parameter> onPath = new ArrayList<>();
                supernet.block().getParameters().values().forEach(p -> {
                    if (!off.contains(p)) {
                        onPath.add(p);
                    }
                });
                Block architecture = CELLS.instantiate(sample);
                architecture.initialize(manager, DataType.FLOAT32, INPUT);
                List<Parameter> own = architecture.getParameters().values();
                assertEquals(own.size(), onPath.size(), "the path holds exactly the architecture's weights: " + sample);
                for (int i = 0; i < own.size(); i++) {
                    onPath.get(i).getArray().copyTo(own.get(i).getArray());
                }
                NDList x = new NDList(manager.randomNormal(INPUT));
                float[] expected = architecture.forward(new ParameterStore(manager, false), x, false)
                        .singletonOrThrow().toFloatArray();
                supernet.begin(manager, false, Relaxation.SOFTMAX);
                try {
                    float[] actual = supernet.block().forward(new ParameterStore(manager, false), x, false)
                            .singletonOrThrow().toFloatArray();
                    assertArrayEquals(expected, actual, 1e-5f, sample.toString());
                } finally {
                    supernet.end();
                    supernet.clearPath();
                }
            }
        }
    }

    @Test
    void aCellOfNamedOpsIsMixedUnderTheSpacesLabelsWithOneLogitPerOp() {
        ModelSpace named = ModelSpace.define("named", s -> new SequentialBlock()
                .add(x -> new NDList(x.head(), x.head()))
                .add(s.cell("normal", 2, 1, 2, Layers.dartsOps(C, false, 2))));
        Supernet supernet = Supernet.build(named, 1);
        assertEquals(named.sample(choice -> 0).values().keySet(), supernet.parameters().keySet());
        assertEquals(7, supernet.parameters().get("normal/node1/op0").size(), "DARTS's seven ops");
        assertEquals(new Shape(2, 2 * C, 8, 8), mixedOutputShape(supernet));
    }

    /** The shape of the supernet's output on a random {@link #INPUT}, every candidate mixed (DARTS's softmax). */
    private static Shape mixedOutputShape(Supernet supernet) {
        try (NDManager manager = NDManager.newBaseManager()) {
            supernet.block().initialize(manager, DataType.FLOAT32, INPUT);
            supernet.begin(manager, false, Relaxation.SOFTMAX);
            try {
                return supernet.block().forward(new ParameterStore(manager, false),
                        new NDList(manager.randomNormal(INPUT)), false).singletonOrThrow().getShape();
            } finally {
                supernet.end();
            }
        }
    }

    @Test
    void dartsOnACellSpaceExportsAnArchitectureOfTheSpace() {
        ModelSpace space = DENSE;
        OneShotResult result = OneShotSearch.darts(space, OneShotSearchTest.planted(128, 1)).epochs(2).batchSize(16)
                .seed(1).run();
        assertEquals(result.sample(), space.validate(result.sample()));
        assertTrue(space.instantiate(result.sample()) instanceof SequentialBlock);
        assertEquals(List.of("cell/node0/input0", "cell/node0/op0", "cell/node1/input0", "cell/node1/op0"),
                List.copyOf(result.probabilities().keySet()));
        assertNotEquals(result.probabilities().get("cell/node1/op0"), List.of(1 / 3.0, 1 / 3.0, 1 / 3.0),
                "the edges' op logits learned");
    }

    @Test
    void theSampledStrategiesLearnOnACellAndExportAnArchitectureOfTheSpace() {
        List<BiFunction<ModelSpace, TrainTestData, OneShotSearch>> searches = List.of(OneShotSearch::proxyless,
                OneShotSearch::gdas, OneShotSearch::enas, OneShotSearch::gumbelDarts);
        for (BiFunction<ModelSpace, TrainTestData, OneShotSearch> search : searches) {
            OneShotResult result = search.apply(DENSE, OneShotSearchTest.planted(128, 1)).epochs(2).batchSize(16).seed(4)
                    .architectureLearningRate(0.05).run();
            assertEquals(result.sample(), DENSE.validate(result.sample()));
            List<Double> op = result.probabilities().get("cell/node1/op0");
            assertTrue(op.stream().anyMatch(v -> Math.abs(v - 1.0 / 3) > 1e-3), "the edge's op learned: " + op);
        }
        OneShotResult spos = OneShotSearch.randomOneShot(DENSE, OneShotSearchTest.planted(128, 1)).epochs(2).batchSize(16)
                .seed(4).rank(4).run();
        assertEquals(4, spos.ranking().size());
        spos.ranking().forEach(r -> assertEquals(r.sample(), DENSE.validate(r.sample())));
    }

    @Test
    void aCostPenaltyWeighsTheOpsOfACellsEdges() {
        OneShotResult result = OneShotSearch.darts(DENSE, OneShotSearchTest.planted(128, 1)).epochs(1).batchSize(16)
                .seed(4).costPenalty(OneShotSearch.Cost.PARAMETERS, 1).run();
        double expected = result.epochs().get(0).get("expected_cost");
        assertTrue(expected > 0 && expected < 1, "the Linear edges cost, zero and skip do not: " + expected);
    }

    @Test
    void edgesWhoseStatesGiveDifferentShapesAreRefusedNamingTheLabel() {
        // a reduction cell whose ops keep stride 1 on its inputs: node 1 could read a full-size input or a node
        ModelSpace space = ModelSpace.define("bad-reduce", s -> new SequentialBlock()
                .add(x -> new NDList(x.head(), x.head()))
                .add(s.cell("reduce", 2, 1, 2, List.of(input -> Layers.maxPool3x3(input == 0 ? 2 : 1)), Reduction.SUM)));
        Supernet supernet = Supernet.build(space, 1);
        try (NDManager manager = NDManager.newBaseManager()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> supernet.block().initialize(manager, DataType.FLOAT32, INPUT));
            assertTrue(e.getMessage().contains("label 'reduce/node0/input0'"), e.getMessage());
        }
    }

    private static <T> void collect(Block block, Class<T> type, List<T> out) {
        if (type.isInstance(block)) {
            out.add(type.cast(block));
        }
        block.getChildren().values().forEach(child -> collect(child, type, out));
    }
}
