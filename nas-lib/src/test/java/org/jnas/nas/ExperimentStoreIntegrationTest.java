package org.jnas.nas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.jnas.nas.data.Datasets;
import org.jnas.nas.results.ExperimentList;
import org.jnas.nas.internal.store.ExperimentStore;
import org.jnas.nas.internal.store.StoredExperiment;
import org.jnas.nas.results.StoreException;
import org.jnas.nas.results.UnknownExperimentException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;
import org.jnas.nas.results.ExperimentStatus;
import org.jnas.nas.space.ModelSpace;
import org.jnas.nas.space.Reduction;
import org.jnas.nas.space.Sample;
import org.jnas.nas.strategy.Strategy;
import org.jnas.nas.trial.Direction;
import org.jnas.nas.trial.Objective;
import org.jnas.nas.trial.TrialEvaluator;
import org.jnas.nas.trial.TrialRecord;
import org.jnas.nas.trial.TrialStatus;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.jnas.nas.evaluator.ClassificationEvaluator;
import org.jnas.nas.evaluator.RegressionEvaluator;

/** Experiments wired to the store, the reports and the built-in evaluators. */
class ExperimentStoreIntegrationTest {
    @TempDir
    Path home;

    /** The id of a quickstart search of {@code maxTrials} trials, run to its end. */
    private String ranQuickstart(long maxTrials) throws Exception {
        try (Experiment exp = quickstart(maxTrials)) {
            exp.run();
            return exp.id();
        }
    }

    private Experiment quickstart(long maxTrials) {
        Experiment exp = Experiment.create(Quickstart.space(), Quickstart.fake(2), Strategy.random());
        exp.config().name("qs").trialConcurrency(2).maxTrials(maxTrials).seed(7).home(home);
        return exp;
    }

    @Test
    void everyTrialAndIntermediateIsStoredAndListed() throws Exception {
        try (Experiment exp = quickstart(5)) {
            exp.run();
            assertEquals(ExperimentStatus.DONE, exp.status());
            try (ExperimentStore store = ExperimentStore.open(home)) {
                StoredExperiment stored = store.load(exp.id());
                assertEquals(ExperimentStatus.DONE, stored.status());
                assertEquals(Quickstart.space().choices().toString(), stored.info().choices().toString());
                assertEquals(5, stored.trials().size());
                for (TrialRecord live : exp.trials()) {
                    TrialRecord row = stored.trials().stream().filter(t -> t.id() == live.id()).findFirst().orElseThrow();
                    assertEquals(live.sample(), row.sample());
                    assertEquals(TrialStatus.SUCCEEDED, row.status());
                    assertEquals(live.metric().getAsDouble(), row.metric().getAsDouble(), 1e-12);
                    assertEquals(live.intermediateDefaults(), row.intermediateDefaults());
                }
                assertTrue(stored.strategyState().isPresent(), "strategy state saved with the trial ends");
            }
        }
        ExperimentList list = Experiment.list(home);
        assertEquals(1, list.summaries().size());
        assertTrue(list.toString().contains("qs"), list.toString());
        assertTrue(list.html().contains("qs"));
    }

    @Test
    @Timeout(60) // without the flush, the intermediate would wait for the trial's end: the test would hang
    void aReportedResultIsStoredWhileItsTrialStillRuns() throws Exception {
        CountDownLatch stored = new CountDownLatch(1);
        try (Experiment exp = Experiment.create(Quickstart.space(), TrialEvaluator.functional(trial -> {
            trial.reportIntermediate(0.25);
            stored.await();
            trial.reportFinal(0.5);
        }), Strategy.random())) {
            exp.config().name("flushed").trialConcurrency(1).maxTrials(1).home(home);
            exp.start();
            try (ExperimentStore store = ExperimentStore.open(home)) {
                while (store.load(exp.id()).trials().stream().noneMatch(t -> t.intermediates().size() == 1)) {
                    Thread.sleep(5);
                }
            }
            stored.countDown();
            exp.run();
            assertEquals(List.of(0.25), Experiment.view(home, exp.id()).trials().get(0).intermediateDefaults());
        }
    }

    @Test
    void budgetAboveSpaceSizeEndsCleanlyAfterAllEighteen() throws Exception {
        try (Experiment exp = quickstart(20)) {
            exp.run();
            assertEquals(ExperimentStatus.DONE, exp.status());
            assertTrue(exp.endReason().contains("exhausted"), exp.endReason());
            assertEquals(18, exp.trials().size());
            assertEquals(18, exp.trials().stream().map(TrialRecord::sample).distinct().count());
            assertTrue(exp.trials().stream().allMatch(t -> t.status() == TrialStatus.SUCCEEDED));
        }
    }

