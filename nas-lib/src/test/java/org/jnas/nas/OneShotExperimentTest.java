package org.jnas.nas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jnas.nas.data.ArrayData;
import org.jnas.nas.data.TrainTestData;
import org.jnas.nas.evaluator.ClassificationEvaluator;
import org.jnas.nas.oneshot.OneShot;
import org.jnas.nas.results.ArchitectureRanking;
import org.jnas.nas.results.ExperimentListener;
import org.jnas.nas.results.ExperimentProgress;
import org.jnas.nas.results.ExperimentStatus;
import org.jnas.nas.space.Layers;
import org.jnas.nas.space.ModelSpace;
import org.jnas.nas.space.Sample;
import org.jnas.nas.trial.TrialEvaluator;
import org.jnas.nas.trial.TrialRecord;
import org.jnas.nas.trial.TrialStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

/** A one-shot search as the strategy of an experiment: background, stop, store, resume, refusals. */
@Timeout(120)
public class OneShotExperimentTest {

    /** A planted choice (zero or a Linear) and an activation choice, then a 4-class head. */
    public static final ModelSpace SPACE = ModelSpace.define("planted", s -> new SequentialBlock()
            .add(s.layerChoice("op", () -> Layers.zero(1), () -> Linear.builder().setUnits(4).build()))
            .add(s.layerChoice("act", Activation::reluBlock, Activation::tanhBlock))
            .add(Linear.builder().setUnits(4).build()));

    /** Four classes of 4-feature points, the class the argmax of a fixed linear map. */
    public static TrainTestData planted(int size) {
        Random random = new Random(7);
        float[] x = new float[size * 4];
        float[] y = new float[size];
        for (int n = 0; n < size; n++) {
            int best = 0;
            for (int j = 0; j < 4; j++) {
                x[n * 4 + j] = (float) random.nextGaussian();
                if (x[n * 4 + j] > x[n * 4 + best]) {
                    best = j;
                }
            }
            y[n] = best;
        }
        return ArrayData.of(x, new Shape(4), y).split(0.8, 7);
    }

    public static ClassificationEvaluator evaluator(int size) {
        return ClassificationEvaluator.builder().setData(planted(size)).optBatchSize(16).build();
    }

    /** {@code strategy}'s search of {@link #SPACE} on {@code examples} planted examples, stored under {@code home}, on the CPU. */
    private static Experiment onCpu(Path home, int examples, OneShot strategy) {
        Experiment exp = Experiment.create(SPACE, evaluator(examples), strategy);
        exp.config().home(home).devicePolicy(DevicePolicy.CPU);
        return exp;
    }

