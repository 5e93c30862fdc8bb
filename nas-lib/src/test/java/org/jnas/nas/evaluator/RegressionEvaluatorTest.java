package org.jnas.nas.evaluator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.core.Linear;
import ai.djl.training.dataset.ArrayDataset;
import org.jnas.nas.trial.Direction;
import org.jnas.nas.data.ArrayData;
import org.jnas.nas.data.Datasets;
import org.jnas.nas.data.TrainTestData;
import org.junit.jupiter.api.Test;

class RegressionEvaluatorTest {

    private static final TrainTestData LINE = Datasets
            .syntheticRegression(400, 3, x -> 2 * x[0] - x[1] + 0.5 * x[2] + 1, 0.05, 42)
            .split(0.8, 42);

    @Test
    void reducesTheMeanSquaredErrorOfALinearProblem() throws Exception {
        RegressionEvaluator evaluator = RegressionEvaluator.builder()
                .setData(LINE).optEpochs(12).optBatchSize(16).optLearningRate(0.05f).build();
        assertEquals(Direction.MINIMIZE, evaluator.direction());
        try (RecordingTrialContext trial = new RecordingTrialContext(Linear.builder().setUnits(1).build())) {
            evaluator.evaluate(trial);
            assertEquals(12, trial.intermediates.size());
            double first = trial.intermediates.get(0).get("mse");
            double last = trial.finalResult.get("default");
            assertEquals(trial.finalResult.get("mse"), last);
            assertTrue(last < first / 5 && last < 0.05, "MSE from " + first + " to " + last + ": " + trial.logs);
            assertTrue(trial.finalResult.get("r2") > 0.95, trial.finalResult.toString());
        }
    }

    @Test
    void reportsRSquaredWhenAskedOnDjlDatasets() throws Exception {
        RegressionEvaluator evaluator;
        try (NDManager manager = NDManager.newBaseManager();
                RecordingTrialContext trial = new RecordingTrialContext(Linear.builder().setUnits(1).build())) {
            ArrayDataset train = LINE.train().toDataset(manager, 16, true);
            ArrayDataset test = LINE.test().toDataset(manager, 16, false);
            evaluator = RegressionEvaluator.builder().setData(train, test)
                    .optMetric(RegressionMetric.R2).optEpochs(6).optOptimizer(OptimizerKind.SGD)
                    .optLearningRate(0.1f).optMomentum(0.5f).build();
            assertEquals(Direction.MAXIMIZE, evaluator.direction());
            evaluator.evaluate(trial);
            assertEquals(trial.finalResult.get("r2"), trial.finalResult.get("default"));
            assertTrue(trial.finalResult.get("default") > 0.9, trial.finalResult.toString());
        }
    }

    @Test
    void rejectsAModelWithMoreThanOneOutputPerLabel() throws Exception {
        ArrayData few = LINE.train().first(8);
        RegressionEvaluator evaluator = RegressionEvaluator.builder()
                .setData(new TrainTestData(few, few)).optBatchSize(8).build();
        try (RecordingTrialContext trial = new RecordingTrialContext(Linear.builder().setUnits(2).build())) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> evaluator.evaluate(trial));
            assertTrue(e.getMessage().startsWith("the model gives (8, 2) for labels of shape (8)"), e.getMessage());
        }
    }
}