    @Test
    void aRefusedStartStoresNothingAndTheSameExperimentStartsOnceMended() throws Exception {
        try (Experiment exp = quickstart(2)) {
            exp.config().devicePolicy(DevicePolicy.GPU); // this machine has none
            IllegalStateException e = assertThrows(IllegalStateException.class, exp::start);
            assertTrue(e.getMessage().toLowerCase().contains("gpu"), e.getMessage());
            assertEquals(List.of(), Experiment.list(home).summaries(), "no STOPPED experiment without trials is listed");
            assertEquals(ExperimentStatus.CREATED, exp.status());

            exp.config().devicePolicy(DevicePolicy.CPU);
            exp.run();
            assertEquals(2, exp.trials().size());
        }
        assertEquals(ExperimentStatus.DONE, Experiment.list(home).summaries().get(0).status());
        assertEquals(1, Experiment.list(home).summaries().size());
    }

    @Test
    void aDoneExperimentWhoseResumeCannotStartStaysDone() throws Exception {
        String id = ranQuickstart(2);
        try (Experiment resumed = Experiment.resume(home, id, Quickstart.space(), Quickstart.fake(1), Strategy.random())) {
            resumed.config().devicePolicy(DevicePolicy.GPU).maxTrials(4);
            assertThrows(IllegalStateException.class, resumed::start);
        }
        assertEquals(ExperimentStatus.DONE, Experiment.view(home, id).status());
        assertEquals(2, Experiment.view(home, id).trials().size());
    }

    @Test
    void persistFalseWritesNothing() throws Exception {
        try (Experiment exp = quickstart(3)) {
            exp.config().persist(false);
            exp.run();
            assertEquals(3, exp.trials().size());
        }
        assertFalse(Files.exists(home.resolve(ExperimentStore.FILE_NAME)));
    }

    @Test
    void unwritableStoreDoesNotStopTheSearch() throws Exception {
        Path file = Files.writeString(home.resolve("not-a-dir"), "x");
        try (Experiment exp = quickstart(3)) {
            exp.config().home(file);
            exp.run();
            assertEquals(ExperimentStatus.DONE, exp.status());
            assertEquals(3, exp.trials().stream().filter(t -> t.status() == TrialStatus.SUCCEEDED).count());
            assertEquals(Optional.of("JNAS home cannot be created"), exp.storeProblem(), "and the notebook is told");
        }
    }

