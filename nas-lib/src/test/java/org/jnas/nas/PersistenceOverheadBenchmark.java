package org.jnas.nas;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

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
        for (int round = 0; round < 5; round++) {
            on.add(run(true, home));
            off.add(run(false, home));
        }
        double medianOn = median(on);
        double medianOff = median(off);
        System.out.printf("per trial (18 trials, 5 intermediates each): persist on %.2f ms, off %.2f ms,"
                + " overhead %.2f ms (medians of 5 rounds; on %s off %s)%n", medianOn, medianOff, medianOn - medianOff, on, off);
    }

    /** Wall time of the whole search divided by its 18 trials, in ms. */
    private static double run(boolean persist, Path home) throws Exception {
        try (Experiment exp = Experiment.create(Quickstart.space(), Quickstart.fake(5), Strategy.random())) {
            exp.config().name("bench").trialConcurrency(2).maxTrials(18).persist(persist).home(home);
            long t0 = System.nanoTime();
            exp.run();
            return (System.nanoTime() - t0) / 1e6 / exp.trials().size();
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
