package org.jnas.nas.bench;

import com.google.gson.JsonParser;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.jnas.nas.strategy.Capacity;
import org.jnas.nas.trial.Direction;
import org.jnas.nas.strategy.Proposal;
import org.jnas.nas.strategy.Strategy;
import org.jnas.nas.strategy.TrialOutcome;
import org.jnas.nas.strategy.RegretStudy;
import org.jnas.nas.strategy.TestSpace;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Strategy benchmark: (1) overhead per proposed sample (propose + learning its result) on a space of
 * 20 labels x 5 candidates over 1,000 trials, median per strategy; (2) the size of the saved state
 * after those trials and the time to restore it; (3) the regret table of {@link RegretStudy}
 * (strategies x budgets, 50 seeds, both directions).
 *
 * <p>Not part of the test suite: its name does not match surefire's test patterns, so it runs only
 * when asked for: {@code mvn -o -q -B -pl nas-lib test -Dtest=StrategyBenchmark}.
 */
@Tag("benchmark")
class StrategyBenchmark {
    private static final int TRIALS = 1000;

    @Test
    void run() {
        main(new String[0]);
    }

    public static void main(String[] args) {
        Map<String, Supplier<Strategy>> large = new LinkedHashMap<>();
        large.put("Random", Strategy::random);
        large.put("GridSearch", Strategy::gridSearch);
        large.put("RegularizedEvolution", Strategy::regularizedEvolution);
        large.put("TPE", Strategy::tpe);
        large.put("PolicyBasedRL", Strategy::policyBasedRL);
        System.out.printf("Overhead per proposed sample (thread CPU time), 20 labels x 5 candidates, %d trials, default settings%n", TRIALS);
        System.out.printf("%-22s %12s %12s %12s%n", "strategy", "median ms", "p90 ms", "total ms");
        TestSpace space = TestSpace.grid(20, 5);
        for (Map.Entry<String, Supplier<Strategy>> e : large.entrySet()) {
            overhead(e.getValue().get(), space, 1); // warm-up run for the JIT
            double[] ms = overhead(e.getValue().get(), space, 2);
            double[] sorted = ms.clone();
            Arrays.sort(sorted);
            System.out.printf("%-22s %12.4f %12.4f %12.1f%n", e.getKey(), sorted[sorted.length / 2],
                    sorted[(int) (sorted.length * 0.9)], Arrays.stream(ms).sum());
        }

        System.out.printf("%nSave and restore after %d trials (state = seed + ask/tell log; restore replays it)%n", TRIALS);
        System.out.printf("%-22s %12s %24s%n", "strategy", "state KB", "restore CPU ms (best of 3)");
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        for (Map.Entry<String, Supplier<Strategy>> e : large.entrySet()) {
            Strategy s = e.getValue().get();
            overhead(s, space, 3);
            String state = s.saveState().toString();
            double best = Double.MAX_VALUE;
            for (int rep = 0; rep < 3; rep++) { // the first restore also pays for JIT warm-up
                Strategy fresh = e.getValue().get();
                fresh.start(space, Direction.MAXIMIZE, 3);
                long t0 = cpu.getCurrentThreadCpuTime();
                fresh.restoreState(JsonParser.parseString(state).getAsJsonObject());
                best = Math.min(best, (cpu.getCurrentThreadCpuTime() - t0) / 1e6);
            }
            System.out.printf("%-22s %12d %24.1f%n", e.getKey(), state.length() / 1024, best);
        }

        int seeds = 50;
        int[] budgets = {25, 50, 100, 200};
        RegretStudy study = new RegretStudy(seeds);
        Map<String, Supplier<Strategy>> strategies = regretStrategies();
        for (Direction direction : Direction.values()) {
            System.out.printf("%nMean regret ± standard error, %s, %d seeds, %d labels x %d candidates, %d trials at a time%n",
                    direction, seeds, RegretStudy.LABELS, RegretStudy.CANDIDATES, RegretStudy.CONCURRENCY);
            StringBuilder header = new StringBuilder(String.format("%-40s", "strategy \\ budget"));
            for (int b : budgets) {
                header.append(String.format("%16d", b));
            }
            System.out.println(header);
            for (Map.Entry<String, Supplier<Strategy>> e : strategies.entrySet()) {
                StringBuilder row = new StringBuilder(String.format("%-40s", e.getKey()));
                for (int b : budgets) {
                    row.append(String.format("%16s", study.regret(e.getValue(), direction, b)));
                }
                System.out.println(row);
            }
        }
    }

    /** The strategies of the regret table, set up for budgets of 25 to 200 trials. */
    public static Map<String, Supplier<Strategy>> regretStrategies() {
        Map<String, Supplier<Strategy>> m = new LinkedHashMap<>();
        m.put("Random", Strategy::random);
        m.put("RegularizedEvolution(pop 20, sample 5)", () -> Strategy.regularizedEvolution().populationSize(20).sampleSize(5));
        m.put("TPE(startup 10)", () -> Strategy.tpe().startup(10));
        m.put("PolicyBasedRL", Strategy::policyBasedRL);
        return m;
    }

    /**
     * Milliseconds of this thread's CPU time spent in the strategy per trial, one trial at a time.
     * CPU time rather than wall time, because the build machine is shared and a wall clock there
     * mostly measures the other processes' time slices.
     */
    private static double[] overhead(Strategy strategy, TestSpace space, long seed) {
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        strategy.start(space, Direction.MAXIMIZE, seed);
        List<Double> ms = new ArrayList<>();
        for (int i = 0; i < TRIALS; i++) {
            long t0 = cpu.getCurrentThreadCpuTime();
            Proposal p = strategy.propose(new Capacity(1, 0, TRIALS - i));
            long t1 = cpu.getCurrentThreadCpuTime();
            if (!p.isSample()) {
                break;
            }
            double metric = additive(p.sample());
            long t2 = cpu.getCurrentThreadCpuTime();
            strategy.onTrialEnd(TrialOutcome.succeeded(i, p.sample(), metric));
            long t3 = cpu.getCurrentThreadCpuTime();
            ms.add(((t1 - t0) + (t3 - t2)) / 1e6);
        }
        return ms.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** A cheap objective for the overhead run: label i's value times (i + 1). */
    private static double additive(org.jnas.nas.space.Sample s) {
        double v = 0;
        int i = 0;
        for (Object value : s.values().values()) {
            v += ((Number) value).doubleValue() * ++i;
        }
        return v;
    }
}
