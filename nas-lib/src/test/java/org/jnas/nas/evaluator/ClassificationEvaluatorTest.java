package org.jnas.nas.evaluator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.training.loss.Loss;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.jnas.nas.trial.Direction;
import org.jnas.nas.trial.TrainingProgress;
import org.jnas.nas.data.ArrayData;
import org.jnas.nas.data.TrainTestData;
import org.junit.jupiter.api.Test;

class ClassificationEvaluatorTest {

    /**
     * MNIST-shaped images in 10 classes: each class has its own random 28 x 28 pattern, each image
     * is its class's pattern under heavy noise, so a model must learn to get past chance.
     */
    static ArrayData noisyPatterns(int n, long seed) {
        Random patterns = new Random(1234);
        float[][] prototypes = new float[10][784];
        for (float[] prototype : prototypes) {
            for (int p = 0; p < 784; p++) {
                prototype[p] = patterns.nextFloat() < 0.3f ? 1f : 0f;
            }
        }
        Random random = new Random(seed);
        float[] x = new float[n * 784];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            int label = random.nextInt(10);
            y[i] = label;
            for (int p = 0; p < 784; p++) {
                x[i * 784 + p] = prototypes[label][p] + (float) random.nextGaussian() * 1.5f;
            }
        }
        return ArrayData.of(x, new Shape(1, 28, 28), y);
    }

    private static final TrainTestData DATA = new TrainTestData(noisyPatterns(500, 1), noisyPatterns(200, 2));

    private static Block mlp() {
        return new SequentialBlock()
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(64).build())
                .add(Activation::relu)
                .add(Linear.builder().setUnits(10).build());
    }

    @Test
    void trainsAnMlpWellAboveChanceReportingEachEpoch() throws Exception {
        ClassificationEvaluator evaluator = ClassificationEvaluator.builder()
                .setData(DATA).optEpochs(2).optBatchSize(32).build();
        try (RecordingTrialContext trial = new RecordingTrialContext(mlp())) {
            evaluator.evaluate(trial);
            assertEquals(2, trial.intermediates.size(), trial.logs.toString());
            for (Map<String, Double> epoch : trial.intermediates) {
                assertTrue(epoch.keySet().containsAll(java.util.List.of("default", "accuracy", "loss", "train_loss")),
                        epoch.toString());
            }
            double accuracy = trial.finalResult.get("default");
            assertTrue(accuracy > 0.6, "chance is 0.1, got " + trial.finalResult);
            assertEquals(trial.intermediates.get(1), trial.finalResult);
            assertTrue(trial.logs.get(0).startsWith("epoch 1/2: accuracy "), trial.logs.toString());
            assertEquals(Direction.MAXIMIZE, evaluator.direction());
        }
    }

    @Test
    void trainingThatDivergesFailsTheTrialSayingWhereAndWhatToChange() throws Exception {
        ClassificationEvaluator evaluator = ClassificationEvaluator.builder().setData(DATA.first(200, 40))
                .optOptimizer(OptimizerKind.SGD).optLearningRate(1e30f).optEpochs(3).optBatchSize(20).build();
        try (RecordingTrialContext trial = new RecordingTrialContext(mlp())) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> evaluator.evaluate(trial));
            assertTrue(e.getMessage().matches("training diverged: the training loss became (NaN|Infinity) in epoch \\d, step"
                    + " \\d+ \\(SGD, learning rate 1.0E30\\); lower the learning rate"), e.getMessage());
            assertNull(trial.finalResult, "no result: the trial fails, rather than succeed with an accuracy of chance");
        }
    }

    @Test
    void eachTrainingStepReportsHowFarTheEpochsHaveGot() throws Exception {
        // 210 / 20: 11 steps an epoch, the last of 10 examples
        ClassificationEvaluator evaluator = ClassificationEvaluator.builder()
                .setData(DATA.first(210, 40)).optEpochs(2).optBatchSize(20).build();
        try (RecordingTrialContext trial = new RecordingTrialContext(mlp())) {
            evaluator.evaluate(trial);
            List<TrainingProgress> expected = new ArrayList<>();
            for (int epoch = 0; epoch < 2; epoch++) {
                for (int step = 1; step <= 11; step++) {
                    expected.add(new TrainingProgress(2, epoch, step, 11));
                }
            }
            assertEquals(expected, trial.progress);
        }
        // a DJL dataset of the user's batches as it likes (50 here): the steps are estimated from the
        // evaluator's batch size (64: 4) until the first epoch has counted them (5)
        try (NDManager manager = NDManager.newBaseManager();
                RecordingTrialContext trial = new RecordingTrialContext(mlp())) {
            TrainTestData data = DATA.first(210, 40);
            ClassificationEvaluator.builder().setData(data.trainDataset(manager, 50, false), data.testDataset(manager, 50))
                    .optEpochs(2).build().evaluate(trial);
            assertEquals(List.of(new TrainingProgress(2, 0, 1, 4), new TrainingProgress(2, 0, 2, 4), new TrainingProgress(2, 0, 3, 4),
                    new TrainingProgress(2, 0, 4, 4), new TrainingProgress(2, 0, 5, 5), new TrainingProgress(2, 1, 1, 5),
                    new TrainingProgress(2, 1, 2, 5), new TrainingProgress(2, 1, 3, 5), new TrainingProgress(2, 1, 4, 5),
                    new TrainingProgress(2, 1, 5, 5)), trial.progress);
        }
    }

    @Test
    void weightsStartAsInPyTorchUnlessAnotherInitializerIsGiven() {
        assertSame(PyTorchInit.weights(), ClassificationEvaluator.builder().setData(DATA)
                .settings(Loss::softmaxCrossEntropyLoss).weightInitializer());
        Initializer djlDefault = new XavierInitializer(XavierInitializer.RandomType.GAUSSIAN, XavierInitializer.FactorType.IN, 2);
        assertSame(djlDefault, ClassificationEvaluator.builder().setData(DATA).optWeightInitializer(djlDefault)
                .settings(Loss::softmaxCrossEntropyLoss).weightInitializer());
    }

    @Test
    void aStopRequestEndsTrainingBetweenBatchesKeepingTheLastCompleteEpoch() throws Exception {
        // 200 / 20 = 10 training and 80 / 20 = 4 validation batches per epoch: 14 checks each.
        ClassificationEvaluator evaluator = ClassificationEvaluator.builder()
                .setData(DATA.first(200, 80)).optEpochs(5).optBatchSize(20).build();
        try (RecordingTrialContext trial = new RecordingTrialContext(mlp(), 14 + 3)) {
            evaluator.evaluate(trial);
            assertEquals(14 + 4, trial.stopChecks.get(), "no batch runs after the stop");
            assertEquals(1, trial.intermediates.size());
            assertEquals(trial.intermediates.get(0), trial.finalResult);
            assertTrue(trial.logs.get(1).startsWith("stop requested: ending in epoch 2 of 5"), trial.logs.toString());
        }
        try (RecordingTrialContext trial = new RecordingTrialContext(mlp(), 2)) {
            evaluator.evaluate(trial);
            assertEquals(0, trial.intermediates.size());
            assertNull(trial.finalResult, "no epoch completed, so no result");
        }
    }

    @Test
    void loadsLazyDataOnceAndUsesSubsets() throws Exception {
        AtomicInteger loads = new AtomicInteger();
        ClassificationEvaluator evaluator = ClassificationEvaluator.builder()
                .setData(() -> {
                    loads.incrementAndGet();
                    return DATA;
                })
                .optTrainSubset(40).optTestSubset(30).optBatchSize(10).build();
        for (int i = 0; i < 2; i++) {
            try (RecordingTrialContext trial = new RecordingTrialContext(mlp())) {
                evaluator.evaluate(trial);
                assertEquals(1, trial.intermediates.size());
                // 4 training and 3 validation batches of the subsets.
                assertEquals(7, trial.stopChecks.get());
            }
        }
        assertEquals(1, loads.get());
    }

    @Test
    void aFailedLoadFailsTheTrialAndIsRetriedByTheNext() throws Exception {
        AtomicInteger loads = new AtomicInteger();
        ClassificationEvaluator evaluator = ClassificationEvaluator.builder()
                .setData(() -> {
                    if (loads.incrementAndGet() == 1) {
                        throw new java.io.IOException("mirror down");
                    }
                    return DATA.first(20, 10);
                })
                .optBatchSize(10).build();
        try (RecordingTrialContext trial = new RecordingTrialContext(mlp())) {
            java.io.IOException e = assertThrows(java.io.IOException.class, () -> evaluator.evaluate(trial));
            assertEquals("mirror down", e.getMessage());
        }
        try (RecordingTrialContext trial = new RecordingTrialContext(mlp())) {
            evaluator.evaluate(trial);
            assertEquals(1, trial.intermediates.size());
        }
    }

    @Test
    void rejectsAModelWhoseOutputIsNotOneScorePerClass() throws Exception {
        ClassificationEvaluator evaluator = ClassificationEvaluator.builder()
                .setData(DATA.first(16, 16)).optBatchSize(8).build();
        Block oneOutput = new SequentialBlock().add(Blocks.batchFlattenBlock()).add(Linear.builder().setUnits(1).build());
        assertRefused(evaluator, oneOutput, "the model gives (8, 1) for labels of shape (8)");
    }

    @Test
    void rejectsAModelWithFewerClassesThanTheData() throws Exception {
        ClassificationEvaluator evaluator = ClassificationEvaluator.builder()
                .setData(DATA.first(64, 16)).optBatchSize(64).build();
        Block fiveClasses = new SequentialBlock().add(Blocks.batchFlattenBlock()).add(Linear.builder().setUnits(5).build());
        assertRefused(evaluator, fiveClasses, "the model scores 5 classes (0 to 4) and the data has label 9;");
    }

    @Test
    void aLabelBeyondTheModelsClassesInALaterBatchIsNamedToo() throws Exception {
        // labels 0 to 4, except the last example's 7, in the fourth batch of 8 (not shuffled)
        float[] x = new float[32 * 4];
        float[] y = new float[32];
        for (int i = 0; i < 32; i++) {
            x[i * 4 + i % 4] = 1;
            y[i] = i == 31 ? 7 : i % 5;
        }
        ArrayData data = ArrayData.of(x, new Shape(4), y);
        ClassificationEvaluator evaluator = ClassificationEvaluator.builder()
                .setData(new TrainTestData(data, data)).optBatchSize(8).optShuffle(false).build();
        assertRefused(evaluator, Linear.builder().setUnits(5).build(),
                "the model scores 5 classes (0 to 4) and the data has label 7;");
    }

    /**
     * A fractional label (a regression target given to a classifier) is refused, not cast to a
     * class: 3.5 at example 7 of the second batch of the training data, not shuffled.
     */
    @Test
    void aFractionalTrainingLabelIsNotAClassIndex() throws Exception {
        ArrayData train = labelled(16, 15, 3.5f);
        ClassificationEvaluator evaluator = ClassificationEvaluator.builder()
                .setData(new TrainTestData(train, labelled(8, -1, 0))).optBatchSize(8).optShuffle(false).build();
        assertRefused(evaluator, Linear.builder().setUnits(5).build(),
                "label 3.5 at example 7 of a batch of 8 is not a whole class index; a classifier's labels are class indices");
    }

    /** A NaN label is named as NaN (a cast to int64 made it label -9223372036854775808), in the test data too. */
    @Test
    void aNaNTestLabelIsNamed() throws Exception {
        ClassificationEvaluator evaluator = ClassificationEvaluator.builder()
                .setData(new TrainTestData(labelled(16, -1, 0), labelled(8, 7, Float.NaN)))
                .optBatchSize(8).optShuffle(false).build();
        assertRefused(evaluator, Linear.builder().setUnits(5).build(), "label NaN at example 7 of a batch of 8;");
    }

    /** {@code n} examples of shape (4) labelled 0 to 4 in turn, except example {@code at}, labelled {@code label}. */
    private static ArrayData labelled(int n, int at, float label) {
        float[] x = new float[n * 4];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            x[i * 4 + i % 4] = 1;
            y[i] = i == at ? label : i % 5;
        }
        return ArrayData.of(x, new Shape(4), y);
    }

    /** Training {@code model} fails with an {@link IllegalArgumentException} whose message starts so. */
    private static void assertRefused(ClassificationEvaluator evaluator, Block model, String messageStart) throws Exception {
        try (RecordingTrialContext trial = new RecordingTrialContext(model)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> evaluator.evaluate(trial));
            assertTrue(e.getMessage().startsWith(messageStart), e.getMessage());
        }
    }

    @Test
    void builderChecksItsSettings() {
        IllegalStateException noData = assertThrows(IllegalStateException.class,
                () -> ClassificationEvaluator.builder().build());
        assertTrue(noData.getMessage().contains("setData"), noData.getMessage());
        IllegalArgumentException epochs = assertThrows(IllegalArgumentException.class,
                () -> ClassificationEvaluator.builder().optEpochs(0));
        assertEquals("epochs must be positive, got 0", epochs.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ClassificationEvaluator.builder().optLearningRate(-1f));
        IllegalStateException momentum = assertThrows(IllegalStateException.class,
                () -> ClassificationEvaluator.builder().setData(DATA).optMomentum(0.9f).build());
        assertTrue(momentum.getMessage().contains("SGD"), momentum.getMessage());
    }
}
