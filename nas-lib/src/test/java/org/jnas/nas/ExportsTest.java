package org.jnas.nas;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jnas.nas.space.Choice;
import org.jnas.nas.space.ChoiceKind;
import org.jnas.nas.space.Sample;
import org.jnas.nas.trial.TrialRecord;
import org.jnas.nas.trial.TrialStatus;
import org.junit.jupiter.api.Test;

/** The DICT form of an exported trial, and how a CODE export describes its sample. */
class ExportsTest {

    @Test
    void dictHoldsChoicesThenMetricsAndTrialId() {
        TrialRecord trial = new TrialRecord(5, Sample.of(Map.of("conv2", 1)), TrialStatus.SUCCEEDED, Optional.of("cpu()"),
                java.time.Instant.now(), Optional.empty(), Optional.empty(), List.of(), Map.of("default", 0.87, "loss", 0.3),
                Optional.empty(), List.of());
        assertEquals(List.of("conv2", "metric", "loss", "trial"), new ArrayList<>(Exports.dict(trial).keySet()));
        assertEquals(Map.of("conv2", 1, "metric", 0.87, "loss", 0.3, "trial", 5L), Exports.dict(trial));
    }

    @Test
    void metricsNamedLikeJnasKeysOrLabelsArePrefixedSoTrialIsAlwaysTheId() {
        TrialRecord trial = new TrialRecord(2, Sample.of(Map.of("loss", 8)), TrialStatus.SUCCEEDED, Optional.of("cpu()"),
                java.time.Instant.now(), Optional.empty(), Optional.empty(), List.of(),
                Map.of("default", 0.7, "metric", 123.0, "trial", 77.0, "loss", 9.0, "pareto", 1.0), Optional.empty(), List.of());
        assertEquals(Map.of("loss", 8, "metric", 0.7, "metric.metric", 123.0, "metric.trial", 77.0, "metric.loss", 9.0,
                "pareto", 1.0, "trial", 2L), Exports.dict(trial));
    }

    @Test
    void codeExportsDescribeTheSampleWithTheCandidatesNames() {
        Sample sample = Sample.empty().with("conv2", 1).with("feature", 128);
        List<Choice> choices = List.of(new Choice("conv2", ChoiceKind.LAYER, List.of(0, 1), List.of("conv3x3", "dwsep")),
                new Choice("feature", ChoiceKind.VALUE, List.of(64, 128)));
        assertEquals("{conv2=1 dwsep, feature=128}", sample.describe(choices));
        assertEquals("{conv2=1, feature=128}", sample.describe(List.of()), "a label without its choice: the value");
    }
}
