package org.jnas.nas.results;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Convolution;
import ai.djl.nn.core.Linear;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A drawing of a model's architecture: its blocks in order (the children of sequential blocks,
 * the branches of parallel blocks, leaf blocks with their key settings), each with its output
 * shape and parameter count. DJL has no parameter counter; the counts come from the parameter
 * shapes DJL works out when the block is initialized for the input shape.
 *
 * <p>A block that is not yet initialized is initialized here, on the CPU, with a temporary
 * NDManager that is closed before {@link #of} returns: pass a fresh block (e.g.
 * {@code space.instantiate(sample)}) and build another one for training.
 */
public final class ArchitectureDiagram {
    private static final AtomicLong IDS = new AtomicLong();
    private static final int WIDTH = 620;
    private static final int ROW_HEIGHT = 34;
    private static final int GAP = 12;
    private static final int INDENT = 18;

    /**
     * One block of the drawing.
     *
     * @param depth nesting depth (0 for the model itself)
     * @param name the block's kind, e.g. {@code Conv2d}, {@code SequentialBlock}, or a lambda's name
     * @param detail its key settings, e.g. {@code 64 filters, 3x3}, or ""
     * @param outputShape its output shape(s), e.g. {@code (32, 64, 24, 24)}
     * @param parameters its number of parameters, children included
     * @param container true for blocks whose children follow as their own rows
     */
    public record Row(int depth, String name, String detail, String outputShape, long parameters, boolean container) {}

    private final String title;
    private final String inputShape;
    private final List<Row> rows;

    private ArchitectureDiagram(String title, String inputShape, List<Row> rows) {
        this.title = title;
        this.inputShape = inputShape;
        this.rows = List.copyOf(rows);
    }

    /** The diagram of {@code block} for inputs of {@code inputShape}, titled "Architecture". */
    public static ArchitectureDiagram of(Block block, Shape inputShape) {
        return of(block, inputShape, "Architecture");
    }

