package org.jnas.nas.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.jnas.nas.space.Layers;
import org.jnas.nas.space.ModelSpace;
import org.jnas.nas.Quickstart;
import org.jnas.nas.space.Reduction;
import org.jnas.nas.space.Sample;
import org.jnas.nas.space.InputChoiceBlock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CODE export of architectures from model spaces: the source compiles and rebuilds the same model. */
class SpaceBlockExportTest {


    @Test
    void quickstartArchitecturesRebuildExactly(@TempDir Path dir) throws Exception {
        ModelSpace space = Quickstart.space();
        for (int conv = 0; conv < 2; conv++) {
            Sample sample = Sample.of(Map.of("conv2", conv, "dropout1", 0.5f, "feature", 128));
            String name = "Quick" + conv;
            String source = JavaCodeExporter.export(space.instantiate(sample), name, sample.toString());
            Block rebuilt = JavaCodeExporterTest.compileAndBuild(source, name, dir);
            assertSame(space.instantiate(sample), rebuilt, new Shape[] {new Shape(2, 1, 28, 28)}, source);
        }
    }

    @Test
    void dartsCellsRebuildExactly(@TempDir Path dir) throws Exception {
        ModelSpace space = ModelSpace.define("cell", s -> s.cell("c", 2, 2, 2, Layers.dartsOps(4, false, 2)));
        Random random = new Random(5);
        for (int i = 0; i < 3; i++) {
            Sample sample = space.sample(c -> random.nextInt(c.candidates().size()));
            String name = "Cell" + i;
            String source = JavaCodeExporter.export(space.instantiate(sample), name, sample.toString());
            assertTrue(source.contains("org.jnas.nas.space.CellBlock"), source);
            Block rebuilt = JavaCodeExporterTest.compileAndBuild(source, name, dir);
            assertSame(space.instantiate(sample), rebuilt, new Shape[] {new Shape(2, 4, 8, 8), new Shape(2, 4, 8, 8)}, source);
        }
    }

    /** The form of docs/model-spaces.md and notebook 06: a ParallelBlock hands its branches' outputs to the cell side by side. */
    @Test
    void aCellFedByAParallelBlockOfItsInputsRebuildsExactly(@TempDir Path dir) throws Exception {
        ModelSpace space = ModelSpace.define("stem-cell", s -> new SequentialBlock()
                .add(Layers.convBnRelu(4, 3, 1))
                .add(new ParallelBlock(outputs -> new NDList(outputs.get(0).singletonOrThrow(), outputs.get(1).singletonOrThrow()),
                        List.of(Blocks.identityBlock(), Blocks.identityBlock())))
                .add(s.cell("normal", 2, 1, 2, Layers.dartsOps(4, false, 2)))
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(3).build()));
        Random random = new Random(7);
        for (int i = 0; i < 2; i++) {
            Sample sample = space.sample(c -> random.nextInt(c.candidates().size()));
            String name = "StemCell" + i;
            String source = JavaCodeExporter.export(space.instantiate(sample), name, sample.toString());
            Block rebuilt = JavaCodeExporterTest.compileAndBuild(source, name, dir);
            assertSame(space.instantiate(sample), rebuilt, new Shape[] {new Shape(2, 1, 6, 6)}, source);
        }
    }

    @Test
    void everyLayersOpRebuildsExactly(@TempDir Path dir) throws Exception {
        Block ops = new SequentialBlock()
                .add(Layers.identity())
                .add(Layers.maxPool3x3(1))
                .add(Layers.avgPool3x3(1))
                .add(Layers.sepConv(4, 4, 3, 1))
                .add(Layers.dilConv(4, 4, 5, 1, 2))
                .add(Layers.convBnRelu(4, 3, 1))
                .add(Layers.depthwiseSeparableConv(4, 4))
                .add(Layers.skipConnect(4, 4, 2))
                .add(Layers.maxPool3x3(2))
                .add(Layers.avgPool3x3(2))
                .add(Layers.sepConv(4, 4, 3, 2))
                .add(Layers.zero(2))
                .add(Layers.zero(1));
        String source = JavaCodeExporter.export(ops, "Ops", "");
        Block rebuilt = JavaCodeExporterTest.compileAndBuild(source, "Ops", dir);
        Block fresh = new SequentialBlock()
                .add(Layers.identity()).add(Layers.maxPool3x3(1)).add(Layers.avgPool3x3(1)).add(Layers.sepConv(4, 4, 3, 1))
                .add(Layers.dilConv(4, 4, 5, 1, 2)).add(Layers.convBnRelu(4, 3, 1)).add(Layers.depthwiseSeparableConv(4, 4))
                .add(Layers.skipConnect(4, 4, 2)).add(Layers.maxPool3x3(2)).add(Layers.avgPool3x3(2))
                .add(Layers.sepConv(4, 4, 3, 2)).add(Layers.zero(2)).add(Layers.zero(1));
        assertSame(fresh, rebuilt, new Shape[] {new Shape(2, 4, 32, 32)}, source);
    }

    @Test
    void inputChoiceRebuildsExactly(@TempDir Path dir) throws Exception {
        Block original = new InputChoiceBlock(3, List.of(0, 2), Reduction.SUM);
        String source = JavaCodeExporter.export(original, "Pick", "");
        Block rebuilt = JavaCodeExporterTest.compileAndBuild(source, "Pick", dir);
        Shape s = new Shape(2, 3);
        assertSame(original, rebuilt, new Shape[] {s, s, s}, source);
    }

    /** Same parameter names and shapes; with the original's weights loaded, the same outputs. */
    private static void assertSame(Block original, Block rebuilt, Shape[] inputs, String source) throws Exception {
        try (NDManager manager = NDManager.newBaseManager()) {
            original.initialize(manager, DataType.FLOAT32, inputs);
            rebuilt.initialize(manager, DataType.FLOAT32, inputs);
            assertEquals(describe(original), describe(rebuilt), source);
            ByteArrayOutputStream weights = new ByteArrayOutputStream();
            original.saveParameters(new DataOutputStream(weights));
            rebuilt.loadParameters(manager, new DataInputStream(new ByteArrayInputStream(weights.toByteArray())));
            NDList x = new NDList();
            for (Shape shape : inputs) {
                x.add(manager.randomNormal(shape));
            }
            ParameterStore store = new ParameterStore(manager, false);
            NDArray expected = original.forward(store, x, false).singletonOrThrow();
            NDArray actual = rebuilt.forward(store, x, false).singletonOrThrow();
            assertEquals(expected.getShape(), actual.getShape());
            assertTrue(expected.allClose(actual, 1e-5, 1e-6, false), source);
        }
    }

    private static String describe(Block block) {
        return block.getParameters().stream()
                .map((Pair<String, Parameter> p) -> p.getKey() + p.getValue().getArray().getShape())
                .collect(Collectors.joining("\n"));
    }
}
