package org.jnas.nas.evaluator;

import ai.djl.ndarray.NDArray;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jnas.nas.trial.Direction;

/**
 * Trains a trial's model for regression (NNI's {@code Regression} evaluator): L2 loss by default,
 * one output per example compared with its float label. After each epoch it reports
 * {@code {"default", "mse", "r2", "loss" (validation), "train_loss"}} as an intermediate result;
 * the last epoch's is the final result.
 *
 * <p><b>Direction:</b> the default metric is the validation mean squared error, which is to be
 * <em>minimised</em>: configure the experiment with {@link #direction()} ({@link Direction#MINIMIZE}),
 * or choose {@code optMetric(RegressionMetric.R2)} to maximise R² instead.
 *
 * <pre>{@code
 * ArrayData points = Datasets.syntheticRegression(1000, 3, x -> 2 * x[0] - x[1] + 0.5 * x[2], 0.05, 42);
 * RegressionEvaluator evaluator = RegressionEvaluator.builder()
 *         .setData(points.split(0.8, 42))
 *         .optEpochs(20).optBatchSize(32).optLearningRate(0.01f)
 *         .build();
 * }</pre>
 */
public final class RegressionEvaluator extends LoopEvaluator {

    /** The loss when none is set: half the squared error, as DJL's L2Loss, with a gradient that stays right. */
    static final LossFactory DEFAULT_LOSS = HalfSquaredError::new;

    private final RegressionMetric metric;

    private RegressionEvaluator(Builder builder) {
        super(loop(builder));
        this.metric = builder.metric;
    }

    private static TrainingLoop loop(Builder builder) {
        // the score factory captures the metric, not this evaluator, so that it ships on its own
        RegressionMetric chosen = builder.metric;
        return new TrainingLoop(builder.settings(DEFAULT_LOSS), builder.data(),
                () -> new SquaredErrorScore(chosen), chosen.name().toLowerCase(Locale.ROOT));
    }

    /** A builder; {@link Builder#setData} is required. */
    public static Builder builder() {
        return new Builder();
    }

    /** The metric reported as {@code "default"}. */
    public RegressionMetric metric() {
        return metric;
    }

    /** The direction to optimise the default metric in: MINIMIZE for MSE (the default), MAXIMIZE for R². */
    public Direction direction() {
        return metric.direction();
    }

    /** Builds a {@link RegressionEvaluator}. */
    public static final class Builder extends SupervisedEvaluatorBuilder<Builder> {

        private RegressionMetric metric = RegressionMetric.MSE;

        private Builder() {
        }

        @Override
        Builder self() {
            return this;
        }

        /** The metric reported as {@code "default"} (default {@link RegressionMetric#MSE}). */
        public Builder optMetric(RegressionMetric metric) {
            this.metric = Objects.requireNonNull(metric, "metric");
            return this;
        }

        /**
         * The evaluator.
         *
         * @throws IllegalStateException if no data was set
         */
        public RegressionEvaluator build() {
            return new RegressionEvaluator(this);
        }
    }

    /** Sums of squared errors and of the labels, for MSE and R². */
    private static final class SquaredErrorScore implements ValidationScore {
        private final RegressionMetric metric;
        private double squaredError;
        private double labelSum;
        private double labelSquareSum;
        private long count;

        SquaredErrorScore(RegressionMetric metric) {
            this.metric = metric;
        }

        @Override
        public void check(NDArray labels, NDArray predictions) {
            if (predictions.size() != labels.size()) {
                throw new IllegalArgumentException("the model gives " + predictions.getShape() + " for labels of shape "
                        + labels.getShape() + "; a regression model needs one output per label");
            }
        }

        @Override
        public void add(NDArray labels, NDArray predictions) {
            // the loss checked the shapes of this batch (OutputCheckedLoss) before the score sees it
            NDArray predicted = predictions.reshape(labels.getShape());
            squaredError += predicted.sub(labels).square().sum().getFloat();
            labelSum += labels.sum().getFloat();
            labelSquareSum += labels.square().sum().getFloat();
            count += labels.size();
        }

        @Override
        public Map<String, Double> metrics() {
            double mse = squaredError / count;
            double totalSquares = labelSquareSum - labelSum * labelSum / count;
            double r2 = totalSquares > 0 ? 1 - squaredError / totalSquares : Double.NaN;
            return Map.of("default", metric == RegressionMetric.MSE ? mse : r2, "mse", mse, "r2", r2);
        }

        @Override
        public long count() {
            return count;
        }
    }
}