    @Test
    void runsInTheBackgroundReportingEachEpochAndIsStored(@TempDir Path home) throws Exception {
        String id;
        try (Experiment exp = onCpu(home, 400, OneShot.darts().epochs(2))) {
            exp.start();
            assertTrue(exp.await(Duration.ofSeconds(60)), "the search ends");
            id = exp.id();
            assertEquals(ExperimentStatus.DONE, exp.status());
            TrialRecord supernet = exp.trials().get(0);
            assertEquals(1, exp.trials().size(), "the supernet trains as one trial");
            assertEquals(2, supernet.intermediates().size(), () -> "one intermediate result per epoch: " + supernet.status() + " " + supernet.error());
            Map<String, Double> epoch = supernet.intermediates().get(1);
            assertTrue(epoch.containsKey("accuracy") && epoch.containsKey("loss") && epoch.containsKey("train_loss"), epoch.toString());
            assertEquals(1.0, epoch.get("prob/op/0") + epoch.get("prob/op/1"), 1e-6, "op's probabilities: " + epoch);
            // 320 training examples, halves of 160 in batches of 16: 10 steps an epoch, each kept
            assertEquals(List.of(10.0, 20.0), supernet.intermediates().stream().map(m -> m.get("step")).toList());
            for (int step = 11; step < 20; step++) {
                assertEquals(1.0, epoch.get("prob@" + step + "/op/0") + epoch.get("prob@" + step + "/op/1"), 1e-6,
                        "the probabilities within epoch 2, at step " + step + ": " + epoch);
            }
            assertFalse(epoch.containsKey("prob@20/op/0") || epoch.containsKey("prob@10/op/0"), "an epoch's end once: " + epoch);
            assertEquals(2.0, supernet.finalMetrics().get("epochs"));
            assertTrue(Files.exists(home.resolve("supernets").resolve(id).resolve("supernet.params")), "a checkpoint");
            List<Map<String, Object>> dicts = exp.exportTopModels(2, ExportFormat.DICT);
            assertEquals(2, dicts.size());
            assertEquals(Set.of("op", "act", "probability", "rank"), dicts.get(0).keySet(), dicts.toString());
            assertEquals(1, dicts.get(0).get("rank"));
            assertTrue((Double) dicts.get(0).get("probability") >= (Double) dicts.get(1).get("probability"), dicts.toString());
            String code = exp.exportTopModels(1, ExportFormat.CODE).get(0);
            assertTrue(code.contains("class Experiment_rank1") && code.contains("ranked 1 by the supernet"), code);
            try (Model subnet = exp.extractSubnet(Sample.of(Map.of("op", 1, "act", 0)))) {
                assertEquals(4, subnet.getBlock().getParameters().size(), "the Linear of op and the head");
            }
            // any evaluator retrains: here one that scores without training (the built-in ones refuse a first step
            // whose gradients are all zero, which an architecture with op=zero gives its head)
            try (Experiment retrain = exp.retrainTop(2, TrialEvaluator.functional(t -> t.reportFinal(t.sample().getInt("op"))))) {
                retrain.run();
                assertEquals(List.of(dicts.get(0).get("op"), dicts.get(1).get("op")),
                        retrain.trials().stream().map(t -> t.sample().get("op")).toList(), "trial i retrains rank i");
                Table beside = ArchitectureRanking.of(exp).compare(retrain, 2);
                assertEquals(List.of("rank", "op", "act", "probability", "retrained_metric"), beside.columnNames());
                assertEquals(((Number) dicts.get(1).get("op")).doubleValue(), beside.doubleColumn("retrained_metric").get(1),
                        "rank 2's metric from its retraining trial: " + beside);
                assertTrue(retrain.trials().stream().allMatch(t -> t.metric().isPresent()), () -> retrain.trials().get(0).error().orElse(""));
            }
            String live = exp.liveHtml();
            assertTrue(live.contains("Supernet per epoch") && live.contains("Most likely architectures")
                    && live.contains("Architecture probabilities"), "the live view shows the supernet: " + live);
        }
        ExperimentView view = Experiment.view(home, id);
        assertEquals("DARTS", view.strategyName());
        assertEquals(2, view.trials().get(0).intermediates().size(), "persisted as it ran");
        ArchitectureRanking ranking = ArchitectureRanking.of(view);
        List<ArchitectureRanking.Entry> top = ranking.top(4);
        assertEquals(4, top.size(), "2 x 2 architectures");
        assertEquals(1.0, top.stream().mapToDouble(ArchitectureRanking.Entry::score).sum(), 1e-6);
        assertTrue(top.get(0).score() >= top.get(3).score(), "most likely first: " + top);
        Map<String, List<Double>> p = ranking.probabilities();
        assertEquals(top.get(0).sample().getInt("op"), p.get("op").get(1) > p.get("op").get(0) ? 1 : 0, "the argmax first");
        String full = view.fullHtml();
        assertTrue(full.contains("<table class=\"jnas-epochs\">") && full.contains("Architecture probabilities"), full);
        assertTrue(view.text().contains("Most likely architectures after epoch 2 of 2:"), view.text());
        assertEquals(OptionalInt.of(2), ranking.maxEpochs());
        assertTrue(full.contains("<h4>Supernet per epoch (2 of 2)</h4>"), full);
    }

