package org.jnas.nas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jnas.nas.evaluator.RegressionEvaluator;
import org.jnas.nas.oneshot.OneShot;
import org.jnas.nas.oneshot.OneShotSearch;
import org.jnas.nas.results.ArchitectureRanking;
import org.jnas.nas.results.ExperimentListener;
import org.jnas.nas.results.ExperimentStatus;
import org.jnas.nas.space.Layers;
import org.jnas.nas.space.ModelSpace;
import org.jnas.nas.strategy.Middleware;
import org.jnas.nas.strategy.Strategy;
import org.jnas.nas.trial.TrialEvaluator;
import org.jnas.nas.trial.TrialRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** GDAS, Proxyless, ENAS and RandomOneShot (SPOS with a multi-trial search over inherited weights) in an experiment. */
@Timeout(120)
class OneShotStrategiesExperimentTest {

    /** RandomOneShotTest's planted space: op 0 zeroes the features (a guess at best), op 1 passes them on. */
    static final ModelSpace PLANTED = ModelSpace.define("planted-rank", s -> new SequentialBlock()
            .add(s.layerChoice("op", () -> Layers.zero(1), () -> Linear.builder().setUnits(4).build()))
            .add(s.layerChoice("act", Activation::reluBlock, Activation::tanhBlock, Layers::identity))
            .add(Linear.builder().setUnits(4).build()));

    @ParameterizedTest
    @ValueSource(strings = {"GDAS", "Proxyless", "ENAS"})
    void eachLearnsProbabilitiesInTheBackgroundAndExportsTheMostLikely(String name, @TempDir Path home) throws Exception {
        OneShot strategy = switch (name) {
            case "GDAS" -> OneShot.gdas();
            case "Proxyless" -> OneShot.proxyless();
            default -> OneShot.enas();
        };
        try (Experiment exp = Experiment.create(OneShotExperimentTest.SPACE, OneShotExperimentTest.evaluator(400),
                strategy.epochs(2).warmupEpochs(1))) {
            exp.config().home(home).devicePolicy(DevicePolicy.CPU);
            exp.run();
            assertEquals(ExperimentStatus.DONE, exp.status());
            assertEquals(name, exp.strategyName());
            TrialRecord supernet = exp.trials().get(0);
            assertEquals(2, supernet.intermediates().size(), () -> "an intermediate per epoch: " + supernet.error());
            Map<String, Double> epoch = supernet.intermediates().get(1);
            assertEquals(1.0, epoch.get("prob/op/0") + epoch.get("prob/op/1"), 1e-6, epoch.toString());
            assertEquals(1.0, epoch.get("prob@15/op/0") + epoch.get("prob@15/op/1"), 1e-6,
                    "the probabilities within epoch 2 (steps 11 to 20) too: " + epoch);
            if (name.equals("ENAS")) {
                assertTrue(epoch.containsKey("reward") && !supernet.intermediates().get(0).containsKey("reward"),
                        "the reward after warm-up: " + supernet.intermediates());
            } else {
                assertTrue(epoch.containsKey("architecture_loss"), epoch.toString());
            }
            assertTrue(Files.exists(home.resolve("supernets").resolve(exp.id()).resolve("supernet.params")), "a checkpoint");
            List<Map<String, Object>> top = exp.exportTopModels(1, ExportFormat.DICT);
            if (name.equals("ENAS")) {
                // its LSTM ranks the space's 4 architectures itself: each with its probability, all of them
                List<ArchitectureRanking.Entry> ranked = ArchitectureRanking.of(exp).top(10);
                assertEquals(4, ranked.size(), ranked.toString());
                assertEquals(4, ranked.stream().map(ArchitectureRanking.Entry::sample).distinct().count());
                assertEquals(1.0, ranked.stream().mapToDouble(ArchitectureRanking.Entry::score).sum(), 1e-9, ranked.toString());
                assertEquals(epoch.get("rank/1"), ranked.get(0).score());
                assertEquals(ranked.get(0).sample().get("op"), top.get(0).get("op"), "the export is the most likely");
                assertEquals(ranked.get(0).sample().get("act"), top.get(0).get("act"));
            } else {
                Map<String, List<Double>> p = ArchitectureRanking.of(exp).probabilities();
                assertEquals(p.get("op").get(1) > p.get("op").get(0) ? 1 : 0, top.get(0).get("op"), "the argmax: " + p);
            }
            assertTrue(exp.liveHtml().contains("Architecture probabilities"));
        }
    }

