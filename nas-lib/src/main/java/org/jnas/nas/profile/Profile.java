package org.jnas.nas.profile;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBaseBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.Pair;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalLong;
import org.jnas.nas.space.ModelSpace;
import org.jnas.nas.space.Sample;

/**
 * What an architecture costs, worked out without training it: its parameters, its
 * multiply-accumulate operations (MACs, what NNI's profiler calls FLOPs) for one input shape, and
 * the size of its weights.
 *
 * <pre>{@code
 * Profile p = Profile.of(space, sample, new Shape(1, 1, 28, 28));
 * p.parameters();   // trainable weights
 * p.macs();         // OptionalLong: empty when some block could not be counted
 * }</pre>
 *
 * <p>What is counted:
 * <ul>
 *   <li><b>parameters</b>: the elements of the trainable parameters (weights and biases), as
 *       PyTorch's {@code numel()} of {@code parameters()}; a batch norm's running mean and variance
 *       are not trained and are not counted here (they are in {@link #sizeBytes()}). Exact for any
 *       block, known or not: the shapes are DJL's own.
 *   <li><b>MACs</b>, for the whole input shape given (its batch axis included, so pass batch 1 for
 *       the cost of one example): a convolution (1, 2 or 3-d) does {@code input channels / groups x
 *       kernel size} per output element (stride, padding and dilation act through the output
 *       size); a linear layer does its input features per output element; batch and layer norm one
 *       per element (their inference form, a scale and a shift). Bias additions are not counted.
 *       Pooling, activations, dropout, flatten, identity, zero, input choices and the sums and
 *       concatenations of cells and parallel blocks multiply no weights and count 0; so does any
 *       {@code LambdaBlock} (a function without weights, as DJL's activations and pooling are).
 *   <li><b>unknown blocks</b>: blocks of other types (a custom {@code AbstractBlock}, say). Their
 *       parameters are counted, but their MACs are not guessed: they are listed here, and
 *       {@link #macs()} is then empty while {@link #countedMacs()} holds the rest.
 *   <li><b>size in bytes</b>: the bytes of every parameter array, running statistics included, in
 *       the data type they are built with (float32: 4 bytes each); a saved file adds a small header.
 * </ul>
 *
 * @param inputShape the input shape the MACs are for, batch axis included
 * @param parameters the number of trainable parameter elements
 * @param countedMacs the MACs of the blocks that could be counted
 * @param sizeBytes the bytes of all parameter arrays
 * @param unknownBlocks the blocks whose MACs are unknown, by path (e.g. {@code 03 MyBlock}), in model order
 */
public record Profile(Shape inputShape, long parameters, long countedMacs, long sizeBytes, List<String> unknownBlocks) {
    private static final DataType DATA_TYPE = DataType.FLOAT32;

    /** Checks the values. */
    public Profile {
        Objects.requireNonNull(inputShape, "inputShape");
        unknownBlocks = List.copyOf(unknownBlocks);
        if (parameters < 0 || countedMacs < 0 || sizeBytes < 0) {
            throw new IllegalArgumentException("counts cannot be negative: parameters=" + parameters + ", macs="
                    + countedMacs + ", bytes=" + sizeBytes);
        }
    }

    /**
     * The profile of the architecture {@code sample} picks in {@code space}, for inputs of
     * {@code inputShape} (batch axis included, e.g. {@code new Shape(1, 1, 28, 28)}). Builds a
     * fresh block of its own, so nothing of the caller's is touched.
     *
     * @throws IllegalArgumentException when the sample does not fit the space, or the architecture
     *     cannot take inputs of that shape
     */
    public static Profile of(ModelSpace space, Sample sample, Shape inputShape) {
        Objects.requireNonNull(space, "space");
        Objects.requireNonNull(sample, "sample");
        return of(space.instantiate(sample), inputShape);
    }

