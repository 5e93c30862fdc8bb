package org.jnas.nas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.EasyTrain;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.dataset.Batch;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jnas.nas.data.Datasets;
import org.jnas.nas.data.TrainTestData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jnas.nas.evaluator.PyTorchInit;
import org.jnas.nas.results.ExperimentStatus;
import org.jnas.nas.strategy.Strategy;
import org.jnas.nas.trial.TrialEvaluator;
import org.jnas.nas.trial.TrialRecord;
import org.jnas.nas.trial.TrialStatus;
import org.jnas.nas.evaluator.ClassificationEvaluator;

/**
 * The seed's quickstart end to end on a small Fashion-MNIST slice (600 training, 200 test images,
 * 1 epoch, 2 trials at a time, 4 trials): real DJL training in background threads, results
 * persisted, exported.
 */
class QuickstartEndToEndTest {
    private static final int BATCH = 16;
    private static TrainTestData data;

    @TempDir
    Path home;

    @BeforeAll
    static void loadData() throws Exception {
        data = Datasets.fashionMnist().first(600, 200);
    }

    private static double accuracy(Trainer trainer, ArrayDataset test, NDManager manager) throws Exception {
        long correct = 0;
        long total = 0;
        for (Batch batch : trainer.iterateDataset(test)) {
            try (batch) {
                NDArray predicted = trainer.evaluate(batch.getData()).singletonOrThrow().argMax(1).toType(DataType.INT64, false);
                NDArray labels = batch.getLabels().singletonOrThrow().toType(DataType.INT64, false).reshape(predicted.getShape());
                correct += predicted.eq(labels).sum().getLong();
                total += predicted.size();
            }
        }
        return (double) correct / total;
    }

    @Test
    void functionalEvaluatorWithEasyTrain() throws Exception {
        TrialEvaluator evaluator = TrialEvaluator.functional(trial -> {
            ArrayDataset train = data.trainDataset(trial.manager(), BATCH, true);
            ArrayDataset test = data.testDataset(trial.manager(), 100);
            DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                    .optOptimizer(Optimizer.adam().build())
                    .optInitializer(PyTorchInit.weights(), Parameter.Type.WEIGHT);
            try (Trainer trainer = trial.model().newTrainer(config)) {
                trainer.initialize(new Shape(BATCH, 1, 28, 28));
                EasyTrain.fit(trainer, 1, train, null);
                double accuracy = accuracy(trainer, test, trial.manager());
                trial.reportIntermediate(accuracy);
                trial.reportFinal(Map.of("default", accuracy, "accuracy", accuracy));
            }
        });
        check(evaluator, "functional");
    }

    @Test
    void builtInClassificationEvaluator() throws Exception {
        check(ClassificationEvaluator.builder().setData(data).optEpochs(1).optBatchSize(BATCH).build(), "builtin");
    }

    private void check(TrialEvaluator evaluator, String name) throws Exception {
        try (Experiment exp = Experiment.create(Quickstart.space(), evaluator, Strategy.random())) {
            exp.config().name(name).trialConcurrency(2).maxTrials(4).seed(1).home(home).keepTopWeights(1);
            exp.run();
            assertEquals(ExperimentStatus.DONE, exp.status(), exp.endReason());
            List<TrialRecord> trials = exp.trials();
            assertEquals(4, trials.size());
            for (TrialRecord t : trials) {
                assertEquals(TrialStatus.SUCCEEDED, t.status(), t.error().orElse(""));
                assertTrue(t.metric().getAsDouble() > 0.15, "above chance (0.1 on 200 images): " + t);
                assertTrue(t.finalMetrics().containsKey("accuracy"), t.finalMetrics().toString());
                assertEquals(1, t.intermediates().size());
            }
            assertTrue(trials.stream().anyMatch(t -> t.started().orElseThrow().isBefore(trials.get(0).ended().orElseThrow())
                    && t.id() != trials.get(0).id()), "two trials trained at the same time");

            ExperimentView stored = Experiment.view(home, exp.id());
            assertEquals(ExperimentStatus.DONE, stored.status());
            for (TrialRecord t : trials) {
                TrialRecord row = stored.trials().stream().filter(r -> r.id() == t.id()).findFirst().orElseThrow();
                assertEquals(t.status(), row.status());
                assertEquals(t.metric().getAsDouble(), row.metric().getAsDouble(), 1e-12);
                assertEquals(t.intermediateDefaults(), row.intermediateDefaults());
                assertEquals(t.sample(), row.sample());
            }

            List<Map<String, Object>> dict = exp.exportTopModels(2, ExportFormat.DICT);
            assertEquals(2, dict.size());
            Map<String, Object> best = dict.get(0);
            assertEquals(exp.bestTrial().orElseThrow().metric().getAsDouble(), ((Number) best.get("metric")).doubleValue());
            String code = exp.exportTopModels(1, ExportFormat.CODE).get(0);
            assertTrue(code.contains("public static Block build()"), code);
            try (Model model = exp.loadModel(exp.bestTrial().orElseThrow().id())) {
                assertTrue(model.getBlock().isInitialized());
            }
        }
    }
}
