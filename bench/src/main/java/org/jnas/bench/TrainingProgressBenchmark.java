package org.jnas.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jnas.nas.DevicePolicy;
import org.jnas.nas.Experiment;
import org.jnas.nas.data.Datasets;
import org.jnas.nas.evaluator.ClassificationEvaluator;
import org.jnas.nas.strategy.Strategy;
import org.jnas.nas.trial.TrainingProgress;
import org.jnas.nas.trial.TrialEvaluator;
import org.jnas.nas.trial.TrialRecord;

/**
 * What reporting a training's progress after every batch costs the built-in evaluators: the wall
 * time of one {@code trial.reportProgress} call in a trial (a record and the engine's note of it),
 * against the time of one training batch of the quickstart space's architectures, side by side in
 * one run. The batch time is an epoch's time from the trial's log ({@code epoch 1/1: ... (N ms)},
 * which includes the validation pass, so it is an upper bound) over its batches.
 *
 * <p>Run: {@code bench/run.sh TrainingProgressBenchmark [--calls 5000000] [--rounds 7] [--trials 6]};
 * needs Fashion-MNIST where {@code Datasets.fashionMnist()} finds it (Debian: {@code apt-get install
 * dataset-fashion-mnist}).
 */
public final class TrainingProgressBenchmark {
    private static final int IMAGES = 2000;
    private static final int BATCH = 64;
    private static final Pattern EPOCH_MS = Pattern.compile("^epoch 1/1: .* \\((\\d+) ms\\)$");

    private TrainingProgressBenchmark() {}

    public static void main(String[] args) throws Exception {
        Options options = Options.parse("TrainingProgressBenchmark", args);
        int calls = options.integer("calls", 5_000_000, "reportProgress calls per timing trial");
        int rounds = options.integer("rounds", 7, "timing trials (the first warms the JIT up and is left out)");
        int trials = options.integer("trials", 6, "quickstart architectures trained for the batch time");
        options.done();

        List<Double> callNanos = new ArrayList<>();
        TrialEvaluator reporting = trial -> {
            long start = System.nanoTime();
            for (int i = 0; i < calls; i++) {
                trial.reportProgress(new TrainingProgress(3, 1, i % 1000, 1000));
            }
            double nanos = (System.nanoTime() - start) / (double) calls;
            synchronized (callNanos) {
                callNanos.add(nanos);
            }
            trial.reportFinal(nanos);
        };
        try (Experiment exp = Experiment.create(QuickstartSpace.create(), reporting, Strategy.gridSearch())) {
            exp.config().name("progress-calls").maxTrials(rounds).trialConcurrency(1).persist(false)
                    .devicePolicy(DevicePolicy.CPU);
            exp.run();
        }
        Stats call = Stats.of(callNanos.subList(1, callNanos.size()));

        ClassificationEvaluator evaluator = ClassificationEvaluator.builder()
                .setData(() -> Datasets.fashionMnist().first(IMAGES, 1000)).optEpochs(1).optBatchSize(BATCH).build();
        List<Double> batchMillis = new ArrayList<>();
        try (Experiment exp = Experiment.create(QuickstartSpace.create(), evaluator, Strategy.gridSearch())) {
            exp.config().name("progress-batches").maxTrials(trials).trialConcurrency(1).persist(false)
                    .devicePolicy(DevicePolicy.CPU);
            exp.run();
            int batches = (IMAGES + BATCH - 1) / BATCH;
            for (TrialRecord t : exp.trials()) {
                for (String line : t.log()) {
                    Matcher m = EPOCH_MS.matcher(line);
                    if (m.matches()) {
                        batchMillis.add(Double.parseDouble(m.group(1)) / batches);
                    }
                }
            }
        }
        if (batchMillis.isEmpty()) {
            throw new IllegalStateException("no trial logged its epoch's time: did the trials fail?");
        }
        Stats batch = Stats.of(batchMillis);
        System.out.printf(Locale.ROOT, "reportProgress: median %.1f ns per call (rounds of %,d calls after 1 warm-up: %s)%n",
                call.median(), calls, Stats.numbers("%.1f", callNanos.subList(1, callNanos.size())));
        System.out.printf(Locale.ROOT, "training batch (%d images, quickstart architectures, epoch incl. validation / %d "
                + "batches): median %.2f ms (trials: %s)%n", BATCH, (IMAGES + BATCH - 1) / BATCH, batch.median(),
                Stats.numbers("%.2f", batchMillis));
        System.out.printf(Locale.ROOT, "share of a batch spent reporting progress: %.1e%n", call.median() / (batch.median() * 1e6));
    }
}
