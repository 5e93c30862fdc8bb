package org.jnas.nas.export;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv1d;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.convolutional.Conv3d;
import ai.djl.nn.convolutional.Convolution;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.util.Pair;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Writes Java source of a class that rebuilds a given block tree without its model space:
 * {@code public final class Name { public static Block build() {...} }}.
 *
 * <p>Each block is written by the first {@link BlockCodeWriter} that handles it: writers
 * {@linkplain #register registered} by other packages first, then the built-in ones for
 * {@code SequentialBlock}, {@code ParallelBlock} (joins by concatenation, sum, or the outputs side by
 * side), {@code Linear}, {@code Conv1d/2d/3d}, {@code Dropout}, {@code BatchNorm}, {@code LayerNorm}
 * and {@code LambdaBlock}s. A LambdaBlock with a known name ({@code Activation.reluBlock()} is "ReLU")
 * maps to its factory; an anonymous one ({@code .add(Activation::relu)}, pooling) is identified
 * by applying it to a fixed random input and comparing with known functions. A block no writer
 * handles fails the export with a message naming its position.
 */
public final class JavaCodeExporter {
    private static final List<BlockCodeWriter> REGISTERED = new CopyOnWriteArrayList<>();
    private static final List<BlockCodeWriter> BUILT_IN = List.of(
            JavaCodeExporter::sequential, JavaCodeExporter::parallel, JavaCodeExporter::linear,
            JavaCodeExporter::convolution, JavaCodeExporter::dropout, JavaCodeExporter::batchNorm,
            JavaCodeExporter::layerNorm, SpaceBlockWriters::inputChoice, SpaceBlockWriters::cell,
            JavaCodeExporter::lambda);
    private static final String CONTINUATION = "        ";

    /** Names DJL gives its parameterless lambda blocks, and the factory that builds each. */
    private static final Map<String, String> NAMED_LAMBDAS = Map.ofEntries(
            Map.entry("ReLU", "Activation.reluBlock()"),
            Map.entry("ReLU6", "Activation.relu6Block()"),
            Map.entry("sigmoid", "Activation.sigmoidBlock()"),
            Map.entry("Tanh", "Activation.tanhBlock()"),
            Map.entry("softPlus", "Activation.softPlusBlock()"),
            Map.entry("softSign", "Activation.softSignBlock()"),
            Map.entry("SELU", "Activation.seluBlock()"),
            Map.entry("GELU", "Activation.geluBlock()"),
            Map.entry("Mish", "Activation.mishBlock()"),
            Map.entry("identity", "Blocks.identityBlock()"),
            Map.entry("globalMaxPool1d", "Pool.globalMaxPool1dBlock()"),
            Map.entry("globalMaxPool2d", "Pool.globalMaxPool2dBlock()"),
            Map.entry("globalMaxPool3d", "Pool.globalMaxPool3dBlock()"),
            Map.entry("globalAvgPool1d", "Pool.globalAvgPool1dBlock()"),
            Map.entry("globalAvgPool2d", "Pool.globalAvgPool2dBlock()"),
            Map.entry("globalAvgPool3d", "Pool.globalAvgPool3dBlock()"));

    private JavaCodeExporter() {}

    /** Adds a writer, tried before the built-in ones (e.g. for the space's own blocks). */
    public static void register(BlockCodeWriter writer) {
        REGISTERED.add(0, writer);
    }

    /** Removes a writer {@link #register}ed before; for tests, which restore the registry after each test. */
    static void unregister(BlockCodeWriter writer) {
        REGISTERED.remove(writer);
    }

    /** A Java class name for a trial of an experiment: {@code mnist_search}, 5 -> {@code Mnist_search_trial5}. */
    public static String className(String experimentName, long trialId) {
        String cleaned = experimentName.replaceAll("[^A-Za-z0-9_]", "_");
        if (cleaned.isEmpty() || !Character.isJavaIdentifierStart(cleaned.charAt(0))) {
            cleaned = "Model_" + cleaned;
        }
        return Character.toUpperCase(cleaned.charAt(0)) + cleaned.substring(1) + "_trial" + trialId;
    }

    /**
     * The source of class {@code className} (no package) whose {@code build()} returns a new,
     * uninitialised block of the same structure as {@code block}.
     *
     * @param comment a line for the class comment (what the model is), or ""
     * @throws IllegalArgumentException naming the position of a block that cannot be written
     */
    public static String export(Block block, String className, String comment) {
        if (!className.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new IllegalArgumentException("not a Java class name: '" + className + "'");
        }
        String expression = new Writer("model").write(block).replace("\n", "\n" + CONTINUATION);
        return imports(expression)
                + "\n"
                + "/**\n"
                + " * Generated by JNAS" + (comment.isEmpty() ? "" : " from " + comment.replace("*/", "* /")) + ".\n"
                + " * Rebuilds the architecture without its model space.\n"
                + " */\n"
                + "public final class " + className + " {\n"
                + "    private " + className + "() {}\n"
                + "\n"
                + "    /** A new, uninitialised block of this architecture. */\n"
                + "    public static Block build() {\n"
                + "        return " + expression + ";\n"
                + "    }\n"
                + "}\n";
    }

    /**
     * Single-type imports of the classes the expression names from the packages writers may use
     * unqualified. Not star imports: a star import %load-ed into JShell makes it recompile earlier
     * declarations of the session and reset their variables to null.
     */
    private static String imports(String expression) {
        SortedSet<String> imports = new TreeSet<>(List.of("ai.djl.nn.Block"));
        Matcher names = SIMPLE_CLASS_NAME.matcher(expression);
        while (names.find()) {
            for (String pkg : IMPORTED_PACKAGES) {
                String candidate = pkg + "." + names.group(1);
                if (classExists(candidate)) {
                    imports.add(candidate);
                    break;
                }
            }
        }
        StringBuilder out = new StringBuilder();
        imports.forEach(name -> out.append("import ").append(name).append(";\n"));
        return out.toString();
    }

    private static boolean classExists(String name) {
        try {
            Class.forName(name, false, JavaCodeExporter.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** A capitalised identifier not preceded by a dot (so not the tail of a qualified name). */
    private static final Pattern SIMPLE_CLASS_NAME =
            Pattern.compile("(?<![.\\w])([A-Z][A-Za-z0-9_]*)\\b");

    /** The packages whose classes writers may name without qualification (see BlockCodeWriter). */
    private static final List<String> IMPORTED_PACKAGES = List.of("ai.djl.nn", "ai.djl.nn.core",
            "ai.djl.nn.convolutional", "ai.djl.nn.norm", "ai.djl.nn.pooling", "ai.djl.ndarray",
            "ai.djl.ndarray.types");

    /** Walks the block tree, keeping the position for error messages. */
    private static final class Writer implements BlockCodeWriter.Context {
        private final String position;

        Writer(String position) {
            this.position = position;
        }

        String write(Block block) {
            for (List<BlockCodeWriter> writers : List.of(REGISTERED, BUILT_IN)) {
                for (BlockCodeWriter writer : writers) {
                    Optional<String> code = writer.write(block, this);
                    if (code.isPresent()) {
                        return code.get();
                    }
                }
            }
            throw new IllegalArgumentException("CODE export cannot write the block at " + position + " ("
                    + block.getClass().getName() + "): no writer knows it. Build the space from DJL blocks"
                    + " (SequentialBlock, Linear, Conv2d, Dropout, BatchNorm, Activation/Pool factory blocks, ...)"
                    + " or register a BlockCodeWriter with JavaCodeExporter.register");
        }

        @Override
        public String expression(Block child, String childName) {
            return new Writer(position + "/" + childName).write(child).replace("\n", "\n" + CONTINUATION);
        }

        @Override
        public String position() {
            return position;
        }
    }

    // ---- built-in writers -------------------------------------------------------------------

    private static Optional<String> sequential(Block block, BlockCodeWriter.Context context) {
        if (block.getClass() != SequentialBlock.class) {
            return Optional.empty();
        }
        StringBuilder code = new StringBuilder("new SequentialBlock()");
        for (Pair<String, Block> child : block.getChildren()) {
            code.append("\n").append(CONTINUATION).append(".add(")
                    .append(context.expression(child.getValue(), child.getKey())).append(")");
        }
        if (((SequentialBlock) block).isReturnIntermediate()) {
            code.append("\n").append(CONTINUATION).append(".setReturnIntermediate(true)");
        }
        return Optional.of(code.toString());
    }

    private static Optional<String> parallel(Block block, BlockCodeWriter.Context context) {
        if (block.getClass() != ParallelBlock.class) {
            return Optional.empty();
        }
        @SuppressWarnings("unchecked")
        Function<List<NDList>, NDList> join = (Function<List<NDList>, NDList>) field(block, ParallelBlock.class, "function");
        String joinCode = LambdaProbe.identifyJoin(join, block.getChildren().size()).orElseThrow(() -> new IllegalArgumentException(
                "CODE export cannot write the ParallelBlock at " + context.position() + ": its join function is"
                        + " neither concatenation along axis 1, a sum, nor its branches' outputs side by side;"
                        + " register a BlockCodeWriter"));
        StringBuilder code = new StringBuilder("new ParallelBlock(" + joinCode + ")");
        for (Pair<String, Block> child : block.getChildren()) {
            code.append("\n").append(CONTINUATION).append(".add(")
                    .append(context.expression(child.getValue(), child.getKey())).append(")");
        }
        return Optional.of(code.toString());
    }

    private static Optional<String> linear(Block block, BlockCodeWriter.Context context) {
        if (block.getClass() != Linear.class) {
            return Optional.empty();
        }
        long units = (Long) field(block, Linear.class, "units");
        boolean bias = field(block, Linear.class, "bias") != null;
        return Optional.of("Linear.builder().setUnits(" + units + ")" + (bias ? "" : ".optBias(false)") + ".build()");
    }

    private static Optional<String> convolution(Block block, BlockCodeWriter.Context context) {
        Class<?> type = block.getClass();
        if (type != Conv1d.class && type != Conv2d.class && type != Conv3d.class) {
            return Optional.empty();
        }
        Convolution conv = (Convolution) block;
        return Optional.of(type.getSimpleName() + ".builder()"
                + ".setFilters(" + conv.getFilters() + ")"
                + ".setKernelShape(" + shape(conv.getKernelShape()) + ")"
                + "\n" + CONTINUATION + ".optStride(" + shape(conv.getStride()) + ")"
                + ".optPadding(" + shape(conv.getPadding()) + ")"
                + ".optDilation(" + shape(conv.getDilation()) + ")"
                + (conv.getGroups() == 1 ? "" : ".optGroups(" + conv.getGroups() + ")")
                + (conv.isIncludeBias() ? "" : ".optBias(false)")
                + ".build()");
    }

    private static Optional<String> dropout(Block block, BlockCodeWriter.Context context) {
        if (block.getClass() != Dropout.class) {
            return Optional.empty();
        }
        return Optional.of("Dropout.builder().optRate(" + floatLiteral((Float) field(block, Dropout.class, "rate")) + ").build()");
    }

    private static Optional<String> batchNorm(Block block, BlockCodeWriter.Context context) {
        if (block.getClass() != BatchNorm.class) {
            return Optional.empty();
        }
        return Optional.of("BatchNorm.builder()"
                + ".optAxis(" + field(block, BatchNorm.class, "axis") + ")"
                + ".optEpsilon(" + floatLiteral((Float) field(block, BatchNorm.class, "epsilon")) + ")"
                + ".optMomentum(" + floatLiteral((Float) field(block, BatchNorm.class, "momentum")) + ")"
                + ".optCenter(" + field(block, BatchNorm.class, "center") + ")"
                + ".optScale(" + field(block, BatchNorm.class, "scale") + ")"
                + ".build()");
    }

    private static Optional<String> layerNorm(Block block, BlockCodeWriter.Context context) {
        if (block.getClass() != LayerNorm.class) {
            return Optional.empty();
        }
        int[] axis = (int[]) field(block, LayerNorm.class, "axis"); // null: DJL's default axes
        String axes = axis == null ? ""
                : ".axis(" + Arrays.stream(axis).mapToObj(Integer::toString).collect(Collectors.joining(", ")) + ")";
        return Optional.of("LayerNorm.builder()"
                + axes
                + ".optEpsilon(" + floatLiteral((Float) field(block, LayerNorm.class, "epsilon")) + ")"
                + ".optCenter(" + field(block, LayerNorm.class, "center") + ")"
                + ".optScale(" + field(block, LayerNorm.class, "scale") + ")"
                + ".build()");
    }

    private static Optional<String> lambda(Block block, BlockCodeWriter.Context context) {
        if (block.getClass() != LambdaBlock.class) {
            return Optional.empty();
        }
        String name = ((LambdaBlock) block).getName();
        String factory = NAMED_LAMBDAS.get(name);
        if (factory != null) {
            return Optional.of(factory);
        }
        return Optional.of(LambdaProbe.identify(block).orElseThrow(() -> new IllegalArgumentException(
                "CODE export cannot write the block at " + context.position() + ": a LambdaBlock named '" + name
                        + "' whose function is none of " + LambdaProbe.candidateNames() + ". Use a named DJL"
                        + " factory block instead (e.g. Activation.leakyReluBlock(0.1f), Pool.maxPool2dBlock(...))"
                        + " or register a BlockCodeWriter with JavaCodeExporter.register")));
    }

    // ---- helpers ------------------------------------------------------------------------------

    static String shape(Shape shape) {
        List<String> dims = new ArrayList<>();
        for (long d : shape.getShape()) {
            dims.add(Long.toString(d));
        }
        return "new Shape(" + String.join(", ", dims) + ")";
    }

    static String floatLiteral(float value) {
        return Float.toString(value).toLowerCase(Locale.ROOT) + "f";
    }

    /** Reads a private field: DJL keeps some builder settings (units, rate, ...) without getters. */
    static Object field(Object target, Class<?> declaring, String name) {
        try {
            Field f = declaring.getDeclaredField(name);
            f.setAccessible(true);
            return f.get(target);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("CODE export cannot read " + declaring.getSimpleName() + "." + name
                    + " (a DJL version this exporter does not know?)", e);
        }
    }
}
