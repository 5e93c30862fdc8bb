package org.jnas.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Supplier;
import org.jnas.nas.space.Sample;
import org.jnas.nas.strategy.Capacity;
import org.jnas.nas.strategy.Proposal;
import org.jnas.nas.strategy.Strategy;
import org.jnas.nas.strategy.StrategyState;
import org.jnas.nas.strategy.TrialOutcome;
import org.jnas.nas.trial.Direction;

/**
 * Strategies on their own, without an experiment: (1) the overhead per proposed sample (propose +
 * learning its result) on a space of 20 labels x 5 candidates over 1,000 trials, one at a time,
 * median and 90th percentile per strategy after a warm-up run; (2) the size of the saved state
 * after those trials and the time to restore it; (3) the regret table of {@link Regret}
 * (strategies x budgets 25, 50, 100, 200, 50 seeds, both directions). Times are the benchmark
 * thread's CPU time: on a shared machine a wall clock mostly measures the other processes.
 *
 * <p>Run: {@code bench/run.sh StrategyBenchmark [--trials 1000] [--seeds 50]}; {@code --seeds 0}
 * leaves the regret table out.
 */
public final class StrategyBenchmark {
    private static final int[] BUDGETS = {25, 50, 100, 200};
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    private StrategyBenchmark() {}

    public static void main(String[] args) {
        Options options = Options.parse("StrategyBenchmark", args);
        int trials = options.integer("trials", 1000, "trials per strategy in the overhead and restore runs");
        int seeds = options.integer("seeds", 50, "random objectives per cell of the regret table (0: no table)");
        options.done();

        Map<String, Supplier<Strategy>> defaults = new LinkedHashMap<>();
        defaults.put("Random", Strategy::random);
        defaults.put("GridSearch", Strategy::gridSearch);
        defaults.put("RegularizedEvolution", Strategy::regularizedEvolution);
        defaults.put("TPE", Strategy::tpe);
        defaults.put("PolicyBasedRL", Strategy::policyBasedRL);
        GridSpace space = new GridSpace(20, 5);

        System.out.printf("Overhead per proposed sample (thread CPU time), 20 labels x 5 candidates, %d trials,"
                + " default settings%n", trials);
        System.out.printf("%-22s %12s %12s %12s%n", "strategy", "median ms", "p90 ms", "total ms");
        for (Map.Entry<String, Supplier<Strategy>> e : defaults.entrySet()) {
            overhead(e.getValue().get(), space, 1, trials); // warm-up run for the JIT
            Stats ms = overhead(e.getValue().get(), space, 2, trials);
            System.out.printf("%-22s %12.4f %12.4f %12.1f%n", e.getKey(), ms.median(), ms.quantile(0.9), ms.sum());
        }

        System.out.printf("%nSave and restore after %d trials (state = seed + ask/tell log; restore replays it)%n", trials);
        System.out.printf("%-22s %12s %24s%n", "strategy", "state KB", "restore CPU ms (best of 3)");
        for (Map.Entry<String, Supplier<Strategy>> e : defaults.entrySet()) {
            Strategy searched = e.getValue().get();
            overhead(searched, space, 3, trials);
            String state = searched.saveState().json();
            double best = Double.MAX_VALUE;
            for (int rep = 0; rep < 3; rep++) { // the first restore also pays for JIT warm-up
                Strategy fresh = e.getValue().get();
                fresh.start(space, Direction.MAXIMIZE, 3);
                long t0 = CPU.getCurrentThreadCpuTime();
                fresh.restoreState(StrategyState.of(state));
                best = Math.min(best, (CPU.getCurrentThreadCpuTime() - t0) / 1e6);
            }
            System.out.printf("%-22s %12d %24.1f%n", e.getKey(), state.length() / 1024, best);
        }

        if (seeds > 0) {
            regretTable(seeds);
        }
    }

    private static void regretTable(int seeds) {
        Map<String, Supplier<Strategy>> strategies = new LinkedHashMap<>();
        strategies.put("Random", Strategy::random);
        strategies.put("RegularizedEvolution(pop 20, sample 5)",
                () -> Strategy.regularizedEvolution().populationSize(20).sampleSize(5));
        strategies.put("TPE(startup 10)", () -> Strategy.tpe().startup(10));
        strategies.put("PolicyBasedRL", Strategy::policyBasedRL);
        Regret regret = new Regret(seeds);
        for (Direction direction : Direction.values()) {
            System.out.printf("%nMean regret ± standard error, %s, %d seeds, %d labels x %d candidates, %d trials at a time%n",
                    direction, seeds, Regret.LABELS, Regret.CANDIDATES, Regret.CONCURRENCY);
            StringBuilder header = new StringBuilder(String.format("%-40s", "strategy \\ budget"));
            for (int budget : BUDGETS) {
                header.append(String.format("%16d", budget));
            }
            System.out.println(header);
            for (Map.Entry<String, Supplier<Strategy>> e : strategies.entrySet()) {
                StringBuilder row = new StringBuilder(String.format("%-40s", e.getKey()));
                for (int budget : BUDGETS) {
                    row.append(String.format("%16s", regret.of(e.getValue(), direction, budget)));
                }
                System.out.println(row);
            }
        }
    }

    /**
     * Milliseconds of this thread's CPU time spent in the strategy per trial (propose, then learning
     * the result), one trial at a time, on a cheap objective.
     */
    private static Stats overhead(Strategy strategy, GridSpace space, long seed, int trials) {
        strategy.start(space, Direction.MAXIMIZE, seed);
        double[] ms = new double[trials];
        int done = 0;
        for (; done < trials; done++) {
            long t0 = CPU.getCurrentThreadCpuTime();
            Proposal p = strategy.propose(new Capacity(1, 0, OptionalLong.of(trials - done)));
            long t1 = CPU.getCurrentThreadCpuTime();
            if (!p.isSample()) {
                break;
            }
            double metric = additive(p.sample());
            long t2 = CPU.getCurrentThreadCpuTime();
            strategy.onTrialEnd(TrialOutcome.succeeded(done, p.sample(), metric));
            long t3 = CPU.getCurrentThreadCpuTime();
            ms[done] = ((t1 - t0) + (t3 - t2)) / 1e6;
        }
        return Stats.of(Arrays.copyOf(ms, done));
    }

    /** A cheap objective for the overhead run: label i's value times (i + 1). */
    private static double additive(Sample s) {
        double v = 0;
        int i = 0;
        for (Object value : s.values().values()) {
            v += ((Number) value).doubleValue() * ++i;
        }
        return v;
    }
}
