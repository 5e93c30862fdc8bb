package org.jnas.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jnas.nas.Experiment;
import org.jnas.nas.space.Sample;
import org.jnas.nas.strategy.Strategy;
import org.jnas.nas.trial.TrialEvaluator;

/**
 * The cost of persistence per trial on the quickstart search: 18 trials, 2 at a time, an evaluator
 * that reports 5 intermediates and a final result without training (so the store's writes are all
 * the trial does), with {@code persist(true)} and {@code persist(false)} alternating for 7 rounds
 * after one warm-up round of each. Prints the medians of {@code start()} (opening the store and
 * recording the experiment) and of the wall time per trial after it, with the rounds' values.
 *
 * <p>Run: {@code bench/run.sh PersistenceOverheadBenchmark [--rounds 7] [--trials 18]}. The
 * experiments are written under a new temporary JNAS home.
 */
public final class PersistenceOverheadBenchmark {
    private static final int CONCURRENCY = 2;
    private static final int INTERMEDIATES = 5;

    private PersistenceOverheadBenchmark() {}

    public static void main(String[] args) throws Exception {
        Options options = Options.parse("PersistenceOverheadBenchmark", args);
        int rounds = options.integer("rounds", 7, "measured rounds, each one search with persistence on and one off");
        int trials = options.integer("trials", 18, "trials per search, " + CONCURRENCY + " at a time");
        options.done();

        Path home = Files.createTempDirectory("jnas-persist-bench");
        run(true, trials, home); // warm-up: classes, SQLite natives, the DJL engine
        run(false, trials, home);
        List<Double> startOn = new ArrayList<>();
        List<Double> startOff = new ArrayList<>();
        List<Double> on = new ArrayList<>();
        List<Double> off = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            Run a = run(true, trials, home);
            Run b = run(false, trials, home);
            startOn.add(a.startMs());
            on.add(a.perTrialMs());
            startOff.add(b.startMs());
            off.add(b.perTrialMs());
        }
        double medianOn = Stats.of(on).median();
        double medianOff = Stats.of(off).median();
        System.out.printf("start() (opens the store, records the experiment): persist on %s ms, off %s ms%n",
                Stats.number("%.2f", Stats.of(startOn).median()), Stats.number("%.2f", Stats.of(startOff).median()));
        System.out.printf("per trial after start (%d trials, %d at a time, %d intermediates each): persist on %s ms,"
                        + " off %s ms, overhead %s ms (medians of %d rounds)%n  on  %s%n  off %s%n",
                trials, CONCURRENCY, INTERMEDIATES, Stats.number("%.2f", medianOn), Stats.number("%.2f", medianOff),
                Stats.number("%.2f", medianOn - medianOff), rounds, Stats.numbers("%.2f", on), Stats.numbers("%.2f", off));
    }

    /** One search: {@code start()} in ms, and the wall time from {@code start()} to the end per trial in ms. */
    private record Run(double startMs, double perTrialMs) {}

    private static Run run(boolean persist, int trials, Path home) throws Exception {
        try (Experiment exp = Experiment.create(QuickstartSpace.create(), reportsWithoutTraining(), Strategy.random())) {
            exp.config().name("persist-bench").trialConcurrency(CONCURRENCY).maxTrials(trials).persist(persist).home(home);
            long t0 = System.nanoTime();
            exp.start();
            long t1 = System.nanoTime();
            exp.run();
            long t2 = System.nanoTime();
            return new Run((t1 - t0) / 1e6, (t2 - t1) / 1e6 / exp.trials().size());
        }
    }

    /** Reports {@value #INTERMEDIATES} intermediates rising towards a score of the sample, then the score. */
    private static TrialEvaluator reportsWithoutTraining() {
        return TrialEvaluator.functional(trial -> {
            Sample s = trial.sample();
            double score = s.getDouble("feature") / 256 * (1 - s.getDouble("dropout1"));
            for (int step = 1; step <= INTERMEDIATES; step++) {
                trial.reportIntermediate(score * step / (INTERMEDIATES + 1));
            }
            trial.reportFinal(score);
        });
    }
}
