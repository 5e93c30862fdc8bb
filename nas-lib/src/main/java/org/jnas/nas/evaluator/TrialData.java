package org.jnas.nas.evaluator;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.training.dataset.Record;
import java.io.IOException;
import java.io.NotSerializableException;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import org.jnas.nas.data.TrainTestData;

/**
 * The data a built-in evaluator trains on, shared by its trials: examples in Java arrays (given,
 * or loaded once on first use) whose one native copy every trial reads, or DJL datasets that all
 * trials read.
 *
 * <p>It ships to cluster jobs with its evaluator: a loader as code (each job loads the examples
 * itself, once), given examples by value; DJL datasets cannot ship.
 */
abstract class TrialData implements Serializable {

    /** One trial's view: datasets to iterate and the shapes to initialise the model with. */
    record Prepared(RandomAccessDataset train, RandomAccessDataset test, Shape[] inputShapes) {
    }

    static TrialData of(TrainTestData data) {
        return new InMemory(() -> data, 0, 0);
    }

    static TrialData lazy(TrainTestData.Loader loader) {
        return new InMemory(loader, 0, 0);
    }

    static TrialData of(RandomAccessDataset train, RandomAccessDataset test) {
        return new Djl(train, test);
    }

    /** This data cut to the first {@code trainSubset} / {@code testSubset} examples (0: all). */
    abstract TrialData subset(int trainSubset, int testSubset);

    /**
     * The examples themselves, for a supernet that splits the training part (loaded now if lazy).
     *
     * @throws IllegalArgumentException when the data was given as DJL datasets
     */
    abstract TrainTestData arrays() throws Exception;

    /** Datasets for one trial; arrays made for it belong to {@code manager}. */
    abstract Prepared prepare(NDManager manager, int batchSize, boolean shuffle) throws Exception;

    private static final class InMemory extends TrialData {
        private final TrainTestData.Loader loader;
        private final int trainSubset;
        private final int testSubset;
        /** Not shipped: a job loads its own copy (given examples ship inside {@code loader}). */
        private transient TrainTestData loaded;

        InMemory(TrainTestData.Loader loader, int trainSubset, int testSubset) {
            this.loader = loader;
            this.trainSubset = trainSubset;
            this.testSubset = testSubset;
        }

        @Override
        TrialData subset(int trainSubset, int testSubset) {
            return new InMemory(loader, trainSubset, testSubset);
        }

        /** Loads once; a failed load is not remembered, so the next trial tries again. */
        synchronized TrainTestData get() throws Exception {
            if (loaded == null) {
                TrainTestData all = loader.load();
                if (all == null) {
                    throw new IllegalStateException("the data loader returned null");
                }
                loaded = all.first(trainSubset == 0 ? all.train().size() : trainSubset,
                        testSubset == 0 ? all.test().size() : testSubset);
            }
            return loaded;
        }

        @Override
        TrainTestData arrays() throws Exception {
            return get();
        }

        /** Every trial's datasets read the same native copy of the examples (see ArrayData.toDataset). */
        @Override
        Prepared prepare(NDManager manager, int batchSize, boolean shuffle) throws Exception {
            TrainTestData data = get();
            return new Prepared(data.trainDataset(manager, batchSize, shuffle), data.testDataset(manager, batchSize),
                    new Shape[] {data.train().batchShape(1)});
        }
    }

    private static final class Djl extends TrialData {
        private final RandomAccessDataset train;
        private final RandomAccessDataset test;

        Djl(RandomAccessDataset train, RandomAccessDataset test) {
            this.train = train;
            this.test = test;
        }

        @Override
        TrainTestData arrays() {
            throw new IllegalArgumentException("a one-shot search splits the training examples into a weight part and"
                    + " an architecture part, so it needs them as arrays: give the evaluator setData(TrainTestData) or"
                    + " setData(loader) instead of DJL datasets");
        }

        @Override
        TrialData subset(int trainSubset, int testSubset) {
            return new Djl(first(train, trainSubset), first(test, testSubset));
        }

        private static RandomAccessDataset first(RandomAccessDataset dataset, int n) {
            return n == 0 || n >= dataset.size() ? dataset : dataset.subDataset(0, n);
        }

        @Override
        Prepared prepare(NDManager manager, int batchSize, boolean shuffle) throws IOException {
            if (train.size() == 0) {
                throw new IllegalArgumentException("the training dataset is empty");
            }
            Record first = train.get(manager, 0);
            NDList inputs = first.getData();
            Shape[] shapes = new Shape[inputs.size()];
            for (int i = 0; i < shapes.length; i++) {
                NDArray input = inputs.get(i);
                shapes[i] = new Shape(1).addAll(input.getShape());
            }
            return new Prepared(train, test, shapes);
        }

        /** Says what to write instead, in the message that the cluster's check shows. */
        private void writeObject(ObjectOutputStream out) throws IOException {
            throw new NotSerializableException("DJL dataset given by setData(train, test) (give a loader instead, e.g."
                    + " setData(Datasets::fashionMnist), so that each job loads the data)");
        }
    }
}
