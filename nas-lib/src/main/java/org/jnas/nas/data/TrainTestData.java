package org.jnas.nas.data;

import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.ArrayDataset;
import java.io.Serializable;
import java.util.Objects;

/**
 * A training set and a test set of the same kind of examples.
 *
 * @param train the examples to train on
 * @param test the examples to measure the trained model on
 */
public record TrainTestData(ArrayData train, ArrayData test) implements Serializable {

    /**
     * Loads examples when they are first needed, e.g. {@code Datasets::fashionMnist}. It is
     * {@link Serializable}, so a method reference or a lambda capturing only serializable values
     * ships to cluster jobs as code: each job loads the examples itself.
     */
    @FunctionalInterface
    public interface Loader extends Serializable {
        /** The examples. */
        TrainTestData load() throws Exception;
    }

    /** Checks that both parts are present and hold examples of the same shape. */
    public TrainTestData {
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(test, "test");
        if (!train.exampleShape().equals(test.exampleShape())) {
            throw new IllegalArgumentException("train examples have shape " + train.exampleShape()
                    + " but test examples have shape " + test.exampleShape());
        }
    }

    /**
     * The training part as a DJL dataset in batches of {@code batchSize}, shuffled each epoch when
     * {@code shuffle} is set; its arrays belong to {@code manager}.
     */
    public ArrayDataset trainDataset(NDManager manager, int batchSize, boolean shuffle) {
        return train.toDataset(manager, batchSize, shuffle);
    }

    /** The test part as a DJL dataset in batches of {@code batchSize}, in order; its arrays belong to {@code manager}. */
    public ArrayDataset testDataset(NDManager manager, int batchSize) {
        return test.toDataset(manager, batchSize, false);
    }

    /** The first {@code trainSize} training and {@code testSize} test examples. */
    public TrainTestData first(int trainSize, int testSize) {
        return new TrainTestData(train.first(trainSize), test.first(testSize));
    }
}