    /** An epoch on real data takes minutes: the progress line moves with its steps, not only at its end. */
    @Test
    void theProgressLineCountsTheStepsOfTheEpochInTraining(@TempDir Path home) throws Exception {
        try (Experiment exp = onCpu(home, 1200, OneShot.darts().epochs(2))) {
            exp.start();
            // 960 training examples, halves of 480 in batches of 16: 30 steps an epoch
            Pattern within = Pattern.compile("\\[#*\\.*] (\\d)/2 supernet epochs \\(epoch (\\d): (\\d+)/30 steps\\)  running 1 .*");
            List<String> seen = new ArrayList<>();
            double fraction = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!exp.await(Duration.ofMillis(2)) && System.nanoTime() < deadline) {
                ExperimentProgress progress = exp.progress();
                assertTrue(progress.fraction() >= fraction, "the bar never goes back: " + progress.line());
                fraction = progress.fraction();
                Matcher m = within.matcher(progress.line());
                if (m.matches()) {
                    assertEquals(Integer.parseInt(m.group(1)) + 1, Integer.parseInt(m.group(2)), "the epoch after those done: " + m.group());
                    seen.add(m.group(1) + ":" + m.group(3));
                }
            }
            assertEquals(ExperimentStatus.DONE, exp.status());
            assertFalse(seen.isEmpty(), "no line counted an epoch's steps");
            assertTrue(seen.stream().anyMatch(s -> !s.endsWith(":30")), "a line within an epoch: " + seen);
            assertTrue(exp.progress().line().startsWith("[########################] 2/2 supernet epochs  running 0"),
                    "no steps once the supernet has ended: " + exp.progress().line());
        }
    }

    @Test
    void aStoppedSearchResumesFromItsLastEpoch(@TempDir Path home) throws Exception {
        String id;
        AtomicReference<String> whileRunning = new AtomicReference<>("");
        AtomicReference<String> atStart = new AtomicReference<>("");
        try (Experiment exp = onCpu(home, 1200, OneShot.darts().epochs(3))) {
            exp.addListener(new ExperimentListener() {
                @Override
                public void onTrialStarted(TrialRecord trial) {
                    atStart.set(exp.progress().line());
                }

                @Override
                public void onIntermediate(TrialRecord trial) {
                    whileRunning.set(exp.progress().line());
                    exp.stop(); // told on the trial's thread after epoch 1, so the search stops in epoch 2
                }
            });
            exp.start();
            assertTrue(exp.await(Duration.ofSeconds(60)));
            id = exp.id();
            assertEquals(ExperimentStatus.STOPPED, exp.status());
            assertEquals(1, exp.trials().get(0).intermediates().size(), "stopped after epoch 1 of 3");
            assertTrue(exp.text().contains("Most likely architectures after epoch 1 of 3:"), "the views say so: " + exp.text());
            assertEquals("epoch 1/3: 1 of 30 steps", exp.trials().get(0).log().get(0),
                    "the first step says how many an epoch has: " + exp.trials().get(0).log());
            assertTrue(exp.progress().line().startsWith("[########................] 1/3 supernet epochs  running 0  failed 0"),
                    "progress counts the supernet's epochs, not its one trial of an unbounded budget: " + exp.progress().line());
            assertTrue(atStart.get().startsWith("[........................] 0/3 supernet epochs  running 1  failed 0  best -"),
                    "before the first epoch ends, the epochs the supernet is to train: " + atStart.get());
            assertTrue(whileRunning.get().matches("\\[#{8}\\.{16}] 1/3 supernet epochs  running 1  failed 0  best 0\\.\\d{4} \\(epoch 1\\)  .*"),
                    "before the supernet's final result, its latest epoch's metric: " + whileRunning.get());
        }
        try (Experiment more = Experiment.resume(home, id, SPACE, evaluator(1200), OneShot.darts().epochs(3))) {
            more.run();
            assertEquals(ExperimentStatus.DONE, more.status());
            TrialRecord last = more.trials().get(more.trials().size() - 1);
            assertEquals(3, last.intermediates().size(), "epoch 1 from the checkpoint, then epochs 2 and 3");
            assertTrue(last.log().contains("epoch 2/3: 1 of 30 steps"), "the first step trained, in epoch 2: " + last.log());
            assertEquals(3.0, last.finalMetrics().get("epochs"));
            assertTrue(more.text().contains("after epoch 3 of 3:"), more.text());
            assertTrue(more.progress().line().startsWith("[########################] 3/3 supernet epochs"), more.progress().line());
            assertTrue(more.liveHtml().contains("<b>3/3 supernet epochs</b>"), more.liveHtml());
            assertEquals(exp1Probabilities(home, id), List.of(last.intermediates().get(0).get("prob/op/0")),
                    "the first epoch is the stored one, not retrained");
            // 960 training examples, halves of 480 in batches of 16: 30 steps an epoch
            assertEquals(List.of(30.0, 60.0, 90.0), last.intermediates().stream().map(m -> m.get("step")).toList(),
                    "the steps count on from the checkpoint");
            assertTrue(last.intermediates().get(1).containsKey("prob@31/op/0") && last.intermediates().get(0).containsKey("prob@1/op/0"),
                    "the probabilities within the stored epoch and the resumed one");
        }
    }

    /** ENAS's LSTM controller is in the checkpoint: a resume continues it, and one with the other controller is refused. */
    @Test
    void aStoppedEnasSearchResumesItsLstmController(@TempDir Path home) throws Exception {
        String id = stoppedAfter(home, OneShot.enas().epochs(3).warmupEpochs(1), 2); // epoch 2 moved the controller
        Map<String, Double> stored = Experiment.view(home, id).trials().get(0).intermediates().get(1);
        try (Experiment perLabel = Experiment.resume(home, id, SPACE, evaluator(400),
                OneShot.enas().lstmController(false).epochs(3).warmupEpochs(1))) {
            perLabel.run();
            TrialRecord refused = perLabel.trials().get(perLabel.trials().size() - 1);
            assertEquals(TrialStatus.FAILED, refused.status());
            assertTrue(refused.error().orElse("").contains("resume with lstmController(true)"), refused.error().orElse(""));
        }
        try (Experiment more = Experiment.resume(home, id, SPACE, evaluator(400), OneShot.enas().epochs(3).warmupEpochs(1))) {
            more.run();
            assertEquals(ExperimentStatus.DONE, more.status());
            TrialRecord last = more.trials().get(more.trials().size() - 1);
            assertEquals(3, last.intermediates().size(), "epochs 1 and 2 from the checkpoint, then epoch 3: " + last.error());
            assertEquals(stored.get("prob/op/1"), last.intermediates().get(1).get("prob/op/1"), "the stored epoch");
            assertTrue(last.intermediates().get(2).containsKey("reward"), last.intermediates().get(2).toString());
        }
    }

    /** Its weights restored from the checkpoint, a search stopped in its warm-up trains on after a resume. */
    @Test
    void aSearchStoppedDuringItsWarmUpResumes(@TempDir Path home) throws Exception {
        // after epoch 1, a weight epoch: no architecture step has touched the weights
        String id = stoppedAfter(home, OneShot.darts().epochs(4).warmupEpochs(2), 1);
        try (Experiment more = Experiment.resume(home, id, SPACE, evaluator(400), OneShot.darts().epochs(4).warmupEpochs(2))) {
            more.run();
            TrialRecord last = more.trials().get(more.trials().size() - 1);
            assertEquals(TrialStatus.SUCCEEDED, last.status(), () -> last.error().orElse(""));
            assertEquals(4, last.intermediates().size());
        }
    }

    /** A space with the same labels and other layers is not the searched one: its resume fails, naming the parameter, and trains nothing. */
    @Test
    void aResumeWithOtherLayerSizesIsRefusedByTheCheckpoint(@TempDir Path home) throws Exception {
        String id;
        try (Experiment exp = Experiment.create(hidden(8), evaluator(400), OneShot.darts().epochs(2).warmupEpochs(1))) {
            exp.config().home(home).devicePolicy(DevicePolicy.CPU);
            exp.run();
            id = exp.id();
        }
        try (Experiment more = Experiment.resume(home, id, hidden(16), evaluator(400), OneShot.darts().epochs(3).warmupEpochs(1))) {
            more.run();
            TrialRecord last = more.trials().get(more.trials().size() - 1);
            assertEquals(TrialStatus.FAILED, last.status());
            String error = last.error().orElse("");
            assertTrue(error.contains(" of shape (8, 4) where this space has (16, 4)"), error);
            assertTrue(error.contains("resume with the space it searched"), error);
            assertEquals(List.of(), last.intermediates(), "no epoch trained on the wrong layers");
            assertEquals(2, more.trials().get(0).intermediates().size(), "the searched epochs stay");
        }
    }

    /** {@link #SPACE} after a hidden {@code Linear} of {@code units}. */
    private static ModelSpace hidden(int units) {
        return ModelSpace.define("hidden", s -> new SequentialBlock()
                .add(Linear.builder().setUnits(units).build())
                .add(s.layerChoice("op", () -> Layers.zero(1), () -> Linear.builder().setUnits(units).build()))
                .add(s.layerChoice("act", Activation::reluBlock, Activation::tanhBlock))
                .add(Linear.builder().setUnits(4).build()));
    }

    /** The id of {@code strategy}'s search of 400 planted examples, stopped after {@code epochs} epochs. */
    private static String stoppedAfter(Path home, OneShot strategy, int epochs) throws InterruptedException {
        try (Experiment exp = onCpu(home, 400, strategy)) {
            exp.addListener(new ExperimentListener() {
                @Override
                public void onIntermediate(TrialRecord trial) {
                    if (trial.intermediates().size() == epochs) {
                        exp.stop();
                    }
                }
            });
            exp.run();
            assertEquals(epochs, exp.trials().get(0).intermediates().size());
            return exp.id();
        }
    }

    private static List<Double> exp1Probabilities(Path home, String id) {
        return List.of(Experiment.view(home, id).trials().get(0).intermediates().get(0).get("prob/op/0"));
    }

    @Test
    void gumbelDartsReportsItsTemperature(@TempDir Path home) throws Exception {
        try (Experiment exp = onCpu(home, 200, OneShot.gumbelDarts().epochs(1))) {
            exp.run();
            assertEquals("GumbelDARTS", exp.strategyName());
            Map<String, Double> epoch = exp.trials().get(0).intermediates().get(0);
            assertEquals(1.0, epoch.get("temperature"), 1e-9, "the first epoch runs at 1.0: " + epoch);
        }
    }

    @Test
    void aDivergingSupernetFailsItsTrialWithTheReasonAndKeepsItsLastGoodEpoch(@TempDir Path home) throws Exception {
        String id;
        // a weight learning rate of 100 without clipping: the losses grow for a few epochs, then turn NaN
        try (Experiment exp = onCpu(home, 400,
                OneShot.darts().weightLearningRate(100f).gradientClip(0).epochs(20).warmupEpochs(1))) {
            exp.config().seed(1);
            exp.run();
            assertEquals(ExperimentStatus.DONE, exp.status(), "the experiment ends as usual");
            TrialRecord supernet = exp.trials().get(0);
            String error = supernet.error().orElseThrow();
            assertTrue(error.contains("the supernet diverged") && error.contains("weightLearningRate"), error);
            int epochs = supernet.intermediates().size();
            assertTrue(epochs >= 1 && epochs < 20, "the epochs before it are kept: " + epochs);
            assertTrue(supernet.intermediates().stream().flatMap(m -> m.entrySet().stream())
                    .filter(e -> e.getKey().startsWith("prob/")).allMatch(e -> Double.isFinite(e.getValue())),
                    "no NaN probability recorded: " + supernet.intermediates());
            List<Map<String, Object>> top = exp.exportTopModels(2, ExportFormat.DICT);
            assertEquals(2, top.size(), "the ranking of the last good epoch: " + top);
            assertTrue(Files.exists(home.resolve("supernets").resolve(exp.id()).resolve("supernet.params")),
                    "its checkpoint");
            id = exp.id();
        }
        // what the error says to do: start again from the last good epoch, with the default settings
        try (Experiment again = Experiment.resume(home, id, SPACE, evaluator(400), OneShot.darts().epochs(20).warmupEpochs(1))) {
            again.run();
            TrialRecord last = again.trials().get(again.trials().size() - 1);
            assertEquals(TrialStatus.SUCCEEDED, last.status(), () -> last.error().orElse(""));
            assertEquals(20, last.intermediates().size(), "the kept epochs, then the rest");
            assertEquals(Experiment.view(home, id).trials().get(0).intermediates().get(0), last.intermediates().get(0),
                    "the first epoch is the stored one");
        }
    }

    @Test
    void aFinishedSearchResumedWithMoreEpochsTrainsOnFromItsCheckpoint(@TempDir Path home) throws Exception {
        String id;
        try (Experiment exp = onCpu(home, 400, OneShot.darts().epochs(1))) {
            exp.run();
            id = exp.id();
        }
        IllegalArgumentException other = assertThrows(IllegalArgumentException.class,
                () -> Experiment.resume(home, id, SPACE, evaluator(400), OneShot.gumbelDarts().epochs(3)));
        assertTrue(other.getMessage().contains("searched by DARTS, not GumbelDARTS"), other.getMessage());
        try (Experiment same = Experiment.resume(home, id, SPACE, evaluator(400), OneShot.darts().epochs(1))) {
            same.run();
            assertEquals(1, same.trials().size(), "nothing left to do");
        }
        try (Experiment more = Experiment.resume(home, id, SPACE, evaluator(400), OneShot.darts().epochs(3))) {
            more.run();
            assertEquals(2, more.trials().size());
            TrialRecord last = more.trials().get(1);
            assertEquals(3, last.intermediates().size(), () -> "epoch 1 from the checkpoint, then 2 and 3: " + last.error());
            assertEquals(3.0, last.finalMetrics().get("epochs"));
            Map<String, Double> stored = new HashMap<>(more.trials().get(0).intermediates().get(0));
            Map<String, Double> again = new HashMap<>(last.intermediates().get(0));
            assertEquals(List.of(1.0, 3.0), List.of(stored.remove("max_epochs"), again.remove("max_epochs")),
                    "each trial reports the epochs it is to train");
            assertEquals(stored, again, "epoch 1 is the stored one, not retrained");
        }
    }

    @Test
    void aFunctionalEvaluatorIsRefusedAtStart(@TempDir Path home) {
        TrialEvaluator functional = TrialEvaluator.functional(trial -> trial.reportFinal(1));
        try (Experiment exp = Experiment.create(SPACE, functional, OneShot.darts())) {
            exp.config().home(home);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, exp::start);
            assertTrue(e.getMessage().contains("ClassificationEvaluator.builder()"), e.getMessage());
            assertEquals(ExperimentStatus.CREATED, exp.status());
        }
        assertTrue(Experiment.list(home).summaries().isEmpty(), "nothing stored");
    }

    @Test
    void warmUpThatLeavesNoEpochToLearnTheArchitectureIsRefusedAtStart(@TempDir Path home) {
        try (Experiment exp = onCpu(home, 40, OneShot.gumbelDarts().epochs(2).warmupEpochs(2))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, exp::start);
            assertTrue(e.getMessage().startsWith("warmupEpochs(2) leaves none of the 2 epochs to learn the architecture"
                    + " in, so GumbelDARTS would export"), e.getMessage());
        }
        assertTrue(Experiment.list(home).summaries().isEmpty(), "nothing stored");
    }

    @Test
    void aHeadWithFewerClassesThanTheDataFailsTheSupernetNamingBoth(@TempDir Path home) throws Exception {
        ModelSpace twoClasses = ModelSpace.define("two", s -> new SequentialBlock()
                .add(s.layerChoice("act", Activation::reluBlock, Activation::tanhBlock))
                .add(Linear.builder().setUnits(2).build()));
        // 4 classes, labels 0 to 3: the first batch of 16 holds a 2 or a 3
        try (Experiment exp = Experiment.create(twoClasses, evaluator(40), OneShot.darts().epochs(1))) {
            exp.config().home(home).devicePolicy(DevicePolicy.CPU);
            exp.run();
            String error = exp.trials().get(0).error().orElseThrow();
            assertTrue(error.contains("the model scores 2 classes (0 to 1) and the data has label "), error);
            // nothing to export: said, with the supernet's failure, not an empty list
            IllegalStateException export = assertThrows(IllegalStateException.class, () -> exp.exportTopModels(1, ExportFormat.DICT));
            assertTrue(export.getMessage().contains("(trial 1, FAILED: ") && export.getMessage().contains("has completed no epoch")
                    && export.getMessage().contains("the model scores 2 classes"), export.getMessage());
            assertThrows(IllegalStateException.class, () -> Experiment.view(home, exp.id()).exportTopModels(1, ExportFormat.DICT));
        }
    }

    @Test
    void dataTooSmallToSplitAndUnfollowableSpacesAreRefusedBeforeTraining(@TempDir Path home) {
        ClassificationEvaluator one = ClassificationEvaluator.builder().setData(planted(10)).optTrainSubset(1).build();
        try (Experiment exp = Experiment.create(SPACE, one, OneShot.darts())) {
            exp.config().home(home);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, exp::start);
            assertTrue(e.getMessage().contains("optTrainSubset"), e.getMessage());
        }
        ModelSpace plainValue = ModelSpace.define("plain-value", s -> new SequentialBlock()
                .add(Linear.builder().setUnits(4).build())
                .add(ai.djl.nn.norm.Dropout.builder().optRate(s.valueChoice("rate", 0.25f, 0.5f)).build()));
        try (Experiment exp = Experiment.create(plainValue, evaluator(40), OneShot.darts())) {
            exp.config().home(home);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, exp::start);
            assertTrue(e.getMessage().contains("label 'rate'"), e.getMessage());
        }
        assertFalse(Files.exists(home.resolve("supernets")), "no checkpoint written");
    }
}