    @Test
    void tableViewsAndTerminalProgress() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (Experiment exp = quickstart(4)) {
            exp.config().progressOutput(new PrintStream(bytes, true, StandardCharsets.UTF_8));
            exp.run();
            Table table = exp.table();
            assertEquals(4, table.rowCount());
            assertTrue(table.columnNames().containsAll(List.of("trial", "status", "conv2", "dropout1", "feature", "metric")),
                    table.columnNames().toString());
            String out = bytes.toString(StandardCharsets.UTF_8);
            assertTrue(out.contains("4/4 trials"), out);
            assertTrue(out.contains("feature"), "table printed at the end: " + out);
            assertTrue(exp.toString().contains("4/4 trials") && exp.toString().contains("dropout1"), exp.toString());
            assertTrue(exp.liveHtml().contains("<table"));
            String full = exp.fullHtml();
            assertTrue(full.contains("<svg") && !full.contains("<script"), "charts as SVG, no script");
            assertEquals(4, exp.progress().done());
        }
    }

    @Test
    void viewIsReadOnlyWithTheSameResults() throws Exception {
        String id;
        List<Map<String, Object>> dict;
        try (Experiment exp = quickstart(4)) {
            exp.run();
            id = exp.id();
            dict = exp.exportTopModels(2, ExportFormat.DICT);
        }
        ExperimentView view = Experiment.view(home, id);
        assertEquals(ExperimentStatus.DONE, view.status());
        assertEquals(4, view.trials().size());
        assertEquals(4, view.table().rowCount());
        assertEquals(dict.toString(), view.exportTopModels(2, ExportFormat.DICT).toString());
        assertEquals(OptionalLong.of(4), view.maxTrials());
        IllegalStateException readOnly = assertThrows(IllegalStateException.class, () -> view.config().maxTrials(10));
        assertTrue(readOnly.getMessage().contains("read-only") && readOnly.getMessage().contains("resume"),
                readOnly.getMessage());
        assertThrows(IllegalStateException.class, () -> view.exportTopModels(1, ExportFormat.CODE));
        String code = Experiment.view(home, id, Quickstart.space()).exportTopModels(1, ExportFormat.CODE).get(0);
        assertTrue(code.contains("public static Block build()"), code);
        assertTrue(view.toString().contains("read-only"));
        UnknownExperimentException unknown = assertThrows(UnknownExperimentException.class,
                () -> Experiment.view(home, "nope"));
        assertTrue(unknown.getMessage().contains("nope"));
    }

    @Test
    void resumeContinuesWithoutRepeatingTrials() throws Exception {
        String id;
        Set<Sample> first = new HashSet<>();
        try (Experiment exp = quickstart(6)) {
            exp.run();
            id = exp.id();
            exp.trials().forEach(t -> first.add(t.sample()));
        }
        Experiment resumed = Experiment.resume(home, id, Quickstart.space(), Quickstart.fake(2), Strategy.random());
        try (resumed) {
            assertEquals(id, resumed.id());
            assertEquals(2, resumed.config().trialConcurrency(), "stored configuration restored");
            resumed.config().maxTrials(18);
            resumed.run();
            assertEquals(ExperimentStatus.DONE, resumed.status(), resumed.endReason());
            List<TrialRecord> all = resumed.trials();
            assertEquals(18, all.size());
            assertEquals(18, all.stream().map(TrialRecord::sample).distinct().count(), "no architecture repeated");
            assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L), all.stream().limit(6).map(TrialRecord::id).toList());
            assertEquals(18L, all.get(17).id());
        }
        ExperimentList list = Experiment.list(home);
        assertEquals(1, list.summaries().size(), "same store row");
        assertEquals(18, list.summaries().get(0).trials());
        assertEquals(ExperimentStatus.DONE, list.summaries().get(0).status());
        assertEquals(OptionalLong.of(18), Experiment.view(home, id).maxTrials(), "the configuration it continued with");
    }

    @Test
    void aSpaceOfEnumCharAndShapeValuesResumesWithoutRepeats() throws Exception {
        ModelSpace space = ModelSpace.define("kinds", s -> {
            Reduction merge = s.valueChoice("merge", Reduction.SUM, Reduction.MEAN);
            char padding = s.valueChoice("padding", 'v', 's');
            Shape kernel = s.valueChoice("kernel", new Shape(3, 3), new Shape(5, 5));
            return Linear.builder().setUnits(1 + merge.ordinal() + padding % 2 + kernel.get(0)).build();
        });
        TrialEvaluator fake = TrialEvaluator.functional(t -> t.reportFinal(0.5));
        String id;
        try (Experiment exp = Experiment.create(space, fake, Strategy.random())) {
            exp.config().name("kinds").home(home).maxTrials(3);
            exp.run();
            id = exp.id();
        }
        try (Experiment resumed = Experiment.resume(home, id, space, fake, Strategy.random())) {
            resumed.config().maxTrials(10);
            resumed.run();
            assertEquals(8, resumed.trials().size(), "the space's 8, none repeated");
            assertEquals(8, resumed.trials().stream().map(TrialRecord::sample).distinct().count());
            // the earlier trials hold the space's values again, not what JSON made of them
            Sample first = resumed.trials().get(0).sample();
            assertTrue(first.get("kernel") instanceof Shape && first.get("merge") instanceof Reduction
                    && first.get("padding") instanceof Character, first.values().toString());
            assertEquals("strategy exhausted", resumed.endReason());
        }
    }

    @Test
    void anExperimentResumedTwiceRunsOnceTheSecondStartIsRefused() throws Exception {
        String id = ranQuickstart(2);
        CountDownLatch release = new CountDownLatch(1);
        TrialEvaluator held = trial -> {
            release.await();
            trial.reportFinal(0.5);
        };
        try (Experiment first = Experiment.resume(home, id, Quickstart.space(), held, Strategy.random());
                Experiment second = Experiment.resume(home, id, Quickstart.space(), held, Strategy.random())) {
            first.config().maxTrials(4);
            second.config().maxTrials(4);
            first.start();
            StoreException running = assertThrows(StoreException.class, second::start);
            assertTrue(running.getMessage().startsWith("experiment '" + id + "' is still running in this process"),
                    running.getMessage());
            release.countDown();
            first.await(java.time.Duration.ofSeconds(30));
            // ended, it holds trials the second did not load: its start is refused too, not written over
            StoreException stale = assertThrows(StoreException.class, second::start);
            assertTrue(stale.getMessage().contains("has 4 trials, not the 2 this resume loaded"), stale.getMessage());
            assertEquals(ExperimentStatus.CREATED, second.status());
        }
        assertEquals(4, Experiment.view(home, id).trials().size());
        assertEquals(ExperimentStatus.DONE, Experiment.view(home, id).status());
    }

    @Test
    void resumeRefusesUnknownIdsAndOtherSpaces() throws Exception {
        String id = ranQuickstart(2);
        assertThrows(UnknownExperimentException.class,
                () -> Experiment.resume(home, "missing", Quickstart.space(), Quickstart.fake(1), Strategy.random()));
        ModelSpace other = ModelSpace.define("mnist", s -> new SequentialBlock()
                .add(Linear.builder().setUnits(s.valueChoice("conv2", 1, 2)).build()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Experiment.resume(home, id, other, Quickstart.fake(1), Strategy.random()));
        assertTrue(e.getMessage().contains("choice 'conv2' was LAYER [0, 1] and is now VALUE [1, 2]"), e.getMessage());
        // told by label: which of its choices the other space lacks, and which it adds
        ModelSpace renamed = ModelSpace.define("mnist", s -> new SequentialBlock()
                .add(Linear.builder().setUnits(s.valueChoice("width", 1, 2)).build()));
        e = assertThrows(IllegalArgumentException.class, () -> Experiment.resume(home, id, renamed, Quickstart.fake(1), Strategy.random()));
        assertTrue(e.getMessage().contains("its choices 'conv2', ") && e.getMessage().contains(" not in this space; this space's choice"
                + " 'width' not in it; resume with the space the experiment searched"), e.getMessage());
    }

    @Test
    void resumeWithAnotherStrategyIsRefusedAndTheStoredExperimentKeepsItsStatus() throws Exception {
        String id = ranQuickstart(2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Experiment.resume(home, id, Quickstart.space(), Quickstart.fake(1), Strategy.regularizedEvolution()));
        assertTrue(e.getMessage().contains("Random(dedup)") && e.getMessage().contains("RegularizedEvolution"),
                e.getMessage());
        assertEquals(ExperimentStatus.DONE, Experiment.view(home, id).status(), "the refused resume changed nothing");
        try (Experiment resumed = Experiment.resume(home, id, Quickstart.space(), Quickstart.fake(1), Strategy.random())) {
            resumed.config().maxTrials(3);
            resumed.run();
            assertEquals(3, resumed.trials().size(), "the same strategy still resumes");
        }
    }

    @Test
    void resumeRefusesAnExperimentStillRunning() throws Exception {
        Experiment exp = Experiment.create(Quickstart.space(), TrialEvaluator.functional(trial -> {
            while (!trial.isStopRequested()) {
                Thread.sleep(10);
            }
            trial.reportFinal(0.1);
        }), Strategy.random());
        exp.config().name("busy").home(home).maxTrials(2);
        try (exp) {
            exp.start();
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> Experiment.resume(home, exp.id(), Quickstart.space(), Quickstart.fake(1), Strategy.random()));
            assertTrue(e.getMessage().contains("still running"), e.getMessage());
        }
    }

    @Test
    void directionComesFromBuiltInEvaluatorUnlessSet() {
        var data = Datasets.syntheticRegression(20, 2, x -> x[0], 0.0, 1).split(0.5, 1);
        ModelSpace space = ModelSpace.define("lin", s -> new SequentialBlock()
                .add(Linear.builder().setUnits(s.valueChoice("units", 1, 2)).build()));
        Experiment regression = Experiment.create(space, RegressionEvaluator.builder().setData(data).build(), Strategy.random());
        assertEquals(Direction.MINIMIZE, regression.direction());
        assertEquals(Optional.empty(), regression.config().direction());
        Experiment explicit = Experiment.create(space, RegressionEvaluator.builder().setData(data).build(), Strategy.random());
        explicit.config().direction(Direction.MAXIMIZE).home(home);
        assertEquals(Direction.MAXIMIZE, explicit.direction());
        // which the built-in evaluator contradicts at the start: it would look for the largest error
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, explicit::start);
        assertEquals("the configuration's MAXIMIZE of the default metric disagrees with the RegressionEvaluator, whose"
                + " default metric is better smaller: use Objective.minimize(\"default\") (or leave the direction to the"
                + " evaluator)", e.getMessage());
        Experiment pareto = Experiment.create(space, RegressionEvaluator.builder().setData(data).build(), Strategy.random());
        pareto.config().home(home).objectives(Objective.maximize("default"), Objective.minimize("params"));
        assertThrows(IllegalArgumentException.class, pareto::start, "the docs' objectives, copied onto a regression");
        assertEquals(List.of(), Experiment.list(home).summaries());
        Experiment classification = Experiment.create(space,
                ClassificationEvaluator.builder().setData(data).build(), Strategy.random());
        assertEquals(Direction.MAXIMIZE, classification.direction());
        assertEquals(Direction.MAXIMIZE, Experiment.create(space, Quickstart.fake(1), Strategy.random()).direction());
    }
}
