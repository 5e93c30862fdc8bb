package org.jnas.nas.results;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Optional;
import org.jnas.nas.space.Choice;
import org.jnas.nas.space.ChoiceKind;
import org.jnas.nas.space.Sample;
import org.jnas.nas.trial.TrialRecord;
import org.jnas.nas.trial.TrialStatus;

/** A quickstart-like search of 20 trials: 16 succeeded, 2 failed, 1 running, 1 waiting. */
final class ReportFixtures {
    private ReportFixtures() {}

    static final List<Choice> CHOICES = List.of(
            new Choice("conv2", ChoiceKind.LAYER, List.of(0, 1)),
            new Choice("dropout1", ChoiceKind.VALUE, List.of(0.25, 0.5, 0.75)),
            new Choice("feature", ChoiceKind.VALUE, List.of(64, 128, 256)));

    static final Instant T0 = Instant.parse("2026-11-30T09:00:00Z");

    static List<TrialRecord> trials() {
        Random rnd = new Random(7);
        List<TrialRecord> out = new ArrayList<>();
        for (long id = 1; id <= 20; id++) {
            Map<String, Object> v = new LinkedHashMap<>();
            int conv = rnd.nextInt(2);
            double dropout = List.of(0.25, 0.5, 0.75).get(rnd.nextInt(3));
            int feature = List.of(64, 128, 256).get(rnd.nextInt(3));
            v.put("conv2", conv);
            v.put("dropout1", dropout);
            v.put("feature", feature);
            Sample sample = Sample.of(v);
            double target = 0.9 + 0.03 * conv - 0.05 * (dropout - 0.25) + 0.01 * Math.log(feature / 64.0) + 0.01 * rnd.nextGaussian();
            TrialStatus status = id == 5 || id == 13 ? TrialStatus.FAILED
                    : id == 19 ? TrialStatus.RUNNING : id == 20 ? TrialStatus.WAITING : TrialStatus.SUCCEEDED;
            Instant submitted = T0.plusSeconds(10 * id);
            Instant started = status == TrialStatus.WAITING ? null : submitted.plusSeconds(1);
            Instant ended = status.isDone() ? started.plusMillis(8000 + 100 * id) : null;
            List<Map<String, Double>> inter = new ArrayList<>();
            int steps = status == TrialStatus.SUCCEEDED ? 3 : status == TrialStatus.WAITING ? 0 : 1;
            for (int s = 0; s < steps; s++) {
                inter.add(Map.of(TrialRecord.DEFAULT_METRIC, target - 0.08 / (s + 1)));
            }
            Map<String, Double> fin = status == TrialStatus.SUCCEEDED
                    ? Map.of(TrialRecord.DEFAULT_METRIC, target, "loss", 1 - target) : Map.of();
            out.add(new TrialRecord(id, sample, status, Optional.of(status == TrialStatus.WAITING ? "" : "cpu()"), submitted,
                    Optional.ofNullable(started), Optional.ofNullable(ended), inter, fin,
                    Optional.of(status == TrialStatus.FAILED ? "java.lang.OutOfMemoryError: <too big> & more" : ""), List.of()));
        }
        return out;
    }

    /**
     * A long search of {@code n} trials on {@link #CHOICES}, ids 1..n: accuracies out of 1,500
     * test images (many digits), 5 intermediates each, every 50th failed, every 100th early
     * stopped, and the last {@code running} still running.
     */
    static List<TrialRecord> manyTrials(int n, int running) {
        Random rnd = new Random(11);
        List<TrialRecord> out = new ArrayList<>(n);
        for (long id = 1; id <= n; id++) {
            int conv = rnd.nextInt(2);
            double dropout = List.of(0.25, 0.5, 0.75).get(rnd.nextInt(3));
            int feature = List.of(64, 128, 256).get(rnd.nextInt(3));
            Sample sample = Sample.empty().with("conv2", conv).with("dropout1", dropout).with("feature", feature);
            double accuracy = Math.round((0.85 + 0.03 * conv - 0.05 * dropout + 0.02 * rnd.nextGaussian()) * 1500) / 1500.0;
            TrialStatus status = id > n - running ? TrialStatus.RUNNING
                    : id % 50 == 7 ? TrialStatus.FAILED : id % 100 == 13 ? TrialStatus.EARLY_STOPPED : TrialStatus.SUCCEEDED;
            List<Map<String, Double>> inter = new ArrayList<>();
            for (int step = 1; step <= (status == TrialStatus.SUCCEEDED ? 5 : 1); step++) {
                inter.add(Map.of(TrialRecord.DEFAULT_METRIC, accuracy - 0.1 / step));
            }
            Instant submitted = T0.plusSeconds(id);
            out.add(new TrialRecord(id, sample, status, Optional.of("cpu()"), submitted, Optional.of(submitted.plusMillis(5)),
                    status.isDone() ? Optional.of(submitted.plusMillis(900)) : Optional.empty(), inter,
                    status == TrialStatus.SUCCEEDED ? Map.of(TrialRecord.DEFAULT_METRIC, accuracy, "loss", 1 - accuracy) : Map.of(),
                    Optional.of(status == TrialStatus.FAILED ? "java.lang.IllegalStateException: diverged" : ""), List.of()));
        }
        return out;
    }
}
