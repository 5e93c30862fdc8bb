package org.jnas.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import org.jnas.nas.Experiment;
import org.jnas.nas.results.ExperimentResults;
import org.jnas.nas.results.ExperimentStatus;
import org.jnas.nas.space.Choice;
import org.jnas.nas.space.Sample;
import org.jnas.nas.strategy.Strategy;
import org.jnas.nas.trial.Direction;
import org.jnas.nas.trial.Objective;
import org.jnas.nas.trial.TrialEvaluator;
import org.jnas.nas.trial.TrialRecord;
import org.jnas.nas.trial.TrialStatus;

/**
 * What a notebook receives for a large search: the size and build time of the live view (what the
 * kernel sends about once a second while a search runs: {@code liveHtml()} and {@code text()}) and
 * the size and build time of the final view written into the notebook ({@code fullHtml()} and
 * {@code text()}), for made-up quickstart searches of each size in {@code --trials}. Nothing is
 * trained: the trial records are built directly (5 intermediates each; 2% failed, 1% early
 * stopped; 8 running in the live case), on the quickstart space's choices. Prints the medians of
 * {@code --rounds} rounds after {@code --warmup} rounds, of wall time and of the thread's CPU time.
 *
 * <p>With {@code --engine-trials N} it also runs a real search of N instant trials and measures the
 * live view of that experiment, whose {@code trials()} copies the engine's snapshots.
 *
 * <p>Run: {@code bench/run.sh ResultsViewBenchmark [--trials 2000,10000] [--rounds 7] [--warmup 5]
 * [--engine-trials 0] [--pareto]}.
 */
public final class ResultsViewBenchmark {
    private static final int INTERMEDIATES = 5;
    private static final int RUNNING = 8;

    private ResultsViewBenchmark() {}

    /** Results as the views see them: the record's accessors are {@link ExperimentResults}'s methods. */
    record Search(String id, ExperimentStatus status, Direction direction, List<Choice> choices,
            List<TrialRecord> trials, OptionalLong maxTrials, Duration elapsed, List<Objective> objectives)
            implements ExperimentResults {
        Search(String id, ExperimentStatus status, Direction direction, List<Choice> choices, List<TrialRecord> trials,
                OptionalLong maxTrials, Duration elapsed) {
            this(id, status, direction, choices, trials, maxTrials, elapsed, List.of());
        }
    }

    /** The objectives of {@code --pareto}: every view then marks the Pareto front and the full view adds its chart. */
    private static final List<Objective> OBJECTIVES = List.of(Objective.maximize("default"), Objective.minimize("params"));

    /**
     * One rendering: its HTML and text sizes in bytes (UTF-8), and the wall time and the thread's CPU
     * time to build both, in ms (on a shared machine the CPU time is the steadier figure).
     */
    private record Rendering(long htmlBytes, long textBytes, double ms, double cpuMs) {}

    public static void main(String[] args) throws InterruptedException {
        Options options = Options.parse("ResultsViewBenchmark", args);
        String sizes = options.text("trials", "2000,10000", "search sizes, comma-separated");
        int rounds = options.integer("rounds", 7, "measured rounds per size and view");
        int warmup = options.integer("warmup", 5, "rounds dropped first per size and view");
        int engineTrials = options.integer("engine-trials", 0,
                "also run a real search of this many instant trials and measure its views (0: no)");
        boolean pareto = options.flag("pareto", "a multi-objective search (maximise default, minimise params):"
                + " the views mark the Pareto front, the full view draws its chart");
        options.done();

        List<Choice> choices = QuickstartSpace.create().choices();
        System.out.printf("quickstart choices %s%s; medians of %d rounds after %d warm-up rounds%n", choices,
                pareto ? ", objectives " + OBJECTIVES : "", rounds, warmup);
        for (String size : sizes.split(",")) {
            int n = Integer.parseInt(size.strip());
            Search running = search(n, ExperimentStatus.RUNNING, choices, pareto);
            Search done = search(n, ExperimentStatus.DONE, choices, pareto);
            Rendering live = measure(rounds, warmup, () -> new String[] {running.liveHtml(), running.text()});
            Rendering full = measure(rounds, warmup, () -> new String[] {done.fullHtml(), done.text()});
            System.out.printf("%,d trials: live update %s KB (HTML %s + text %s) in %s ms (CPU %s ms);"
                            + " final output %s KB (HTML %s + text %s) in %s ms (CPU %s ms)%n", n,
                    kb(live.htmlBytes() + live.textBytes()), kb(live.htmlBytes()), kb(live.textBytes()),
                    Stats.number("%.1f", live.ms()), Stats.number("%.1f", live.cpuMs()),
                    kb(full.htmlBytes() + full.textBytes()), kb(full.htmlBytes()), kb(full.textBytes()),
                    Stats.number("%.1f", full.ms()), Stats.number("%.1f", full.cpuMs()));
        }
        if (engineTrials > 0) {
            measureEngine(engineTrials, rounds, warmup);
        }
    }

