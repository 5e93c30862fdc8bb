package org.jnas.nas.data;

import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.function.ToDoubleFunction;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * Ready-made data sets: MNIST and Fashion-MNIST (found on disk or downloaded), data from a
 * Tablesaw table or CSV file, and synthetic regression problems.
 *
 * <p>Fashion-MNIST and MNIST are looked for, in order: in {@code /usr/share/datasets/fashion-mnist}
 * (Debian package {@code dataset-fashion-mnist}; Fashion-MNIST only), in the user data directory
 * ({@code -Djnas.data=DIR}, else {@code $JNAS_DATA}, else {@code ~/.jnas/data}; subdirectory
 * {@code fashion-mnist} or {@code mnist}), else downloaded into the user data directory and checked
 * against the published MD5 sums. With {@code -Dai.djl.offline=true} nothing is downloaded: a data
 * set that is absent gives a {@link DatasetUnavailableException} saying how to get it.
 *
 * <p>Reading all 70,000 images takes about a second; read once and reuse the result (it is
 * immutable and safe to share between trials).
 */
public final class Datasets {

    private static final String[] IDX_NAMES = {
        "train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"
    };

    private Datasets() {
    }

    /** Fashion-MNIST (60,000 training and 10,000 test images of shape (1, 28, 28), 10 classes), normalised as the NNI quickstart does. */
    public static TrainTestData fashionMnist() throws IOException {
        return fashionMnist(Normalization.MNIST_MEAN_STD);
    }

    /** Fashion-MNIST with the given pixel normalisation. */
    public static TrainTestData fashionMnist(Normalization normalization) throws IOException {
        return load(DatasetSource.FASHION_MNIST, DatasetFiles.fromEnvironment(), normalization);
    }

    /** MNIST (60,000 training and 10,000 test digits of shape (1, 28, 28)), normalised as the NNI quickstart does. */
    public static TrainTestData mnist() throws IOException {
        return mnist(Normalization.MNIST_MEAN_STD);
    }

    /** MNIST with the given pixel normalisation. */
    public static TrainTestData mnist(Normalization normalization) throws IOException {
        return load(DatasetSource.MNIST, DatasetFiles.fromEnvironment(), normalization);
    }

    /**
     * An MNIST-like data set from a directory holding {@code train-images-idx3-ubyte},
     * {@code train-labels-idx1-ubyte}, {@code t10k-images-idx3-ubyte} and
     * {@code t10k-labels-idx1-ubyte}, each raw or with {@code .gz}.
     *
     * @throws NoSuchFileException naming the first file that is missing
     */
    public static TrainTestData idx(Path dir, Normalization normalization) throws IOException {
        Path[] paths = new Path[IDX_NAMES.length];
        for (int i = 0; i < IDX_NAMES.length; i++) {
            Path gz = dir.resolve(IDX_NAMES[i] + ".gz");
            paths[i] = Files.isRegularFile(gz) ? gz : dir.resolve(IDX_NAMES[i]);
            if (!Files.isRegularFile(paths[i])) {
                throw new NoSuchFileException(paths[i].toString(), null,
                        "neither " + IDX_NAMES[i] + " nor " + IDX_NAMES[i] + ".gz is in " + dir);
            }
        }
        return read(List.of(paths), normalization);
    }

    /** The user data directory: {@code -Djnas.data}, else {@code $JNAS_DATA}, else {@code ~/.jnas/data}. */
    public static Path userDataDir() {
        return DatasetFiles.defaultUserDataDir();
    }

    static TrainTestData load(DatasetSource source, DatasetFiles files, Normalization normalization) throws IOException {
        Objects.requireNonNull(normalization, "normalization");
        return read(files.locate(source), normalization);
    }

    private static TrainTestData read(List<Path> paths, Normalization normalization) throws IOException {
        return new TrainTestData(Idx.read(paths.get(0), paths.get(1), normalization),
                Idx.read(paths.get(2), paths.get(3), normalization));
    }

    /**
     * A synthetic regression problem: {@code n} examples of {@code features} values drawn
     * uniformly from [-1, 1], each labelled {@code target(x)} plus Gaussian noise of standard
     * deviation {@code noise}. The same seed gives the same data.
     *
     * <pre>{@code
     * ArrayData line = Datasets.syntheticRegression(500, 3, x -> 2 * x[0] - x[1] + 0.5 * x[2] + 1, 0.05, 42);
     * }</pre>
     */
    public static ArrayData syntheticRegression(int n, int features, ToDoubleFunction<float[]> target,
            double noise, long seed) {
        if (n <= 0) {
            throw new IllegalArgumentException("n must be positive, got " + n);
        }
        if (features <= 0) {
            throw new IllegalArgumentException("features must be positive, got " + features);
        }
        if (!(noise >= 0)) {
            throw new IllegalArgumentException("noise must be a non-negative standard deviation, got " + noise);
        }
        Objects.requireNonNull(target, "target");
        Random random = new Random(seed);
        float[] x = new float[n * features];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            float[] row = new float[features];
            for (int j = 0; j < features; j++) {
                row[j] = random.nextFloat() * 2 - 1;
            }
            System.arraycopy(row, 0, x, i * features, features);
            y[i] = (float) (target.applyAsDouble(row) + noise * random.nextGaussian());
        }
        return ArrayData.owning(x, new Shape(features), y);
    }

    /**
     * Examples from numeric columns of a Tablesaw table: each row becomes one example of shape
     * {@code (featureColumns.length)} labelled with its {@code targetColumn} value.
     *
     * @throws IllegalArgumentException naming a column that is absent or not numeric, or the
     *     first missing value
     */
    public static ArrayData fromTable(Table table, String targetColumn, String... featureColumns) {
        Objects.requireNonNull(table, "table");
        if (featureColumns.length == 0) {
            throw new IllegalArgumentException("name at least one feature column of " + table.name()
                    + "; its columns are " + table.columnNames());
        }
        NumericColumn<?> target = numeric(table, targetColumn);
        NumericColumn<?>[] columns = new NumericColumn<?>[featureColumns.length];
        for (int j = 0; j < featureColumns.length; j++) {
            columns[j] = numeric(table, featureColumns[j]);
        }
        int n = table.rowCount();
        float[] x = new float[n * columns.length];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            y[i] = value(target, i);
            for (int j = 0; j < columns.length; j++) {
                x[i * columns.length + j] = value(columns[j], i);
            }
        }
        return ArrayData.owning(x, new Shape(columns.length), y);
    }

    /** Like {@link #fromTable} on a CSV file with a header row (read with Tablesaw). */
    public static ArrayData fromCsv(Path csv, String targetColumn, String... featureColumns) throws IOException {
        return fromTable(Table.read().csv(csv.toFile()), targetColumn, featureColumns);
    }

    private static NumericColumn<?> numeric(Table table, String name) {
        if (!table.containsColumn(name)) {
            throw new IllegalArgumentException("table " + table.name() + " has no column '" + name
                    + "'; its columns are " + table.columnNames());
        }
        Column<?> column = table.column(name);
        if (!(column instanceof NumericColumn<?> numeric)) {
            throw new IllegalArgumentException("column '" + name + "' of table " + table.name() + " is "
                    + column.type() + ", not numeric");
        }
        return numeric;
    }

    private static float value(NumericColumn<?> column, int row) {
        if (column.isMissing(row)) {
            throw new IllegalArgumentException("column '" + column.name() + "' has a missing value in row " + row);
        }
        return (float) column.getDouble(row);
    }
}
