package org.jnas.nas.internal.store;

import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.jnas.nas.trial.Direction;
import org.jnas.nas.trial.TrialRecord;
import org.jnas.nas.trial.TrialStatus;

/**
 * Cost of the store's events, as the engine pays it per trial: one trialStarted, five
 * intermediates and one trialEnded (with a strategy state). Prints medians per event kind and per
 * trial (wall clock, and CPU time of the calling thread, which a loaded machine does not inflate) for both
 * durability levels. Not a unit test: run it by hand,
 * {@code java -cp <test class path> org.jnas.nas.internal.store.StoreBenchmark [trials]}.
 */
public final class StoreBenchmark {
    private StoreBenchmark() {}

    public static void main(String[] args) throws Exception {
        int trials = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        for (Durability durability : Durability.values()) {
            Path home = Files.createTempDirectory("jnas-bench");
            try (ExperimentStore store = ExperimentStore.builder().optHome(home).optDurability(durability).build()) {
                ExperimentJournal journal = store.create(StoreFixtures.info("bench", Direction.MAXIMIZE), e -> {
                    throw e;
                });
                JsonObject state = new JsonObject();
                state.addProperty("history", "x".repeat(2000));
                long[] started = new long[trials];
                long[] intermediate = new long[trials * 5];
                long[] ended = new long[trials];
                long[] perTrial = new long[trials];
                long[] cpuPerTrial = new long[trials];
                java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
                for (int i = 0; i < trials; i++) {
                    long id = i + 1;
                    long cpu0 = threads.getCurrentThreadCpuTime();
                    long t0 = System.nanoTime();
                    journal.trialStarted(StoreFixtures.running(id, 0));
                    long t1 = System.nanoTime();
                    started[i] = t1 - t0;
                    for (int s = 1; s <= 5; s++) {
                        TrialRecord r = StoreFixtures.running(id, s);
                        long a = System.nanoTime();
                        journal.intermediate(r);
                        intermediate[i * 5 + s - 1] = System.nanoTime() - a;
                    }
                    TrialRecord done = StoreFixtures.ended(StoreFixtures.running(id, 5), TrialStatus.SUCCEEDED, 0.5);
                    long b = System.nanoTime();
                    journal.trialEnded(done, state);
                    long c = System.nanoTime();
                    ended[i] = c - b;
                    cpuPerTrial[i] = threads.getCurrentThreadCpuTime() - cpu0;
                    perTrial[i] = started[i] + (c - b) + Arrays.stream(intermediate, i * 5, i * 5 + 5).sum();
                }
                System.out.printf("%-13s trials=%d  median ms: trialStarted %.3f  intermediate %.3f  trialEnded %.3f"
                                + "  per trial (1+5+1 events) median %.3f p90 %.3f mean %.3f; CPU per trial median %.3f mean %.3f%n",
                        durability, trials, median(started), median(intermediate), median(ended), median(perTrial),
                        quantile(perTrial, 0.9), Arrays.stream(perTrial).average().orElse(0) / 1e6,
                        median(cpuPerTrial), Arrays.stream(cpuPerTrial).average().orElse(0) / 1e6);
            }
        }
    }

    private static double median(long[] nanos) {
        return quantile(nanos, 0.5);
    }

    private static double quantile(long[] nanos, double q) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return sorted[(int) Math.min(sorted.length - 1, Math.round(q * (sorted.length - 1)))] / 1e6;
    }
}
