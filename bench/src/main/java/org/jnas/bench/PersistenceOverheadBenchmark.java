package org.jnas.nas;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.jnas.nas.strategy.Strategy;

/**
 * The cost of persistence per trial on the quickstart search: 18 trials, 2 at a time, a fake
 * evaluator reporting 5 intermediates and a final result (no training, so the store's writes are
 * all there is), with {@code persist(true)} and {@code persist(false)} alternating for 5 rounds;
 * prints the medians. Run:
 * {@code mvn -o -q -pl nas-lib test-compile dependency:build-classpath -Dmdep.outputFile=cp.txt && java
 * -cp nas-lib/target/test-classes:nas-lib/target/classes:$(cat nas-lib/cp.txt) org.jnas.nas.PersistenceOverheadBenchmark}
 */
public final class PersistenceOverheadBenchmark {
    private PersistenceOverheadBenchmark() {}

    public static void main(String[] args) throws Exception {
        Path home = Files.createTempDirectory("jnas-bench");
        run(true, home); // warm-up: classes, SQLite natives, DJL engine
        run(false, home);
        List<Double> on = new ArrayList<>();
        List<Double> off = new ArrayList<>();
        List<Double> startOn = new ArrayList<>();
        List<Double> startOff = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            double[] a = run(true, home);
            double[] b = run(false, home);
            startOn.add(a[0]);
            on.add(a[1]);
            startOff.add(b[0]);
            off.add(b[1]);
        }
        System.out.printf("start() (opens the store, records the experiment): persist on %.2f ms, off %.2f ms%n",
                median(startOn), median(startOff));
        System.out.printf("per trial after start (18 trials, 2 at a time, 5 intermediates each): persist on %.2f ms,"
                + " off %.2f ms, overhead %.2f ms (medians of %d rounds)%n  on  %s%n  off %s%n",
                median(on), median(off), median(on) - median(off), ROUNDS, on, off);
    }

    private static final int ROUNDS = 7;

    /** {start() in ms, wall time from start() to the end divided by the 18 trials in ms}. */
    private static double[] run(boolean persist, Path home) throws Exception {
        try (Experiment exp = Experiment.create(Quickstart.space(), Quickstart.fake(5), Strategy.random())) {
            exp.config().name("bench").trialConcurrency(2).maxTrials(18).persist(persist).home(home);
            long t0 = System.nanoTime();
            exp.start();
            long t1 = System.nanoTime();
            exp.run();
            long t2 = System.nanoTime();
            return new double[] {(t1 - t0) / 1e6, (t2 - t1) / 1e6 / exp.trials().size()};
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
