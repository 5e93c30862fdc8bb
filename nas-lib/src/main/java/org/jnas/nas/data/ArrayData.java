package org.jnas.nas.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.ArrayDataset;
import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;
import java.util.Random;

/**
 * A set of examples in plain Java arrays: each example is a float array of one shape (for
 * MNIST {@code (1, 28, 28)}) with one float label (a class index, or a regression target).
 *
 * <p>Immutable: accessors return copies, and {@link #featuresArray} copies into an NDArray owned
 * by the manager the caller passes. {@link #toDataset} reads a native copy made once on first use
 * and shared by every dataset made from this object, so one {@code ArrayData} feeds any number of
 * concurrent trials without copying it for each.
 */
public final class ArrayData implements Serializable {

    private final float[] features;
    private final Shape exampleShape;
    private final int exampleSize;
    private final float[] labels;
    /** Made on first use by {@link #toDataset}; a cache of the arrays above, like String's hash. */
    private volatile NativeCopy nativeCopy;

    /** The examples in native-order direct buffers, which PyTorch on the CPU reads without copying. */
    private record NativeCopy(ByteBuffer features, ByteBuffer labels) {
    }

    /**
     * What ships when an evaluator given these examples runs trials as cluster jobs: the Java
     * arrays and the example shape (DJL's {@code Shape} is not serializable); the native copy is
     * made again where the examples are read.
     */
    private record Shipped(float[] features, long[] exampleShape, float[] labels) implements Serializable {
        private Object readResolve() {
            return owning(features, new Shape(exampleShape), labels);
        }
    }

    private Object writeReplace() {
        return new Shipped(features, exampleShape.getShape(), labels);
    }

    private void readObject(ObjectInputStream in) throws InvalidObjectException {
        throw new InvalidObjectException("ArrayData is read through its shipped form");
    }

    private ArrayData(float[] features, Shape exampleShape, float[] labels) {
        this.features = features;
        this.exampleShape = exampleShape;
        this.exampleSize = Math.toIntExact(exampleShape.size());
        this.labels = labels;
    }

    /**
     * Examples from flat arrays: {@code features} holds {@code labels.length} examples of
     * {@code exampleShape}, one after the other. The arrays are copied.
     *
     * @throws IllegalArgumentException if the lengths do not fit the shape
     */
    public static ArrayData of(float[] features, Shape exampleShape, float[] labels) {
        Objects.requireNonNull(features, "features");
        Objects.requireNonNull(exampleShape, "exampleShape");
        Objects.requireNonNull(labels, "labels");
        return owning(features.clone(), exampleShape, labels.clone());
    }

    /** Like {@link #of} but takes ownership of the arrays (no copy); for this package's readers. */
    static ArrayData owning(float[] features, Shape exampleShape, float[] labels) {
        if (exampleShape.dimension() == 0 || exampleShape.size() <= 0) {
            throw new IllegalArgumentException("exampleShape must have at least one element, got " + exampleShape);
        }
        long exampleValues = exampleShape.size();
        if (features.length % exampleValues != 0) {
            throw new IllegalArgumentException("features has " + features.length + " values, not a whole number of"
                    + " examples of shape " + exampleShape + " (" + exampleValues + " values each); "
                    + labels.length + " labels need " + labels.length * exampleValues);
        }
        // the features make whole examples, so when the counts differ it is the labels that disagree
        if (features.length / exampleValues != labels.length) {
            throw new IllegalArgumentException(features.length / exampleValues + " examples of features ("
                    + features.length + " values of shape " + exampleShape + ") but " + labels.length
                    + " labels; give one label per example");
        }
        return new ArrayData(features, exampleShape, labels);
    }

    /** The number of examples. */
    public int size() {
        return labels.length;
    }

    /** The shape of one example, e.g. {@code (1, 28, 28)}; a batch adds a leading dimension. */
    public Shape exampleShape() {
        return exampleShape;
    }

    /** All features, example after example (a copy: {@code size() * exampleShape().size()} floats). */
    public float[] features() {
        return features.clone();
    }

    /** All labels (a copy), one per example. */
    public float[] labels() {
        return labels.clone();
    }

    /** The features of example {@code index} (a copy). */
    public float[] example(int index) {
        Objects.checkIndex(index, size());
        return Arrays.copyOfRange(features, index * exampleSize, (index + 1) * exampleSize);
    }

    /** The label of example {@code index}. */
    public float label(int index) {
        Objects.checkIndex(index, size());
        return labels[index];
    }