    /**
     * The live view of a real experiment, whose {@code trials()} copies the engine's snapshots (once
     * per update, as the kernel does):
     * {@code n} instant trials (8 at a time, random with repeats, nothing stored), then its live view
     * measured as above.
     */
    private static void measureEngine(int n, int rounds, int warmup) throws InterruptedException {
        TrialEvaluator instant = TrialEvaluator.functional(trial -> {
            trial.reportIntermediate(0.5);
            trial.reportFinal(trial.sample().getDouble("feature") / 256 * (1 - trial.sample().getDouble("dropout1")));
        });
        try (Experiment exp = Experiment.create(QuickstartSpace.create(), instant, Strategy.random().dedup(false))) {
            exp.config().name("results-view-bench").maxTrials(n).trialConcurrency(8).persist(false);
            long t0 = System.nanoTime();
            exp.run();
            double seconds = (System.nanoTime() - t0) / 1e9;
            // as the kernel draws an update: both views from one copy of the trials
            Rendering live = measure(rounds, warmup, () -> {
                Search now = new Search(exp.id(), exp.status(), exp.direction(), exp.choices(), exp.trials(), exp.maxTrials(),
                        exp.elapsed());
                return new String[] {now.liveHtml(), now.text()};
            });
            System.out.printf("a real search of %,d instant trials (%s s): live view %s KB in %s ms (CPU %s ms),"
                            + " trials() included%n", exp.trials().size(), Stats.number("%.1f", seconds),
                    kb(live.htmlBytes() + live.textBytes()), Stats.number("%.1f", live.ms()), Stats.number("%.1f", live.cpuMs()));
        }
    }

    private interface View {
        String[] render();
    }

    private static Rendering measure(int rounds, int warmup, View view) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        List<Double> ms = new ArrayList<>();
        List<Double> cpuMs = new ArrayList<>();
        String[] last = null;
        for (int round = 0; round < warmup + rounds; round++) {
            long cpu0 = threads.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            last = view.render();
            long t1 = System.nanoTime();
            long cpu1 = threads.getCurrentThreadCpuTime();
            if (round >= warmup) {
                ms.add((t1 - t0) / 1e6);
                cpuMs.add((cpu1 - cpu0) / 1e6);
            }
        }
        return new Rendering(bytes(last[0]), bytes(last[1]), Stats.of(ms).median(), Stats.of(cpuMs).median());
    }

    private static long bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    private static String kb(long bytes) {
        return Stats.number("%.1f", bytes / 1000.0);
    }

    /**
     * {@code n} trials a second apart: accuracies out of 1,500 test images (so that they print with
     * many digits), 5 intermediates each; 2% failed and 1% early stopped; while running, the last
     * {@value #RUNNING} are running. With {@code pareto}, each succeeded trial also has a {@code
     * params} metric (growing with its choices, so that it conflicts with accuracy) and the search
     * has two objectives.
     */
    static Search search(int n, ExperimentStatus status, List<Choice> choices, boolean pareto) {
        Random rnd = new Random(0);
        Instant t0 = Instant.parse("2026-12-06T09:00:00Z");
        List<TrialRecord> trials = new ArrayList<>(n);
        for (long id = 1; id <= n; id++) {
            Sample sample = Sample.empty();
            double quality = 0;
            for (Choice c : choices) {
                int i = rnd.nextInt(c.size());
                sample = sample.with(c.label(), c.candidates().get(i));
                quality += 0.02 * i;
            }
            double accuracy = Math.round((0.70 + quality + 0.03 * rnd.nextGaussian()) * 1500) / 1500.0;
            TrialStatus s = status == ExperimentStatus.RUNNING && id > n - RUNNING ? TrialStatus.RUNNING
                    : id % 50 == 7 ? TrialStatus.FAILED
                    : id % 100 == 13 ? TrialStatus.EARLY_STOPPED
                    : TrialStatus.SUCCEEDED;
            int steps = s == TrialStatus.SUCCEEDED ? INTERMEDIATES : s == TrialStatus.FAILED ? 0 : 2;
            List<Map<String, Double>> intermediates = new ArrayList<>();
            for (int step = 1; step <= steps; step++) {
                intermediates.add(Map.of(TrialRecord.DEFAULT_METRIC, accuracy - 0.1 / step));
            }
            Instant submitted = t0.plusSeconds(id);
            Optional<Instant> started = Optional.of(submitted.plusMillis(5));
            Optional<Instant> ended = s.isDone() ? Optional.of(submitted.plusMillis(900)) : Optional.empty();
            trials.add(new TrialRecord(id, sample, s, Optional.of("cpu()"), submitted, started, ended, intermediates,
                    s != TrialStatus.SUCCEEDED ? Map.of()
                            : pareto ? Map.of(TrialRecord.DEFAULT_METRIC, accuracy, "loss", 1 - accuracy, "params", 1e5 * (1 + quality * 50))
                            : Map.of(TrialRecord.DEFAULT_METRIC, accuracy, "loss", 1 - accuracy),
                    s == TrialStatus.FAILED ? Optional.of("java.lang.IllegalStateException: diverged") : Optional.empty(),
                    List.of()));
        }
        return new Search("results-view-bench", status, Direction.MAXIMIZE, choices, trials, OptionalLong.of(n),
                Duration.ofSeconds(n), pareto ? OBJECTIVES : List.of());
    }
}
