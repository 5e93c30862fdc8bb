package org.jnas.nas.evaluator;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.loss.Loss;
import java.util.Map;
import org.jnas.nas.trial.Direction;

/**
 * Trains a trial's model as a classifier (NNI's {@code Classification} evaluator): softmax
 * cross-entropy by default, the model's output being one score per class and the labels class
 * indices. After each epoch it reports {@code {"default": accuracy, "accuracy", "loss" (validation),
 * "train_loss"}} as an intermediate result; the last epoch's is the final result. Accuracy is
 * maximised.
 *
 * <pre>{@code
 * TrialEvaluator evaluator = ClassificationEvaluator.builder()
 *         .setData(Datasets::fashionMnist)          // loaded once, when the first trial starts
 *         .optTrainSubset(2000).optTestSubset(1000)
 *         .optEpochs(1).optBatchSize(64)
 *         .optOptimizer(OptimizerKind.ADAM).optLearningRate(1e-3f)
 *         .build();
 * }</pre>
 *
 * <p>A stop request ends training between two batches; the trial then keeps the result of its
 * last complete epoch, or reports none if no epoch completed.
 */
public final class ClassificationEvaluator extends LoopEvaluator {

    private ClassificationEvaluator(Builder builder) {
        super(new TrainingLoop(builder.settings(Loss::softmaxCrossEntropyLoss), builder.data(),
                AccuracyScore::new, "accuracy"));
    }

    /** A builder; {@link Builder#setData} is required. */
    public static Builder builder() {
        return new Builder();
    }

    /** {@link Direction#MAXIMIZE}: the default metric is accuracy. */
    public Direction direction() {
        return Direction.MAXIMIZE;
    }

    /** Builds a {@link ClassificationEvaluator}. */
    public static final class Builder extends SupervisedEvaluatorBuilder<Builder> {

        private Builder() {
        }

        @Override
        Builder self() {
            return this;
        }

        /**
         * The evaluator.
         *
         * @throws IllegalStateException if no data was set
         */
        public ClassificationEvaluator build() {
            return new ClassificationEvaluator(this);
        }
    }

    /** Counts predictions whose highest score is the labelled class. */
    private static final class AccuracyScore implements ValidationScore {
        private long correct;
        private long count;

        @Override
        public void check(NDArray labels, NDArray predictions) {
            Shape shape = predictions.getShape();
            if (shape.dimension() != 2 || shape.get(0) != labels.size() || shape.get(1) < 2) {
                throw new IllegalArgumentException("the model gives " + shape + " for labels of shape "
                        + labels.getShape() + "; a classifier needs one score per class for each example, (batch, classes)");
            }
            // the lowest and the highest label, and how many are not whole (NaN included), in one read;
            // as float64, since a cast to int64 turned 3.5 into class 3 and NaN into -9223372036854775808
            NDArray values = labels.toType(DataType.FLOAT64, false);
            NDArray notWhole = values.neq(values.floor()).sum().toType(DataType.FLOAT64, false);
            double[] read = NDArrays.stack(new NDList(values.min(), values.max(), notWhole)).toDoubleArray();
            if (read[2] > 0) {
                throw notAClassIndex(values.toDoubleArray());
            }
            double lowest = read[0];
            double highest = read[1];
            if (lowest < 0 || highest >= shape.get(1)) {
                throw new IllegalArgumentException("the model scores " + shape.get(1) + " classes (0 to " + (shape.get(1) - 1)
                        + ") and the data has label " + whole(lowest < 0 ? lowest : highest)
                        + "; give the model's last layer one unit per class of the data");
            }
        }

        /** The first label of the batch that is not a whole number, named with its place in the batch. */
        private static IllegalArgumentException notAClassIndex(double[] batch) {
            int at = 0;
            while (at < batch.length - 1 && batch[at] == Math.floor(batch[at])) {
                at++;
            }
            String what = Double.isNaN(batch[at]) ? "label NaN at example " + at + " of a batch of " + batch.length
                    : "label " + batch[at] + " at example " + at + " of a batch of " + batch.length + " is not a whole class index";
            return new IllegalArgumentException(what + "; a classifier's labels are class indices 0, 1, 2, ...:"
                    + " for continuous targets use RegressionEvaluator");
        }

        /** A label as the data holds it: 9, not 9.0 (a whole, finite value; infinities stay as they are). */
        private static String whole(double label) {
            return Double.isInfinite(label) ? String.valueOf(label) : String.valueOf((long) label);
        }

        @Override
        public void add(NDArray labels, NDArray predictions) {
            NDArray predicted = predictions.argMax(-1);
            NDArray expected = labels.toType(predicted.getDataType(), false).reshape(predicted.getShape());
            correct += predicted.eq(expected).countNonzero().getLong();
            count += expected.size();
        }

        @Override
        public Map<String, Double> metrics() {
            double accuracy = (double) correct / count;
            return Map.of("default", accuracy, "accuracy", accuracy);
        }

        @Override
        public long count() {
            return count;
        }
    }
}