    @Test
    void aCostPenaltyIsASettingOfTheStrategy(@TempDir Path home) throws Exception {
        try (Experiment exp = Experiment.create(OneShotExperimentTest.SPACE, OneShotExperimentTest.evaluator(200),
                OneShot.darts().epochs(1).costPenalty(OneShotSearch.Cost.PARAMETERS, 5))) {
            exp.config().home(home).devicePolicy(DevicePolicy.CPU);
            exp.run();
            assertTrue(exp.trials().get(0).intermediates().get(0).containsKey("expected_cost"),
                    "" + exp.trials().get(0).intermediates());
        }
        assertThrows(IllegalStateException.class, () -> OneShot.randomOneShot().costPenalty(OneShotSearch.Cost.MACS, 1));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> OneShot.darts().architectures(5));
        assertTrue(e.getMessage().contains("randomOneShot"), e.getMessage());
    }

    @Test
    void settingsAreFixedOnceASearchHasStarted(@TempDir Path home) throws Exception {
        OneShot darts = OneShot.darts().epochs(1);
        try (Experiment exp = Experiment.create(OneShotExperimentTest.SPACE, OneShotExperimentTest.evaluator(200), darts)) {
            exp.config().home(home).devicePolicy(DevicePolicy.CPU);
            exp.run();
            assertEquals(1, exp.trials().get(0).intermediates().size());
        }
        // else the running supernet, its views and the strategy's count of epochs would each hold another number
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> darts.epochs(5));
        assertTrue(e.getMessage().startsWith("epochs must be set before start()") && e.getMessage().contains("resume"),
                e.getMessage());
        assertThrows(IllegalStateException.class, () -> darts.warmupEpochs(0));
        assertThrows(IllegalStateException.class, () -> darts.architectureLearningRate(1e-3));
        OneShot spos = OneShot.randomOneShot().epochs(1).architectures(2);
        try (Experiment exp = Experiment.create(OneShotExperimentTest.SPACE, OneShotExperimentTest.evaluator(200), spos)) {
            exp.config().home(home).devicePolicy(DevicePolicy.CPU);
            exp.run();
        }
        assertThrows(IllegalStateException.class, () -> spos.architectures(5));
    }

    /** What a running experiment holds with its strategy (ExperimentEngineTest: refused to a second one). */
    @Test
    void randomOneShotWrapsTheStrategyThatProposesItsArchitectures() {
        Strategy proposer = Strategy.regularizedEvolution();
        assertEquals(List.of(proposer), OneShot.randomOneShot().proposeWith(proposer).wrapped());
        assertEquals(List.of(), OneShot.darts().wrapped(), "DARTS proposes no architectures");
    }

    @Test
    void aNotebookShowsAStrategyByItsNameAndSettings() {
        assertEquals("DARTS(epochs=12, warmupEpochs=4, weightLearningRate=0.025, gradientClip=5.0,"
                + " architectureLearningRate=0.003, unrolled, costPenalty=PARAMETERS x 0.5)",
                OneShot.darts().epochs(12).warmupEpochs(4).architectureLearningRate(3e-3).unrolled(true)
                        .costPenalty(OneShotSearch.Cost.PARAMETERS, 0.5).toString());
        assertEquals("RandomOneShot(epochs=10, warmupEpochs=0, weightLearningRate=0.025, gradientClip=5.0,"
                + " architectures=20, proposeWith=Random(dedup))",
                OneShot.randomOneShot().architectures(20).proposeWith(Strategy.random().dedup(true)).toString());
        assertEquals("TPE(gamma=0.25, startup=10)", Strategy.tpe().startup(10).gamma(0.25).toString());
        assertEquals("MedianStop(Random(dedup))", Middleware.medianStop(Strategy.random().dedup(true)).toString());
    }

    @Test
    void randomOneShotEvolvesArchitecturesScoredByInheritedWeightsAndStoresTheRanking(@TempDir Path home) throws Exception {
        String id;
        try (Experiment exp = Experiment.create(PLANTED, OneShotExperimentTest.evaluator(1280), OneShot.randomOneShot()
                .epochs(10).architectures(4).proposeWith(Strategy.regularizedEvolution().populationSize(2).sampleSize(2)))) {
            exp.config().home(home).devicePolicy(DevicePolicy.CPU);
            exp.run();
            id = exp.id();
            assertEquals(ExperimentStatus.DONE, exp.status());
            assertEquals("RandomOneShot", exp.strategyName());
            List<TrialRecord> trials = exp.trials();
            assertEquals(5, trials.size(), "the supernet, then 4 of the 6 architectures: " + trials);
            assertEquals(10, trials.get(0).intermediates().size());
            assertFalse(trials.get(0).intermediates().get(0).keySet().stream().anyMatch(k -> k.startsWith("prob")),
                    "RandomOneShot learns no probabilities, at the epochs' ends or within them");
            assertEquals(320.0, trials.get(0).intermediates().get(9).get("step"), "but counts its steps: 32 an epoch");
            for (TrialRecord scored : trials.subList(1, 5)) {
                assertEquals(scored.metric().getAsDouble(), scored.finalMetrics().get("inherited_accuracy"), () -> scored.error().orElse(""));
            }
            ArchitectureRanking ranking = ArchitectureRanking.of(exp);
            assertEquals("inherited_accuracy", ranking.scoreName());
            List<ArchitectureRanking.Entry> top = ranking.top(10);
            assertEquals(4, top.size(), "every scored architecture: " + top);
            assertEquals(1, top.get(0).sample().getInt("op"), "the evolution found an architecture that passes the features on: " + top);
            assertTrue(top.get(0).score() > 0.5, "which classifies with the supernet's weights alone: " + top);

            List<Map<String, Object>> dicts = exp.exportTopModels(2, ExportFormat.DICT);
            assertEquals(Set.of("op", "act", "inherited_accuracy", "rank"), dicts.get(0).keySet(), dicts.toString());
            assertEquals(top.get(0).score(), dicts.get(0).get("inherited_accuracy"));
            assertTrue(exp.exportTopModels(1, ExportFormat.CODE).get(0).contains("inherited_accuracy"));
            try (Experiment retrain = exp.retrainTop(2, TrialEvaluator.functional(t -> t.reportFinal(t.sample().getInt("op"))))) {
                retrain.run();
                assertEquals(List.of(top.get(0).sample(), top.get(1).sample()),
                        retrain.trials().stream().map(TrialRecord::sample).toList(), "trial i retrains rank i");
                assertEquals(List.of("rank", "op", "act", "inherited_accuracy", "retrained_metric"),
                        ArchitectureRanking.of(exp).compare(retrain, 2).columnNames());
            }
            String live = exp.liveHtml();
            assertTrue(live.contains("Architectures by inherited-weight accuracy") && !live.contains("Architecture probabilities"),
                    live);
        }
        ExperimentView view = Experiment.view(home, id);
        ArchitectureRanking stored = ArchitectureRanking.of(view);
        assertEquals("inherited_accuracy", stored.scoreName());
        assertEquals(4, stored.top(10).size(), "the scores are stored");
        assertEquals(1, stored.top(1).get(0).sample().getInt("op"));
        assertEquals(10, stored.epochs().size(), "and the supernet's epochs");
        assertTrue(view.text().contains("Architectures by inherited-weight accuracy (4 scored)"), view.text());
    }

    @Test
    void aRandomOneShotStoppedWhileScoringResumesTheSearchWithoutRetrainingTheSupernet(@TempDir Path home) throws Exception {
        String id;
        try (Experiment exp = Experiment.create(PLANTED, OneShotExperimentTest.evaluator(200), sposOfFour())) {
            exp.config().home(home).devicePolicy(DevicePolicy.CPU);
            exp.addListener(new ExperimentListener() {
                @Override
                public void onTrialEnded(TrialRecord trial) {
                    if (trial.sample().size() > 0) {
                        exp.stop(); // after the first scored architecture
                    }
                }
            });
            exp.run();
            id = exp.id();
            assertEquals(ExperimentStatus.STOPPED, exp.status());
            assertTrue(exp.trials().size() < 5, "stopped before the budget: " + exp.trials());
        }
        try (Experiment more = Experiment.resume(home, id, PLANTED, OneShotExperimentTest.evaluator(200), sposOfFour())) {
            more.run();
            assertEquals(ExperimentStatus.DONE, more.status());
            List<TrialRecord> trials = more.trials();
            assertEquals(1, trials.stream().filter(t -> t.sample().size() == 0).count(), "one supernet: " + trials);
            assertEquals(4, trials.stream().filter(t -> t.finalMetrics().containsKey("inherited_accuracy")).count(),
                    "the budget, counted across the resume: " + trials);
            assertEquals(4, trials.stream().map(TrialRecord::sample).filter(s -> s.size() > 0).distinct().count(),
                    "the evolution continued where it stopped (it proposes no architecture twice)");
        }
    }

    private static OneShot sposOfFour() {
        return OneShot.randomOneShot().epochs(1).architectures(4)
                .proposeWith(Strategy.regularizedEvolution().populationSize(2).sampleSize(2));
    }

    @Test
    void randomOneShotRefusesAnEvaluatorThatIsNotAClassifier(@TempDir Path home) {
        RegressionEvaluator regression = RegressionEvaluator.builder()
                .setData(OneShotExperimentTest.planted(40)).build();
        try (Experiment exp = Experiment.create(PLANTED, regression, OneShot.randomOneShot())) {
            exp.config().home(home);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, exp::start);
            assertTrue(e.getMessage().contains("ClassificationEvaluator"), e.getMessage());
        }
    }
}
