package org.jnas.nas.evaluator;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.training.loss.Loss;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.jnas.nas.trial.TrainingProgress;
import org.jnas.nas.trial.TrialContext;

/**
 * The training loop of the built-in evaluators: epochs of training, each followed by a pass over
 * the validation data whose metrics are reported as an intermediate result; the last epoch's are
 * the final result.
 *
 * <p>It is an explicit loop rather than {@code EasyTrain.fit} so that it can notice a stop request
 * between any two batches. Gradients come from {@code trainer.newGradientCollector()}, so the
 * trainer the trial's model makes decides how concurrent trials collect gradients.
 */
final class TrainingLoop implements Serializable {

    /** Makes one validation pass's score; serializable so that the loop ships to cluster jobs. */
    interface ScoreFactory extends Supplier<ValidationScore>, Serializable {
    }

    private final TrainingSettings settings;
    private final TrialData data;
    private final ScoreFactory scores;
    private final String metricName;

    TrainingLoop(TrainingSettings settings, TrialData data, ScoreFactory scores, String metricName) {
        this.settings = settings;
        this.data = data.subset(settings.trainSubset(), settings.testSubset());
        this.scores = scores;
        this.metricName = metricName;
    }

    TrainingSettings settings() {
        return settings;
    }

    /** The data with the evaluator's subsets applied. */
    TrialData data() {
        return data;
    }

    /** A fresh training loss, which checks on every batch that the model's output fits the labels. */
    Loss newLoss() {
        return new OutputCheckedLoss(settings.loss().get(), scores.get());
    }

    void run(TrialContext trial) throws Exception {
        Device device = trial.device();
        try (NDManager arrays = trial.manager().newSubManager()) {
            TrialData.Prepared prepared = data.prepare(arrays, settings.batchSize(), settings.shuffle());
            DefaultTrainingConfig config = new DefaultTrainingConfig(newLoss())
                    .optOptimizer(settings.optimizer().create(settings.learningRate(), settings.momentum()))
                    .optInitializer(settings.weightInitializer(), Parameter.Type.WEIGHT)
                    .optDevices(new Device[] {device});
            try (Trainer trainer = trial.model().newTrainer(config)) {
                trainer.initialize(prepared.inputShapes());
                Map<String, Double> last = null;
                EpochSteps steps = new EpochSteps(trial, settings.epochs(), prepared.train().size(), settings.batchSize());
                for (int epoch = 1; epoch <= settings.epochs(); epoch++) {
                    long start = System.nanoTime();
                    Double trainLoss = trainEpoch(trial, trainer, prepared.train(), device, steps.epoch(epoch - 1));
                    Map<String, Double> metrics = trainLoss == null ? null
                            : validate(trial, trainer, prepared.test(), device, trainLoss);
                    if (metrics == null) {
                        trial.log("stop requested: ending in epoch %d of %d%s", epoch, settings.epochs(),
                                last == null ? " with no result" : ", keeping epoch " + (epoch - 1) + "'s result");
                        break;
                    }
                    trial.reportIntermediate(metrics);
                    trial.log("epoch %d/%d: %s (%d ms)", epoch, settings.epochs(), describe(metrics),
                            (System.nanoTime() - start) / 1_000_000);
                    last = metrics;
                }
                if (last != null) {
                    trial.reportFinal(last);
                }
            }
        }
    }

