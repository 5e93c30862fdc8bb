package org.jnas.nas;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jnas.nas.space.Sample;
import org.jnas.nas.trial.TrialRecord;
import org.jnas.nas.trial.TrialStatus;
import org.junit.jupiter.api.Test;

/** The DICT form of an exported trial. */
class ExportsTest {

    @Test
    void dictHoldsChoicesThenMetricsAndTrialId() {
        TrialRecord trial = new TrialRecord(5, Sample.of(Map.of("conv2", 1)), TrialStatus.SUCCEEDED, Optional.of("cpu()"),
                java.time.Instant.now(), Optional.empty(), Optional.empty(), List.of(), Map.of("default", 0.87, "loss", 0.3),
                Optional.empty(), List.of());
        assertEquals(List.of("conv2", "metric", "loss", "trial"), new ArrayList<>(Exports.dict(trial).keySet()));
        assertEquals(Map.of("conv2", 1, "metric", 0.87, "loss", 0.3, "trial", 5L), Exports.dict(trial));
    }
}