    /**
     * The diagram of {@code block} for inputs of {@code inputShape} (batch axis included, e.g.
     * {@code new Shape(1, 1, 28, 28)}).
     *
     * @throws IllegalArgumentException if the block cannot take inputs of that shape
     */
    public static ArchitectureDiagram of(Block block, Shape inputShape, String title) {
        Objects.requireNonNull(block, "block");
        Objects.requireNonNull(inputShape, "inputShape");
        List<Row> rows = new ArrayList<>();
        Shape[] in = {inputShape};
        try {
            if (block.isInitialized()) {
                walk(block, in, 0, rows);
            } else {
                try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
                    block.initialize(manager, DataType.FLOAT32, inputShape);
                    walk(block, in, 0, rows);
                }
            }
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("cannot lay out the block for input shape " + inputShape + ": " + e.getMessage(), e);
        }
        return new ArchitectureDiagram(title == null ? "" : title, inputShape.toString(), rows);
    }

    private static Shape[] walk(Block block, Shape[] in, int depth, List<Row> rows) {
        Shape[] out = block.getOutputShapes(in);
        boolean sequential = block instanceof SequentialBlock;
        boolean parallel = block instanceof ParallelBlock;
        // a wrapper with one child (such as the holder of a layer choice) passes its input through
        boolean wrapper = !sequential && !parallel && block.getChildren().size() == 1 && block.getDirectParameters().isEmpty();
        boolean container = sequential || parallel || wrapper || block.getChildren().size() > 1;
        rows.add(new Row(depth, name(block), detail(block, out), shapes(out), parameterCount(block), container));
        if (sequential || wrapper) {
            Shape[] cur = in;
            for (Pair<String, Block> child : block.getChildren()) {
                cur = walk(child.getValue(), cur, depth + 1, rows);
            }
        } else if (parallel) {
            for (Pair<String, Block> child : block.getChildren()) {
                walk(child.getValue(), in, depth + 1, rows);
            }
        } else if (container) {
            // an unknown composite: its children's inputs are its own business; list them with their weights
            for (Pair<String, Block> child : block.getChildren()) {
                Block b = child.getValue();
                rows.add(new Row(depth + 1, name(b), "", "", parameterCount(b), false));
            }
        }
        return out;
    }

    private static String name(Block block) {
        if (block instanceof LambdaBlock lambda) {
            String n = lambda.getName();
            return n == null || n.equals(LambdaBlock.DEFAULT_NAME) ? "Lambda" : n;
        }
        return block.getClass().getSimpleName().isEmpty() ? block.getClass().getName() : block.getClass().getSimpleName();
    }

    private static String detail(Block block, Shape[] out) {
        if (block instanceof Convolution c) {
            StringBuilder sb = new StringBuilder();
            sb.append(c.getFilters()).append(" filters, ").append(dims(c.getKernelShape()));
            if (c.getStride() != null && !allOnes(c.getStride())) {
                sb.append(", stride ").append(dims(c.getStride()));
            }
            if (c.getPadding() != null && !allZeros(c.getPadding())) {
                sb.append(", pad ").append(dims(c.getPadding()));
            }
            if (c.getGroups() > 1) {
                sb.append(", groups ").append(c.getGroups());
            }
            return sb.toString();
        }
        if (block instanceof Linear && out.length == 1 && out[0].dimension() > 0) {
            return out[0].get(out[0].dimension() - 1) + " units";
        }
        if (block instanceof SequentialBlock || block instanceof ParallelBlock) {
            return block.getChildren().size() + (block instanceof ParallelBlock ? " branches" : " blocks");
        }
        return "";
    }

    private static String dims(Shape s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.dimension(); i++) {
            if (i > 0) {
                sb.append('x');
            }
            sb.append(s.get(i));
        }
        return sb.toString();
    }

    private static boolean allOnes(Shape s) {
        return Arrays.stream(s.getShape()).allMatch(d -> d == 1);
    }

    private static boolean allZeros(Shape s) {
        return Arrays.stream(s.getShape()).allMatch(d -> d == 0);
    }

    private static String shapes(Shape[] shapes) {
        if (shapes.length == 1) {
            return shapes[0].toString();
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < shapes.length; i++) {
            sb.append(i > 0 ? ", " : "").append(shapes[i]);
        }
        return sb.toString();
    }

    private static long parameterCount(Block block) {
        long n = 0;
        for (Pair<String, Parameter> p : block.getParameters()) {
            Shape shape = p.getValue().getShape();
            if (shape == null && p.getValue().isInitialized()) {
                shape = p.getValue().getArray().getShape();
            }
            if (shape != null) {
                n += shape.size();
            }
        }
        return n;
    }

    /** The blocks in drawing order; the first is the model itself. */
    public List<Row> rows() {
        return rows;
    }

    /** The model's total number of parameters. */
    public long totalParameters() {
        return rows.isEmpty() ? 0 : rows.get(0).parameters();
    }

    /** The input shape drawn at the top. */
    public String inputShape() {
        return inputShape;
    }

    /** The diagram as text: one indented line per block with its output shape and parameters. */
    public String text() {
        StringBuilder sb = new StringBuilder();
        if (!title.isEmpty()) {
            sb.append(title).append('\n');
        }
        sb.append("input ").append(inputShape).append('\n');
        for (Row r : rows) {
            String left = "  ".repeat(r.depth()) + r.name() + (r.detail().isEmpty() ? "" : " (" + r.detail() + ")");
            sb.append(String.format(Locale.ROOT, "%-48s %-22s %,12d%n", left, r.outputShape(), r.parameters()));
        }
        return sb.toString();
    }

    /**
     * An {@code <svg>} element: a box per block, top to bottom from the input, indented by nesting,
     * each with its output shape and parameter count. Self-contained (no external references).
     */
    public String svg() {
        String prefix = "jnasarch" + IDS.incrementAndGet();
        int top = 56;
        int height = top + (rows.size() + 1) * (ROW_HEIGHT + GAP) + 10;
        StringBuilder sb = new StringBuilder(4096);
        sb.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"").append(height)
                .append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(height)
                .append("\" font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\" font-size=\"12\">");
        sb.append("<defs><marker id=\"").append(prefix).append("-arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\"")
                .append(" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#888\"/>")
                .append("</marker></defs>");
        sb.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>");
        sb.append("<text x=\"16\" y=\"24\" font-size=\"15\" font-weight=\"bold\">").append(Html.escape(title)).append("</text>");
        sb.append("<text x=\"16\" y=\"42\" fill=\"#555\">").append(String.format(Locale.ROOT, "%,d", totalParameters()))
                .append(" parameters, ").append(rows.size()).append(" blocks</text>");
        int y = top;
        box(sb, 0, y, "input", "", inputShape, -1, "#ffffff", false);
        for (Row r : rows) {
            int x = 16 + r.depth() * INDENT;
            int cx = 16 + r.depth() * INDENT + 24;
            sb.append("<line x1=\"").append(cx).append("\" y1=\"").append(y + ROW_HEIGHT).append("\" x2=\"").append(cx)
                    .append("\" y2=\"").append(y + ROW_HEIGHT + GAP - 1).append("\" stroke=\"#888\" marker-end=\"url(#")
                    .append(prefix).append("-arrow)\"/>");
            y += ROW_HEIGHT + GAP;
            box(sb, x - 16, y, r.name(), r.detail(), r.outputShape(), r.parameters(), fill(r), r.container());
        }
        sb.append("</svg>");
        return sb.toString();
    }

    private static void box(StringBuilder sb, int indent, int y, String name, String detail, String shape, long params,
            String fill, boolean container) {
        int x = 16 + indent;
        int w = WIDTH - x - 16;
        sb.append("<g class=\"block\"><rect x=\"").append(x).append("\" y=\"").append(y).append("\" width=\"").append(w)
                .append("\" height=\"").append(ROW_HEIGHT).append("\" rx=\"5\" fill=\"").append(fill)
                .append("\" stroke=\"#999\"").append(container ? " stroke-dasharray=\"4 3\"" : "").append("/>");
        int ty = y + ROW_HEIGHT / 2 + 4;
        sb.append("<text x=\"").append(x + 10).append("\" y=\"").append(ty).append("\"><tspan font-weight=\"bold\">")
                .append(Html.escape(name)).append("</tspan>");
        if (!detail.isEmpty()) {
            sb.append("<tspan fill=\"#444\"> ").append(Html.escape(detail)).append("</tspan>");
        }
        sb.append("</text>");
        sb.append("<text x=\"").append(x + w - 120).append("\" y=\"").append(ty)
                .append("\" text-anchor=\"end\" font-family=\"DejaVu Sans Mono, monospace\" fill=\"#333\">")
                .append(Html.escape(shape)).append("</text>");
        if (params >= 0) {
            sb.append("<text x=\"").append(x + w - 10).append("\" y=\"").append(ty).append("\" text-anchor=\"end\" fill=\"")
                    .append(params == 0 ? "#999" : "#333").append("\">").append(String.format(Locale.ROOT, "%,d", params))
                    .append(" p</text>");
        }
        sb.append("</g>");
    }

    private static String fill(Row r) {
        if (r.container()) {
            return "#fafafa";
        }
        String n = r.name().toLowerCase(Locale.ROOT);
        if (n.contains("conv")) {
            return "#dbe9f6";
        }
        if (n.contains("linear")) {
            return "#e3f1df";
        }
        if (n.contains("pool")) {
            return "#fdebd3";
        }
        if (n.contains("norm") || n.contains("dropout")) {
            return "#f3e5f5";
        }
        return "#eeeeee";
    }

    /** The text form. */
    @Override
    public String toString() {
        return text();
    }
}