    /**
     * The profile of {@code block} for inputs of {@code inputShape} (batch axis included).
     *
     * <p>A block that is not yet initialized is initialized here for that shape, with parameter
     * arrays left unfilled in a temporary NDManager that is closed before this returns: pass a
     * fresh block (e.g. {@code space.instantiate(sample)}) and build another one for training. An
     * initialized block is read as it is, for a shape its weights fit.
     *
     * @throws IllegalArgumentException when the block cannot take inputs of that shape, or is
     *     initialized with convolution or linear weights that do not fit it
     */
    public static Profile of(Block block, Shape inputShape) {
        Objects.requireNonNull(block, "block");
        Objects.requireNonNull(inputShape, "inputShape");
        try {
            if (block.isInitialized()) {
                try {
                    return read(block, inputShape);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(e.getMessage() + initializedFor(block), e);
                }
            }
            try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
                // the values are never read: only the shapes DJL gives the parameters matter, so
                // skip the random fill of the default initializers
                block.setInitializer(UNFILLED, p -> true);
                block.initialize(manager, DATA_TYPE, inputShape);
                return read(block, inputShape);
            }
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("cannot profile the block for input shape " + inputShape + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * {@code "; the block was initialized for input shape (1, 784): ..."}, where DJL kept that
     * shape, saying what to profile instead.
     */
    private static String initializedFor(Block block) {
        Shape[] shapes = block instanceof AbstractBaseBlock b ? b.getInputShapes() : null;
        String shape = shapes == null || shapes.length == 0 ? "another input shape"
                : "input shape " + (shapes.length == 1 ? shapes[0].toString() : Arrays.toString(shapes));
        return "; the block was initialized for " + shape
                + ": profile it for a shape its weights fit, or a fresh block (space.instantiate(sample)) for this one";
    }

    private static final Initializer UNFILLED = (manager, shape, dataType) -> manager.create(shape, dataType);

    private static Profile read(Block block, Shape inputShape) {
        long parameters = 0;
        long bytes = 0;
        for (Pair<String, Parameter> p : block.getParameters()) {
            Parameter parameter = p.getValue();
            Shape shape = parameter.getShape() != null ? parameter.getShape() : parameter.getArray().getShape();
            DataType type = parameter.isInitialized() ? parameter.getArray().getDataType() : DATA_TYPE;
            if (parameter.requiresGradient()) {
                parameters += shape.size();
            }
            bytes += shape.size() * type.getNumOfBytes();
        }
        MacCounter counter = new MacCounter();
        counter.count(block, new Shape[] {inputShape}, "");
        return new Profile(inputShape, parameters, counter.macs(), bytes, counter.unknown());
    }

    /** The MACs of the whole model, or empty when some block could not be counted (see {@link #unknownBlocks()}). */
    public OptionalLong macs() {
        return unknownBlocks.isEmpty() ? OptionalLong.of(countedMacs) : OptionalLong.empty();
    }

    /** True when every block was counted, so {@link #macs()} holds the model's MACs. */
    public boolean isComplete() {
        return unknownBlocks.isEmpty();
    }

    /**
     * One line, e.g. {@code 1,199,882 parameters, 12.3M MACs, 4.8 MB for input (1, 1, 28, 28)}, with
     * the unknown blocks when there are some.
     */
    @Override
    public String toString() {
        String macs = isComplete() ? human(countedMacs) + " MACs"
                : "MACs unknown (" + human(countedMacs) + " counted; unknown: " + String.join(", ", unknownBlocks) + ")";
        return String.format(Locale.ROOT, "%,d parameters, %s, %.1f MB for input %s",
                parameters, macs, sizeBytes / 1e6, inputShape);
    }

    private static String human(long n) {
        if (n >= 1_000_000_000L) {
            return String.format(Locale.ROOT, "%.2fG", n / 1e9);
        }
        if (n >= 1_000_000L) {
            return String.format(Locale.ROOT, "%.2fM", n / 1e6);
        }
        if (n >= 1_000L) {
            return String.format(Locale.ROOT, "%.1fK", n / 1e3);
        }
        return Long.toString(n);
    }
}
