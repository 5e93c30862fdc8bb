package org.jnas.nas.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
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
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.Optional;
import javax.tools.JavaCompiler;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import org.jnas.nas.space.Sample;
import org.jnas.nas.trial.TrialRecord;
import org.jnas.nas.trial.TrialStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** CODE export: the generated source compiles and rebuilds the same model. */
@Timeout(60)
class JavaCodeExporterTest {
    private static final Shape INPUT = new Shape(2, 1, 8, 8);

    private static Block model() {
        return new SequentialBlock()
                .add(Conv2d.builder().setFilters(4).setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).build())
                .add(BatchNorm.builder().optMomentum(0.8f).build())
                .add(Activation::relu) // anonymous: identified by the probe
                .add(Pool.maxPool2dBlock(new Shape(2, 2))) // lambda named "maxPool2d": probe again
                // three branches, joined by index: the probe hands the join as many inputs as there are branches
                .add(new ParallelBlock(list -> new NDList(NDArrays.concat(
                        new NDList(list.get(0).head(), list.get(1).head(), list.get(2).head()), 1)))
                        .add(Conv2d.builder().setFilters(2).setKernelShape(new Shape(1, 1)).optBias(false).build())
                        .add(Conv2d.builder().setFilters(4).setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1))
                                .optStride(new Shape(1, 1)).optDilation(new Shape(1, 1)).optGroups(2).build())
                        .add(Conv2d.builder().setFilters(3).setKernelShape(new Shape(1, 1)).build()))
                .add(Dropout.builder().optRate(0.25f).build())
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(10).build())
                .add(Activation.tanhBlock())
                .add(LayerNorm.builder().build())
                .add(new SequentialBlock().add(Activation::sigmoid).add(Linear.builder().setUnits(3).optBias(false).build()));
    }

    @Test
    void generatedSourceCompilesAndRebuildsTheSameModel(@TempDir Path dir) throws Exception {
        String source = JavaCodeExporter.export(model(), "Mnist_search_trial5", "trial 5: {conv2=1}");
        // Single-type imports only: a star import %load-ed into JShell resets earlier variables.
        assertFalse(source.contains(".*;"), source);
        assertTrue(source.contains("import ai.djl.nn.convolutional.Conv2d;"), source);
        assertTrue(source.contains("public final class Mnist_search_trial5"), source);
        assertTrue(source.contains("Activation.reluBlock()"), source);
        assertTrue(source.contains("Pool.maxPool2dBlock(new Shape(2, 2))"), source);
        Block rebuilt = compileAndBuild(source, "Mnist_search_trial5", dir);

        Block original = model();
        try (NDManager manager = NDManager.newBaseManager()) {
            original.initialize(manager, DataType.FLOAT32, INPUT);
            rebuilt.initialize(manager, DataType.FLOAT32, INPUT);
            assertEquals(describe(original), describe(rebuilt));
            // equal weights (through DJL's own format, which also checks the structure) => equal outputs
            ByteArrayOutputStream weights = new ByteArrayOutputStream();
            original.saveParameters(new DataOutputStream(weights));
            rebuilt.loadParameters(manager, new DataInputStream(new ByteArrayInputStream(weights.toByteArray())));
            NDArray x = manager.randomNormal(INPUT);
            ParameterStore store = new ParameterStore(manager, false);
            NDArray expected = original.forward(store, new NDList(x), false).singletonOrThrow();
            NDArray actual = rebuilt.forward(store, new NDList(x), false).singletonOrThrow();
            assertEquals(new Shape(2, 3), actual.getShape());
            assertTrue(expected.allClose(actual, 1e-5, 1e-6, false), expected + " vs " + actual);
        }
    }

    @Test
    void unknownLambdaFailsNamingItsPosition() {
        Block block = new SequentialBlock()
                .add(Linear.builder().setUnits(4).build())
                .add(new SequentialBlock().add(Activation::relu).add(list -> new NDList(list.head().mul(3))));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> JavaCodeExporter.export(block, "X", ""));
        assertTrue(e.getMessage().contains("model/02SequentialBlock/02LambdaBlock"), e.getMessage());
        assertTrue(e.getMessage().contains("register a BlockCodeWriter"), e.getMessage());
    }

    @Test
    void registeredWritersComeFirst(@TempDir Path dir) throws Exception {
        BlockCodeWriter tripler = (block, context) -> block instanceof Tripler
                ? java.util.Optional.of("new SequentialBlock().add(list -> new NDList(list.head().mul(3)))")
                : java.util.Optional.empty();
        JavaCodeExporter.register(tripler);
        String source;
        try {
            source = JavaCodeExporter.export(new SequentialBlock().add(new Tripler()), "Triple", "");
        } finally {
            JavaCodeExporter.unregister(tripler); // the registry is process-wide
        }
        assertThrows(IllegalArgumentException.class,
                () -> JavaCodeExporter.export(new SequentialBlock().add(new Tripler()), "Triple", ""), "unregistered");
        Block rebuilt = compileAndBuild(source, "Triple", dir);
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray out = rebuilt.forward(new ParameterStore(manager, false), new NDList(manager.ones(new Shape(2))), false)
                    .singletonOrThrow();
            assertEquals(3f, out.getFloat(0));
        }
    }

    /** A block of the user's own (stands for the space helper's blocks). */
    private static final class Tripler extends ai.djl.nn.LambdaBlock {
        Tripler() {
            super(list -> new NDList(list.head().mul(3)), "tripler");
        }
    }

    @Test
    void classNamesAreJavaIdentifiers() {
        assertEquals("Mnist_search_trial5", JavaCodeExporter.className("mnist_search", 5));
        assertEquals("My_exp__1_trial12", JavaCodeExporter.className("my exp #1", 12));
        assertEquals("Model_2024_trial1", JavaCodeExporter.className("2024", 1));
    }

    private static String describe(Block block) {
        return block.getParameters().stream()
                .map((Pair<String, Parameter> p) -> p.getKey() + p.getValue().getArray().getShape())
                .collect(Collectors.joining("\n"));
    }

    /** Compiles {@code source} with javax.tools in-process and calls its {@code build()}. */
    static Block compileAndBuild(String source, String className, Path dir) throws Exception {
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        SimpleJavaFileObject file = new SimpleJavaFileObject(URI.create("string:///" + className + ".java"),
                javax.tools.JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return source;
            }
        };
        java.io.StringWriter diagnostics = new java.io.StringWriter();
        boolean ok = compiler.getTask(diagnostics, null, null,
                List.of("-classpath", System.getProperty("java.class.path"), "-d", dir.toString()), null, List.of(file))
                .call();
        assertTrue(ok, diagnostics + "\n" + source);
        assertTrue(Files.exists(dir.resolve(className + ".class")));
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()},
                JavaCodeExporterTest.class.getClassLoader())) {
            return (Block) loader.loadClass(className).getMethod("build").invoke(null);
        }
    }
}
