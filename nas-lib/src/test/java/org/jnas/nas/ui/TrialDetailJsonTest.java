package org.jnas.nas.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.google.gson.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jnas.nas.space.Sample;
import org.jnas.nas.trial.TrainingProgress;
import org.jnas.nas.trial.TrialRecord;
import org.jnas.nas.trial.TrialStatus;
import org.junit.jupiter.api.Test;

class TrialDetailJsonTest {

    /**
     * A supernet trial's epochs carry the probabilities within them for the chart; the trial page's
     * JSON leaves them out (a long search's would be megabytes) and keeps everything else.
     */
    @Test
    void theSupernetsTrialDetailLeavesOutTheChartsPointsWithinItsEpochs() {
        Map<String, Double> epoch = Map.of("step", 10.0, "accuracy", 0.5, "prob/op/0", 0.4, "prob/op/1", 0.6,
                "prob@5/op/0", 0.45, "prob@5/op/1", 0.55);
        TrialRecord supernet = new TrialRecord(1, Sample.empty(), TrialStatus.SUCCEEDED, Optional.of("cpu()"),
                Instant.EPOCH, Optional.of(Instant.EPOCH), Optional.of(Instant.EPOCH), List.of(epoch), Map.of("accuracy", 0.5),
                Optional.empty(), List.of());

        JsonObject detail = JsonViews.trialDetail(supernet, false, Optional.empty());

        JsonObject shown = detail.getAsJsonArray("intermediateMetrics").get(0).getAsJsonObject();
        assertEquals(Set.of("step", "accuracy", "prob/op/0", "prob/op/1"), shown.keySet());
        assertEquals(0.6, shown.get("prob/op/1").getAsDouble());
    }

    /** A running trial's page says how far its training has got; an ended one's does not, whatever is passed. */
    @Test
    void aRunningTrialsDetailCarriesItsTrainingProgress() {
        TrainingProgress progress = new TrainingProgress(5, 1, 37, 100);
        for (TrialStatus status : List.of(TrialStatus.RUNNING, TrialStatus.SUCCEEDED)) {
            TrialRecord trial = new TrialRecord(7, Sample.empty(), status, Optional.of("cpu()"), Instant.EPOCH,
                    Optional.of(Instant.EPOCH), Optional.empty(), List.of(), Map.of(), Optional.empty(), List.of());
            JsonObject detail = JsonViews.trialDetail(trial, false, Optional.of(progress));
            if (status == TrialStatus.RUNNING) {
                JsonObject shown = detail.getAsJsonObject("progress");
                assertEquals(List.of(1, 5, 37, 100), List.of(shown.get("epoch").getAsInt(), shown.get("epochs").getAsInt(),
                        shown.get("step").getAsInt(), shown.get("steps").getAsInt()));
                assertEquals(1.37 / 5, shown.get("fraction").getAsDouble(), 1e-12);
            } else {
                assertFalse(detail.has("progress"), detail::toString);
            }
        }
        assertFalse(JsonViews.trialDetail(new TrialRecord(7, Sample.empty(), TrialStatus.RUNNING, Optional.of("cpu()"),
                Instant.EPOCH, Optional.of(Instant.EPOCH), Optional.empty(), List.of(), Map.of(), Optional.empty(), List.of()),
                false, Optional.empty()).has("progress"));
    }
}
