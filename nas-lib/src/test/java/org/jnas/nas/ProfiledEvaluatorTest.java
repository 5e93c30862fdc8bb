package org.jnas.nas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jnas.nas.internal.store.ExperimentStore;
import org.jnas.nas.profile.Profile;
import org.jnas.nas.results.TrialTable;
import org.jnas.nas.strategy.Strategy;
import org.jnas.nas.trial.Nas;
import org.jnas.nas.trial.TrialEvaluator;
import org.jnas.nas.trial.TrialRecord;
import org.jnas.nas.trial.TrialStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With an input shape set, every trial records its profile as final metrics: columns of the trial table. */
class ProfiledEvaluatorTest {
    private static final Shape IMAGE = new Shape(1, 1, 28, 28);

    @TempDir
    Path home;

    private List<TrialRecord> search(TrialEvaluator evaluator, Shape inputShape, String name) throws Exception {
        try (Experiment exp = Experiment.create(Quickstart.space(), evaluator, Strategy.random())) {
            exp.config().name(name).trialConcurrency(2).maxTrials(6).seed(3).home(home);
            if (inputShape != null) {
                exp.config().inputShape(inputShape);
            }
            exp.run();
            return exp.trials();
        }
    }

    @Test
    void everyTrialRecordsItsParametersAndMacsAsTableColumnsAndInTheStore() throws Exception {
        List<TrialRecord> trials = search(Quickstart.fake(1), IMAGE, "profiled");
        assertEquals(6, trials.size());
        for (TrialRecord t : trials) {
            assertEquals(TrialStatus.SUCCEEDED, t.status(), t.toString());
            Profile expected = Profile.of(Quickstart.space(), t.sample(), IMAGE);
            assertEquals((double) expected.parameters(), t.finalMetrics().get("params"), t.toString());
            assertEquals((double) expected.macs().getAsLong(), t.finalMetrics().get("macs"), t.toString());
            assertEquals(Quickstart.score(t.sample()), t.metric().getAsDouble(), 1e-9, "the search's metric is unchanged");
        }
        TrialTable table = TrialTable.create(trials, Quickstart.space().choices(), org.jnas.nas.trial.Direction.MAXIMIZE);
        List<String> columns = table.table().columnNames();
        assertTrue(columns.contains("params") && columns.contains("macs"), columns.toString());

        try (ExperimentStore store = ExperimentStore.open(home)) {
            String id = store.list().stream().filter(i -> i.name().equals("profiled")).findFirst().orElseThrow().id();
            for (TrialRecord stored : store.load(id).trials()) {
                assertTrue(stored.finalMetrics().containsKey("params") && stored.finalMetrics().containsKey("macs"),
                        stored.toString());
            }
        }
    }

    @Test
    void withoutAnInputShapeNoProfileIsRecorded() throws Exception {
        for (TrialRecord t : search(Quickstart.fake(1), null, "plain")) {
            assertEquals(Map.of("default", Quickstart.score(t.sample())), t.finalMetrics());
        }
    }

    @Test
    void staticReportsGetTheProfileAndTheEvaluatorsOwnMetricOfTheSameNameWins() throws Exception {
        TrialEvaluator evaluator = TrialEvaluator.functional(trial -> {
            if (trial.id() % 2 == 0) {
                Nas.reportFinalResult(0.5);
            } else {
                trial.reportFinal(Map.of("default", 0.5, "params", 7));
            }
        });
        for (TrialRecord t : search(evaluator, IMAGE, "own")) {
            Profile expected = Profile.of(Quickstart.space(), t.sample(), IMAGE);
            double params = t.id() % 2 == 0 ? expected.parameters() : 7;
            assertEquals(params, t.finalMetrics().get("params"), t.toString());
            assertEquals((double) expected.macs().getAsLong(), t.finalMetrics().get("macs"), t.toString());
        }
    }

    @Test
    void aShapeTheModelsCannotTakeLeavesTrialsUnprofiledNotFailed() throws Exception {
        for (TrialRecord t : search(Quickstart.fake(1), new Shape(1, 3), "wrong shape")) {
            assertEquals(TrialStatus.SUCCEEDED, t.status(), t.toString());
            assertFalse(t.finalMetrics().containsKey("params"), t.toString());
            assertTrue(t.log().stream().anyMatch(line -> line.contains("no profile for input shape (1, 3)")), t.log().toString());
        }
    }
}
