package org.jnas.nas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jnas.nas.internal.store.ExperimentStore;
import org.jnas.nas.internal.store.StoredExperiment;
import org.jnas.nas.results.ExperimentSummary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jnas.nas.results.ExperimentStatus;
import org.jnas.nas.strategy.Strategy;
import org.jnas.nas.testing.ChildJvm;
import org.jnas.nas.trial.TrialRecord;
import org.jnas.nas.trial.TrialStatus;

/**
 * SIGKILL a JVM running a real experiment: every trial whose end a listener saw is in the store
 * with all its results, a trial still running has a prefix of what it reported, the experiment
 * lists as CRASHED, and resume rebuilds the strategy from its stored calls and finishes the search
 * without repeating a trial.
 */
class ExperimentKillTest {
    @TempDir
    Path home;

    @Test
    void killedExperimentLosesNothingReportedAndResumes() throws Exception {
        ChildJvm.Result child = ChildJvm.create(KilledExperimentMain.class, home.toString())
                .optJvmOption("-Dai.djl.offline=true")
                .killWhen(out -> out.stream().filter(line -> line.startsWith("ended ")).count() == 5);
        List<String> lines = child.lines();
        assertEquals(ChildJvm.SIGKILL_EXIT, child.exitCode(), "killed by SIGKILL: " + child.describe());
        assertFalse(lines.contains("done"), "killed before the end");
        String id = lines.get(0).substring("id ".length());

        ExperimentView stored = Experiment.view(home, id);
        assertEquals(ExperimentStatus.CRASHED, stored.status());
        // its clock stopped where its process did, rather than running on with the wall clock
        java.time.Duration elapsed = stored.elapsed();
        Thread.sleep(1100);
        assertEquals(elapsed, Experiment.view(home, id).elapsed());
        ExperimentSummary summary = Experiment.list(home).summaries().get(0);
        assertEquals(ExperimentStatus.CRASHED, summary.status());
        Map<Long, TrialRecord> byId = new HashMap<>();
        stored.trials().forEach(t -> byId.put(t.id(), t));
        Set<Long> endedBeforeTheKill = new HashSet<>();
        lines.stream().filter(l -> l.startsWith("ended ")).forEach(l -> endedBeforeTheKill.add(Long.parseLong(l.split(" ")[1])));
        int checked = 0;
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(" ");
            long trialId = Long.parseLong(f[1]);
            TrialRecord t = byId.get(trialId);
            if (!endedBeforeTheKill.contains(trialId)) {
                // a running trial may lack its reports of the last moments (at most the flush delay)
                if (f[0].equals("intermediate") && t != null && t.intermediates().size() > Integer.parseInt(f[2])) {
                    assertEquals(Double.parseDouble(f[3]), t.intermediateDefaults().get(Integer.parseInt(f[2])), line);
                }
                continue;
            }
            assertTrue(t != null, "stored: " + line);
            if (f[0].equals("intermediate")) {
                int step = Integer.parseInt(f[2]);
                assertTrue(t.intermediates().size() > step, line);
                assertEquals(Double.parseDouble(f[3]), t.intermediateDefaults().get(step), line);
            } else if (f[0].equals("final")) {
                assertEquals(Double.parseDouble(f[2]), t.finalMetrics().get(TrialRecord.DEFAULT_METRIC), line);
            } else {
                assertEquals("ended", f[0], line);
                assertEquals(TrialStatus.SUCCEEDED, t.status(), line);
                assertEquals(Double.parseDouble(f[2]), t.metric().getAsDouble(), line);
            }
            checked++;
        }
        assertTrue(checked >= 35, "5 trials with 5 intermediates, a final result and an end each: " + checked);
        // a trial the kill interrupted ended, as far as anyone knows, at its last report (40 ms apart), not as it started
        List<TrialRecord> interrupted = stored.trials().stream().filter(t -> t.status() == TrialStatus.CANCELLED
                && t.intermediates().size() >= 2).toList();
        interrupted.forEach(t -> assertTrue(t.duration().toMillis() >= 30, "trial " + t.id() + " with "
                + t.intermediates().size() + " reports lasted " + t.duration()));

        try (ExperimentStore store = ExperimentStore.open(home)) {
            // no whole state is saved before a search ends: the resume below rebuilds the strategy from its calls
            StoredExperiment crashed = store.load(id);
            assertEquals(Optional.empty(), crashed.strategyState());
            assertTrue(crashed.strategyCalls().stream().filter(c -> c.startsWith("{\"end\"")).count() >= 5,
                    "the strategy's calls up to each stored trial end: " + crashed.strategyCalls().size());
        }

        Map<Long, TrialRecord> succeeded = new HashMap<>();
        stored.trials().stream().filter(t -> t.status() == TrialStatus.SUCCEEDED).forEach(t -> succeeded.put(t.id(), t));
        long storedMax = stored.trials().stream().mapToLong(TrialRecord::id).max().orElseThrow();
        try (Experiment resumed = Experiment.resume(home, id, Quickstart.space(), Quickstart.fake(1), Strategy.random())) {
            resumed.run();
            assertEquals(ExperimentStatus.DONE, resumed.status(), resumed.endReason());
            List<TrialRecord> all = resumed.trials();
            for (TrialRecord before : succeeded.values()) {
                TrialRecord after = all.stream().filter(t -> t.id() == before.id()).findFirst().orElseThrow();
                assertEquals(before.sample(), after.sample());
                assertEquals(before.metric().getAsDouble(), after.metric().getAsDouble(), "finished trial kept, not rerun");
            }
            assertTrue(all.stream().filter(t -> t.id() > storedMax).count() > 0, "new trials numbered after the stored ones");
            assertEquals(18, all.size(), "maxTrials 18 counts the earlier trials");
            assertEquals(all.stream().filter(t -> t.status() == TrialStatus.SUCCEEDED).count(),
                    all.stream().filter(t -> t.status() == TrialStatus.SUCCEEDED).map(TrialRecord::sample).distinct().count(),
                    "no architecture trained twice to the end");
        }
        assertEquals(ExperimentStatus.DONE, Experiment.list(home).summaries().get(0).status());
        assertEquals(1, Experiment.list(home).summaries().size());
        assertEquals(List.of(), Experiment.view(home, id).trials().stream().filter(t -> !t.status().isDone()).toList(),
                "trials the kill interrupted are stored CANCELLED, not left running");
    }
}
