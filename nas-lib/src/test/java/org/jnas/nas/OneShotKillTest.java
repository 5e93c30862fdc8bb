package org.jnas.nas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jnas.nas.oneshot.OneShot;
import org.jnas.nas.results.ExperimentStatus;
import org.jnas.nas.testing.ChildJvm;
import org.jnas.nas.trial.TrialRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A one-shot search whose process is killed resumes from the checkpoint of its last completed epoch. */
@Timeout(180)
class OneShotKillTest {

    @Test
    void aKilledSearchResumesFromItsLastCheckpoint(@TempDir Path home) throws Exception {
        ChildJvm.Result child = ChildJvm.create(KilledOneShotMain.class, home.toString())
                .optJvmOption("-Dai.djl.offline=true")
                .killWhen(out -> out.contains("epoch 1"));
        assertEquals(ChildJvm.SIGKILL_EXIT, child.exitCode(), "killed by SIGKILL: " + child.describe());
        assertFalse(child.lines().contains("done"), "killed before the end");
        String id = child.lines().get(0).substring("id ".length());
        ExperimentView crashed = Experiment.view(home, id);
        assertEquals(ExperimentStatus.CRASHED, crashed.status());
        // epoch 1's report may not have reached the store (a kill loses up to 20 ms of reports); its checkpoint has
        List<Map<String, Double>> before = crashed.trials().get(0).intermediates();
        assertTrue(before.size() < 3, "killed before the end: " + before.size());

        try (Experiment more = Experiment.resume(home, id, OneShotExperimentTest.SPACE, OneShotExperimentTest.evaluator(4000),
                OneShot.darts().epochs(3))) {
            more.run();
            assertEquals(ExperimentStatus.DONE, more.status(), more.endReason());
            TrialRecord last = more.trials().get(more.trials().size() - 1);
            assertEquals(3, last.intermediates().size(), "the stored epochs, then the rest");
            assertTrue(last.log().stream().anyMatch(l -> l.contains("continuing from the supernet checkpoint")), last.log().toString());
            for (int epoch = 0; epoch < before.size(); epoch++) {
                assertEquals(before.get(epoch), last.intermediates().get(epoch), "stored epochs come from the checkpoint, not trained again");
            }
        }
    }
}
