package org.jnas.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jnas.nas.internal.store.Durability;
import org.jnas.nas.internal.store.ExperimentInfo;
import org.jnas.nas.internal.store.ExperimentJournal;
import org.jnas.nas.internal.store.ExperimentStore;
import org.jnas.nas.space.Choice;
import org.jnas.nas.space.ChoiceKind;
import org.jnas.nas.space.Sample;
import org.jnas.nas.trial.Direction;
import org.jnas.nas.trial.TrialRecord;
import org.jnas.nas.trial.TrialStatus;

/**
 * Cost of the store's events as the engine pays them per trial: the trial's row written at
 * submission, at its start and with its final result ({@code journal.trial}), five intermediates,
 * and the end with the strategy's calls of one trial, 7 texts of about 150 bytes
 * ({@code journal.trialEnded}), each committed before the call returns. Prints, for both durability levels, the median wall time per event kind
 * and per trial (3 + 5 + 1 events), and the calling thread's CPU time per trial, which a loaded
 * machine does not inflate.
 *
 * <p>Run: {@code bench/run.sh StoreBenchmark [--trials 300]}. Measures the store itself
 * ({@code org.jnas.nas.internal.store}), which is why it may use that package.
 */
public final class StoreBenchmark {
    private static final int INTERMEDIATES = 5;
    private static final Instant T0 = Instant.parse("2026-01-02T03:04:05Z");
    private static final List<Choice> CHOICES = List.of(
            new Choice("conv2", ChoiceKind.LAYER, List.of(0, 1)),
            new Choice("dropout1", ChoiceKind.VALUE, List.of(0.25, 0.5, 0.75)),
            new Choice("feature", ChoiceKind.VALUE, List.of(64, 128, 256)));

    private StoreBenchmark() {}

    public static void main(String[] args) throws Exception {
        Options options = Options.parse("StoreBenchmark", args);
        int trials = options.integer("trials", 300, "trials recorded per durability level");
        options.done();

        List<String> calls = Collections.nCopies(2 + INTERMEDIATES, "{\"call\": \"" + "x".repeat(140) + "\"}");
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (Durability durability : Durability.values()) {
            Path home = Files.createTempDirectory("jnas-store-bench");
            try (ExperimentStore store = ExperimentStore.builder().optHome(home).optDurability(durability).build()) {
                ExperimentJournal journal = store.create(info(), e -> {
                    throw e;
                });
                List<Long> rows = new ArrayList<>();
                List<Long> intermediates = new ArrayList<>();
                List<Long> ends = new ArrayList<>();
                long[] perTrial = new long[trials];
                long[] cpuPerTrial = new long[trials];
                for (int i = 0; i < trials; i++) {
                    long id = i + 1;
                    long cpu0 = threads.getCurrentThreadCpuTime();
                    long wall0 = System.nanoTime();
                    rows.add(timed(() -> journal.trial(TrialRecord.submitted(id, sample(id), T0.plusSeconds(id)))));
                    rows.add(timed(() -> journal.trial(trial(id, TrialStatus.RUNNING, 0))));
                    for (int step = 1; step <= INTERMEDIATES; step++) {
                        TrialRecord reported = trial(id, TrialStatus.RUNNING, step);
                        intermediates.add(timed(() -> journal.intermediate(reported)));
                    }
                    TrialRecord done = trial(id, TrialStatus.SUCCEEDED, INTERMEDIATES);
                    rows.add(timed(() -> journal.trial(done)));
                    ends.add(timed(() -> journal.trialEnded(done, calls)));
                    perTrial[i] = System.nanoTime() - wall0;
                    cpuPerTrial[i] = threads.getCurrentThreadCpuTime() - cpu0;
                }
                Stats wall = Stats.of(perTrial).scaled(1e-6);
                Stats cpu = Stats.of(cpuPerTrial).scaled(1e-6);
                System.out.printf("%-13s trials=%d  median ms: trial row %.3f  intermediate %.3f  trialEnded %.3f"
                                + "  per trial (3+5+1 events) median %.3f p90 %.3f mean %.3f; CPU per trial median %.3f mean %.3f%n",
                        durability, trials, Stats.of(rows).scaled(1e-6).median(),
                        Stats.of(intermediates).scaled(1e-6).median(), Stats.of(ends).scaled(1e-6).median(),
                        wall.median(), wall.quantile(0.9), wall.mean(), cpu.median(), cpu.mean());
            }
        }
    }

    private static long timed(Runnable event) {
        long start = System.nanoTime();
        event.run();
        return System.nanoTime() - start;
    }

    private static ExperimentInfo info() {
        com.google.gson.JsonObject config = new com.google.gson.JsonObject();
        config.addProperty("trialConcurrency", 2);
        return new ExperimentInfo("store-bench", "store-bench", config, "mnist", CHOICES, "Random(dedup)",
                Direction.MAXIMIZE);
    }

    private static Sample sample(long id) {
        return Sample.empty().with("conv2", (int) (id % 2)).with("dropout1", 0.25 * (1 + id % 3))
                .with("feature", 64 << (id % 3));
    }

    /** Trial {@code id} with {@code steps} intermediates; a SUCCEEDED one has ended with its final metrics. */
    private static TrialRecord trial(long id, TrialStatus status, int steps) {
        Instant started = T0.plusSeconds(id).plusMillis(5);
        List<Map<String, Double>> reported = new ArrayList<>();
        for (int step = 0; step < steps; step++) {
            reported.add(Map.of(TrialRecord.DEFAULT_METRIC, 0.5 + 0.01 * step));
        }
        boolean ended = status.isDone();
        return new TrialRecord(id, sample(id), status, Optional.of("cpu()"), T0.plusSeconds(id), Optional.of(started),
                ended ? Optional.of(started.plusSeconds(3)) : Optional.empty(), reported,
                ended ? Map.of(TrialRecord.DEFAULT_METRIC, 0.9, "loss", 0.1) : Map.of(), Optional.empty(),
                List.of("epoch " + steps));
    }
}
