package org.jnas.nas.internal.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jnas.nas.space.Choice;
import org.jnas.nas.space.ChoiceKind;
import org.jnas.nas.trial.Direction;
import org.jnas.nas.space.Sample;
import org.jnas.nas.trial.TrialRecord;
import org.jnas.nas.trial.TrialStatus;

/** Experiments and trials for store tests. */
final class StoreFixtures {
    private StoreFixtures() {}

    static final List<Choice> CHOICES = List.of(
            new Choice("conv2", ChoiceKind.LAYER, List.of(0, 1), List.of("conv3x3", "dwsep")),
            new Choice("dropout1", ChoiceKind.VALUE, List.of(0.25, 0.5, 0.75)),
            new Choice("skip", ChoiceKind.INPUT, List.of(List.of(0), List.of(1), List.of(0, 1))));

    static ExperimentInfo info(String id, Direction direction) {
        com.google.gson.JsonObject config = new com.google.gson.JsonObject();
        config.addProperty("maxTrials", 20);
        config.addProperty("trialConcurrency", 2);
        return new ExperimentInfo(id, "search-" + id, config, "mnist", CHOICES, "Random(dedup)", direction);
    }

    static Sample sample(long i) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("conv2", i % 2);
        values.put("dropout1", 0.25 * (1 + i % 3));
        values.put("skip", List.of(0L, 1L));
        return Sample.of(values);
    }

    static TrialRecord running(long id, int steps) {
        Instant t0 = Instant.parse("2026-01-02T03:04:05.123456789Z").plusSeconds(id);
        List<Map<String, Double>> inter = new ArrayList<>();
        for (int s = 0; s < steps; s++) {
            inter.add(Map.of(TrialRecord.DEFAULT_METRIC, 0.1 * s + id / 1000.0));
        }
        return new TrialRecord(id, sample(id), TrialStatus.RUNNING, Optional.of("cpu()"), t0, Optional.of(t0.plusMillis(5)),
                Optional.empty(), inter, Map.of(), Optional.empty(), List.of("epoch " + steps));
    }

    static TrialRecord ended(TrialRecord running, TrialStatus status, double metric) {
        Map<String, Double> fin = status == TrialStatus.SUCCEEDED
                ? Map.of(TrialRecord.DEFAULT_METRIC, metric, "loss", 1 - metric)
                : Map.of();
        return new TrialRecord(running.id(), running.sample(), status, running.device(), running.submitted(),
                running.started(), running.started().map(s -> s.plusSeconds(3)), running.intermediates(), fin,
                Optional.of(status == TrialStatus.FAILED ? "java.lang.IllegalStateException: boom\n\tat X.y(X.java:1)" : ""),
                List.of("line one", "line \"two\" <b>"));
    }
}
