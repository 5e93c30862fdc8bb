package org.jnas.nas.evaluator;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.training.dataset.Record;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.Callable;
import org.jnas.nas.data.ArrayData;
import org.jnas.nas.data.TrainTestData;

/**
 * The data a built-in evaluator trains on, shared by its trials: examples in Java arrays (given,
 * or loaded once on first use) that each trial copies into its own NDArrays, or DJL datasets that
 * all trials read.
 */
abstract class TrialData {

    /** One trial's view: datasets to iterate and the shapes to initialise the model with. */
    record Prepared(RandomAccessDataset train, RandomAccessDataset test, Shape[] inputShapes) {
    }

    static TrialData of(TrainTestData data) {
        return new InMemory(() -> data, 0, 0);
    }

    static TrialData lazy(Callable<TrainTestData> loader) {
        return new InMemory(loader, 0, 0);
    }

    static TrialData of(RandomAccessDataset train, RandomAccessDataset test) {
        return new Djl(train, test);
    }

    /** This data cut to the first {@code trainSubset} / {@code testSubset} examples (0: all). */
    abstract TrialData subset(int trainSubset, int testSubset);

    /** Datasets for one trial; arrays made for it belong to {@code manager}. */
    abstract Prepared prepare(NDManager manager, int batchSize, boolean shuffle) throws Exception;

    private static final class InMemory extends TrialData {
        private final Callable<TrainTestData> loader;
        private final int trainSubset;
        private final int testSubset;
        private Loaded loaded;

        InMemory(Callable<TrainTestData> loader, int trainSubset, int testSubset) {
            this.loader = loader;
            this.trainSubset = trainSubset;
            this.testSubset = testSubset;
        }

        @Override
        TrialData subset(int trainSubset, int testSubset) {
            return new InMemory(loader, trainSubset, testSubset);
        }

        /** Loads once; a failed load is not remembered, so the next trial tries again. */
        synchronized Loaded get() throws Exception {
            if (loaded == null) {
                TrainTestData all = loader.call();
                if (all == null) {
                    throw new IllegalStateException("the data loader returned null");
                }
                TrainTestData data = all.first(trainSubset == 0 ? all.train().size() : trainSubset,
                        testSubset == 0 ? all.test().size() : testSubset);
                loaded = new Loaded(data, direct(data.train().features()), direct(data.train().labels()),
                        direct(data.test().features()), direct(data.test().labels()));
            }
            return loaded;
        }

        @Override
        Prepared prepare(NDManager manager, int batchSize, boolean shuffle) throws Exception {
            Loaded data = get();
            ArrayData train = data.data().train();
            ArrayData test = data.data().test();
            return new Prepared(
                    dataset(manager, data.trainFeatures(), train.batchShape(train.size()), data.trainLabels(), batchSize, shuffle),
                    dataset(manager, data.testFeatures(), test.batchShape(test.size()), data.testLabels(), batchSize, false),
                    new Shape[] {train.batchShape(1)});
        }

        /**
         * A dataset over the shared native copy. On the CPU, PyTorch wraps a direct buffer without
         * copying it (about 0.2 ms instead of about 30 ms for 3,000 MNIST images from a float[]),
         * so every trial reads the same memory. That is safe because batches are new arrays
         * gathered from it, nothing writes to it, and this object, which holds the buffer, is
         * reachable for as long as the evaluator runs the trial whose manager owns the arrays.
         */
        private static ArrayDataset dataset(NDManager manager, ByteBuffer features, Shape featureShape, ByteBuffer labels,
                int batchSize, boolean shuffle) {
            return new ArrayDataset.Builder()
                    .setData(manager.create(view(features), featureShape, DataType.FLOAT32))
                    .optLabels(manager.create(view(labels), new Shape(featureShape.get(0)), DataType.FLOAT32))
                    .setSampling(batchSize, shuffle)
                    .build();
        }

        /** A view with its own position, so concurrent trials never disturb one another's reads. */
        private static ByteBuffer view(ByteBuffer shared) {
            return shared.duplicate().order(ByteOrder.nativeOrder());
        }

        private static ByteBuffer direct(float[] values) {
            ByteBuffer buffer = ByteBuffer.allocateDirect(values.length * Float.BYTES).order(ByteOrder.nativeOrder());
            buffer.asFloatBuffer().put(values);
            return buffer;
        }
    }

    /** Loaded data with a native-order direct copy of each array, made once and read by all trials. */
    private record Loaded(TrainTestData data, ByteBuffer trainFeatures, ByteBuffer trainLabels, ByteBuffer testFeatures,
            ByteBuffer testLabels) {
    }

    private static final class Djl extends TrialData {
        private final RandomAccessDataset train;
        private final RandomAccessDataset test;

        Djl(RandomAccessDataset train, RandomAccessDataset test) {
            this.train = train;
            this.test = test;
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
    }
}