    /** One pass over the training data; the mean training loss, or null when stopped. */
    private Double trainEpoch(TrialContext trial, Trainer trainer, RandomAccessDataset train, Device device,
            EpochSteps steps) throws Exception {
        double lossSum = 0;
        long count = 0;
        for (Batch batch : trainer.iterateDataset(train)) {
            try (batch) {
                if (trial.isStopRequested()) {
                    return null;
                }
                NDList inputs = batch.getData().toDevice(device, false);
                NDList labels = batch.getLabels().toDevice(device, false);
                try (GradientCollector collector = trainer.newGradientCollector()) {
                    NDList predictions = trainer.forward(inputs, labels);
                    NDArray loss = trainer.getLoss().evaluate(labels, predictions);
                    // backward before the loss is read, as always: with the read between the two a full
                    // test run once found the first step's gradients all zero (DJL's check)
                    collector.backward(loss);
                    float value = loss.getFloat();
                    if (!Float.isFinite(value)) {
                        throw diverged(value, steps); // before the step: the weights keep their last numbers
                    }
                    lossSum += value * batch.getSize();
                    count += batch.getSize();
                }
                trainer.step();
                steps.stepped();
            }
        }
        steps.ended();
        if (count == 0) {
            throw new IllegalArgumentException("the training data is empty");
        }
        return lossSum / count;
    }

    /**
     * The trial's failure when its training loss is no number any more: it would go on to report
     * NaN losses and the accuracy of a model that predicts one class, a SUCCEEDED trial that could be
     * the best and be exported. Failed, it says where and what to change, and keeps the epochs it
     * reported before.
     */
    private IllegalStateException diverged(float loss, EpochSteps steps) {
        return new IllegalStateException(String.format(Locale.ROOT,
                "training diverged: the training loss became %s in epoch %d, step %d (%s, learning rate %s);"
                        + " lower the learning rate", loss, steps.epoch + 1, steps.step + 1, settings.optimizer(),
                settings.learningRate()));
    }

    /** One pass over the validation data; its metrics plus the losses, or null when stopped. */
    private Map<String, Double> validate(TrialContext trial, Trainer trainer, RandomAccessDataset test, Device device,
            double trainLoss) throws Exception {
        ValidationScore score = scores.get();
        double lossSum = 0;
        for (Batch batch : trainer.iterateDataset(test)) {
            try (batch) {
                if (trial.isStopRequested()) {
                    return null;
                }
                NDList labels = batch.getLabels().toDevice(device, false);
                NDList predictions = trainer.evaluate(batch.getData().toDevice(device, false));
                lossSum += trainer.getLoss().evaluate(labels, predictions).getFloat() * batch.getSize();
                score.add(labels.singletonOrThrow(), predictions.singletonOrThrow());
            }
        }
        if (score.count() == 0) {
            throw new IllegalArgumentException("the test data is empty: nothing to compute " + metricName + " on");
        }
        Map<String, Double> metrics = new LinkedHashMap<>(score.metrics());
        metrics.put("loss", lossSum / score.count());
        metrics.put("train_loss", trainLoss);
        return metrics;
    }

    /**
     * Tells the trial how far its training has got after each step. An epoch's steps are estimated
     * from the data's size and the batch size until an epoch has counted them (a DJL dataset
     * of the user's may batch otherwise, or drop its last batch).
     */
    private static final class EpochSteps {
        private final TrialContext trial;
        private final int epochs;
        private long steps;
        private int epoch;
        private long step;

        EpochSteps(TrialContext trial, int epochs, long examples, int batchSize) {
            this.trial = trial;
            this.epochs = epochs;
            this.steps = Math.max(1, (examples + batchSize - 1) / batchSize);
        }

        EpochSteps epoch(int zeroBased) {
            epoch = zeroBased;
            step = 0;
            return this;
        }

        void stepped() {
            step++;
            trial.reportProgress(new TrainingProgress(epochs, epoch, step, Math.max(step, steps)));
        }

        /** A whole epoch's steps are every epoch's (an epoch ended by a stop request never gets here). */
        void ended() {
            if (step > 0) {
                steps = step;
            }
        }
    }

    private static String describe(Map<String, Double> metrics) {
        StringBuilder text = new StringBuilder();
        metrics.forEach((name, value) -> {
            if (!name.equals("default")) {
                text.append(text.length() == 0 ? "" : ", ").append(name).append(' ')
                        .append(String.format(Locale.ROOT, "%.4f", value));
            }
        });
        return text.toString();
    }
}
