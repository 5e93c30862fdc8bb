package org.jnas.nas;

import org.jnas.nas.testing.EnumerateStrategy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jnas.nas.space.ModelSpace;
import org.jnas.nas.trial.TrialEvaluator;
import org.jnas.nas.trial.TrialRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Export and kept weights through the Experiment API. */
@Timeout(60)
class ExperimentExportTest {

    /** The fake space's choices; units of the hidden layer follow choice a, so architectures differ. */
    private static final ModelSpace SPACE = ModelSpace.define("export", s -> {
        int a = s.valueChoice("a", 0, 1, 2);
        s.valueChoice("b", "x", "y");
        return new SequentialBlock()
                .add(Linear.builder().setUnits(4 + a).build())
                .add(Activation::relu)
                .add(Linear.builder().setUnits(1).build());
    });

    /** "Trains" by initialising; reports the output on ones as a metric to compare after loading. */
    private static final TrialEvaluator EVALUATOR = trial -> {
        try (Trainer trainer = trial.model().newTrainer(new DefaultTrainingConfig(Loss.l2Loss()))) {
            trainer.initialize(new Shape(1, 3));
            NDArray out = trainer.evaluate(new NDList(trial.manager().ones(new Shape(1, 3)))).singletonOrThrow();
            trial.reportFinal(Map.of("default", trial.sample().getInt("a") * 1.0, "out", out.getFloat()));
        }
    };

    @Test
    void topModelsExportAsDictsAndCompilableCodeAndKeepTheirWeights(@TempDir Path dir) throws Exception {
        Path home = Files.createDirectories(dir.resolve("home"));
        String earlierId;
        try (Experiment exp = Experiment.create(SPACE, EVALUATOR, new EnumerateStrategy())) {
            exp.config().name("mnist_search").devicePolicy(DevicePolicy.CPU).trialConcurrency(2)
                    .keepTopWeights(2).directory(dir).home(home);
            exp.run();

            List<Map<String, Object>> dicts = exp.exportTopModels(2, ExportFormat.DICT);
            TrialRecord best = exp.bestTrial().orElseThrow();
            assertEquals(5, best.id());
            assertEquals(Map.of("a", 2L, "b", "x", "metric", 2.0, "out", best.finalMetrics().get("out"), "trial", 5L),
                    normalise(dicts.get(0)));
            assertEquals(6L, dicts.get(1).get("trial"));

            String code = exp.exportTopModels(1, ExportFormat.CODE).get(0);
            assertTrue(code.contains("public final class Mnist_search_trial5"), code);
            assertTrue(code.contains("Linear.builder().setUnits(6).build()"), code);
            Block rebuilt = org.jnas.nas.export.JavaCodeExporterTestAccess.compile(code, "Mnist_search_trial5",
                    Files.createDirectories(dir.resolve("classes")));
            assertEquals(3, rebuilt.getChildren().size());

            try (Model model = exp.loadModel(5)) {
                NDArray out = model.getBlock().forward(new ai.djl.training.ParameterStore(model.getNDManager(), false),
                        new NDList(model.getNDManager().ones(new Shape(1, 3))), false).singletonOrThrow();
                assertEquals(best.finalMetrics().get("out"), out.getFloat(), 1e-6, "the trained weights came back");
            }
            assertTrue(Files.exists(dir.resolve("weights/trial-5.params")));
            assertTrue(Files.exists(dir.resolve("weights/trial-6.params")));
            assertEquals(2, Files.list(dir.resolve("weights")).count(), "only the top 2 keep their weights");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> exp.loadModel(1));
            assertTrue(e.getMessage().contains("were not kept"), e.getMessage());
            earlierId = exp.id();
        }
        // after a restart: the resumed experiment finds the weights in its directory
        try (Experiment resumed = Experiment.resume(home, earlierId, SPACE, EVALUATOR, new EnumerateStrategy())) {
            double expected = resumed.trials().get(4).finalMetrics().get("out");
            try (Model model = resumed.loadModel(5)) {
                NDArray out = model.getBlock().forward(new ai.djl.training.ParameterStore(model.getNDManager(), false),
                        new NDList(model.getNDManager().ones(new Shape(1, 3))), false).singletonOrThrow();
                assertEquals(expected, out.getFloat(), 1e-6);
            }
        }
    }

    private static Map<String, Object> normalise(Map<String, Object> dict) {
        Map<String, Object> out = new java.util.HashMap<>();
        dict.forEach((k, v) -> out.put(k, v instanceof Integer i ? (Object) i.longValue() : v));
        return out;
    }
}