    /**
     * The first {@code n} examples (all of them when {@code n >= size()}).
     *
     * @throws IllegalArgumentException if {@code n} is negative
     */
    public ArrayData first(int n) {
        requireCount(n);
        if (n >= size()) {
            return this;
        }
        return new ArrayData(Arrays.copyOf(features, n * exampleSize), exampleShape, Arrays.copyOf(labels, n));
    }

    /**
     * {@code n} examples drawn at random without replacement (all of them, shuffled, when
     * {@code n >= size()}); the same seed gives the same subset.
     *
     * @throws IllegalArgumentException if {@code n} is negative
     */
    public ArrayData sample(int n, long seed) {
        requireCount(n);
        int[] order = permutation(size(), seed);
        return select(order, 0, Math.min(n, size()));
    }

    /**
     * Splits the examples at random into a training part holding {@code trainFraction} of them
     * and a test part holding the rest; the same seed gives the same split.
     *
     * @throws IllegalArgumentException if {@code trainFraction} is not strictly between 0 and 1
     */
    public TrainTestData split(double trainFraction, long seed) {
        if (!(trainFraction > 0 && trainFraction < 1)) {
            throw new IllegalArgumentException("trainFraction must be strictly between 0 and 1, got " + trainFraction);
        }
        int[] order = permutation(size(), seed);
        int trainSize = (int) Math.round(size() * trainFraction);
        return new TrainTestData(select(order, 0, trainSize), select(order, trainSize, size()));
    }

    /** All features as one NDArray of shape {@code (size(), exampleShape...)} owned by {@code manager}. */
    public NDArray featuresArray(NDManager manager) {
        return manager.create(features, batchShape(size()));
    }

    /** All labels as one NDArray of shape {@code (size())} owned by {@code manager}. */
    public NDArray labelsArray(NDManager manager) {
        return manager.create(labels);
    }

    /**
     * A DJL dataset of these examples, in batches of {@code batchSize}, shuffled each epoch when
     * {@code shuffle} is set. Its arrays belong to {@code manager}: close that to free them.
     */
    public ArrayDataset toDataset(NDManager manager, int batchSize, boolean shuffle) {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batchSize must be positive, got " + batchSize);
        }
        NativeCopy copy = nativeCopy();
        // Each NDArray keeps its buffer view, and a view keeps the shared buffer, reachable.
        ArrayDataset.Builder builder = new ArrayDataset.Builder()
                .setData(manager.create(view(copy.features()), batchShape(size()), DataType.FLOAT32))
                .optLabels(manager.create(view(copy.labels()), new Shape(size()), DataType.FLOAT32))
                .setSampling(batchSize, shuffle);
        return new SharedArrayDataset(builder);
    }

    private NativeCopy nativeCopy() {
        NativeCopy copy = nativeCopy;
        if (copy == null) {
            synchronized (this) {
                copy = nativeCopy;
                if (copy == null) {
                    copy = new NativeCopy(direct(features), direct(labels));
                    nativeCopy = copy;
                }
            }
        }
        return copy;
    }

    /** A view with its own position, so concurrent readers never disturb one another. */
    private static ByteBuffer view(ByteBuffer shared) {
        return shared.duplicate().order(ByteOrder.nativeOrder());
    }

    private static ByteBuffer direct(float[] values) {
        ByteBuffer buffer = ByteBuffer.allocateDirect(values.length * Float.BYTES).order(ByteOrder.nativeOrder());
        buffer.asFloatBuffer().put(values);
        return buffer;
    }

    /** The shape of a batch of {@code n} examples: {@code (n, exampleShape...)}. */
    public Shape batchShape(long n) {
        return new Shape(n).addAll(exampleShape);
    }

    @Override
    public String toString() {
        return "ArrayData[" + size() + " examples of shape " + exampleShape + "]";
    }

    private ArrayData select(int[] order, int from, int to) {
        float[] selectedFeatures = new float[(to - from) * exampleSize];
        float[] selectedLabels = new float[to - from];
        for (int i = from; i < to; i++) {
            System.arraycopy(features, order[i] * exampleSize, selectedFeatures, (i - from) * exampleSize, exampleSize);
            selectedLabels[i - from] = labels[order[i]];
        }
        return new ArrayData(selectedFeatures, exampleShape, selectedLabels);
    }

    private static int[] permutation(int n, long seed) {
        int[] order = new int[n];
        Arrays.setAll(order, i -> i);
        Random random = new Random(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        return order;
    }

    private static void requireCount(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("the number of examples must not be negative, got " + n);
        }
    }
}
