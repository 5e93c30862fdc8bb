package org.jnas.nas.internal.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jnas.nas.results.ExperimentStatus;
import org.jnas.nas.testing.ChildJvm;
import org.jnas.nas.trial.TrialRecord;
import org.jnas.nas.trial.TrialStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SIGKILL a JVM in the middle of writing: every event it reported as written must be stored. */
class KillTest {
    @TempDir
    Path home;

    @Test
    void killedProcessLosesNoReportedEventAndReadsCrashed() throws Exception {
        // killed with SIGKILL after 300 lines: no shutdown hooks, no finally blocks
        ChildJvm.Result child = ChildJvm.create(CrashingWriter.class, home.toString(), "killed")
                .killWhen(out -> out.size() == 300);
        List<String> lines = child.lines();
        assertEquals(ChildJvm.SIGKILL_EXIT, child.exitCode(), "killed by SIGKILL: " + child.describe());
        assertFalse(lines.stream().anyMatch(l -> l.startsWith("error")), String.join("\n", lines));
        assertTrue(lines.size() >= 300, "lines: " + lines.size());

        try (ExperimentStore store = ExperimentStore.open(home)) {
            StoredExperiment exp = store.load("killed");
            assertEquals(ExperimentStatus.CRASHED, exp.status());
            assertEquals(ExperimentStatus.CRASHED, store.list().get(0).status());
            Map<Long, TrialRecord> trials = new HashMap<>();
            exp.trials().forEach(t -> trials.put(t.id(), t));
            int checked = 0;
            for (String line : lines) {
                String[] f = line.split(" ");
                switch (f[0]) {
                    case "started" -> assertTrue(trials.containsKey(Long.parseLong(f[1])), line);
                    case "intermediate" -> {
                        TrialRecord t = trials.get(Long.parseLong(f[1]));
                        int step = Integer.parseInt(f[2]);
                        assertTrue(t != null && t.intermediates().size() > step, line);
                        assertEquals(Double.parseDouble(f[3]), t.intermediateDefaults().get(step), line);
                    }
                    case "ended" -> {
                        TrialRecord t = trials.get(Long.parseLong(f[1]));
                        assertEquals(TrialStatus.SUCCEEDED, t.status(), line);
                        assertEquals(Double.parseDouble(f[2]), t.metric().orElseThrow(), line);
                    }
                    case "created" -> assertEquals("killed", f[1]);
                    default -> throw new AssertionError("unexpected line " + line);
                }
                checked++;
            }
            assertEquals(lines.size(), checked);
        }
    }
}
