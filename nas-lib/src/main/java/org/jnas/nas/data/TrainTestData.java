package org.jnas.nas.data;

import java.util.Objects;

/**
 * A training set and a test set of the same kind of examples.
 *
 * @param train the examples to train on
 * @param test the examples to measure the trained model on
 */
public record TrainTestData(ArrayData train, ArrayData test) {

    /** Checks that both parts are present and hold examples of the same shape. */
    public TrainTestData {
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(test, "test");
        if (!train.exampleShape().equals(test.exampleShape())) {
            throw new IllegalArgumentException("train examples have shape " + train.exampleShape()
                    + " but test examples have shape " + test.exampleShape());
        }
    }

    /** The first {@code trainSize} training and {@code testSize} test examples. */
    public TrainTestData first(int trainSize, int testSize) {
        return new TrainTestData(train.first(trainSize), test.first(testSize));
    }
}
