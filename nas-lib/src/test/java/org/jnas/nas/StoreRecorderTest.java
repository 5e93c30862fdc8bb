package org.jnas.nas;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jnas.nas.internal.store.ExperimentStore;
import org.jnas.nas.internal.store.StoredExperiment;
import org.jnas.nas.results.ExperimentStatus;
import org.jnas.nas.space.Sample;
import org.jnas.nas.strategy.Strategy;
import org.jnas.nas.trial.TrialRecord;
import org.jnas.nas.trial.TrialStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The recorder against a real SQLite store, fed events in the orders threads can deliver them. */
class StoreRecorderTest {
    @TempDir
    Path home;

    @Test
    void aReportOvertakenByItsTrialsEndDoesNotUndoTheEnd() {
        try (Experiment exp = Experiment.create(Quickstart.space(), Quickstart.fake(1), Strategy.random())) {
            exp.config().name("late").home(home);
            StoreRecorder recorder = StoreRecorder.open(exp, ConfigJson.write(exp), "space");
            Instant t0 = Instant.now();
            Sample sample = Sample.of(Map.of("a", 1));
            TrialRecord running = new TrialRecord(1, sample, TrialStatus.RUNNING, Optional.of("cpu()"), t0,
                    Optional.of(t0), Optional.empty(), List.of(), Map.of(), Optional.empty(), List.of());
            // The trial thread took this snapshot with its final result, then waited (for the
            // recorder, busy with a struggling store) while the cancel thread ended the trial.
            TrialRecord lateFinal = new TrialRecord(1, sample, TrialStatus.RUNNING, Optional.of("cpu()"), t0,
                    Optional.of(t0), Optional.empty(), List.of(Map.of("default", 0.5)), Map.of("default", 0.5),
                    Optional.empty(), List.of());
            // ... or took it once the cancel had begun, before the cancel said how it went
            TrialRecord lateCancelling = new TrialRecord(1, sample, TrialStatus.CANCELLED, Optional.of("cpu()"), t0,
                    Optional.of(t0), Optional.of(Instant.now()), List.of(Map.of("default", 0.5)),
                    Map.of("default", 0.5), Optional.of("did not return within the stop grace period"), List.of());
            String why = "did not return within the stop grace period; it was interrupted and has ended";
            TrialRecord cancelled = new TrialRecord(1, sample, TrialStatus.CANCELLED, Optional.of("cpu()"), t0,
                    Optional.of(t0), lateCancelling.ended(), List.of(Map.of("default", 0.5)),
                    Map.of("default", 0.5), Optional.of(why), List.of());
            recorder.trial(running);
            recorder.trialEnded(cancelled, List.of());
            recorder.trial(lateFinal);
            recorder.intermediate(lateFinal);
            recorder.trial(lateCancelling);
            recorder.ended(ExperimentStatus.STOPPED);

            try (ExperimentStore store = ExperimentStore.open(home)) {
                StoredExperiment stored = store.load(exp.id());
                assertEquals(1, stored.trials().size());
                TrialRecord row = stored.trials().get(0);
                assertEquals(TrialStatus.CANCELLED, row.status(), "a trial's end is final: " + row);
                assertEquals(Optional.of(why), row.error());
            }
        }
    }
}
