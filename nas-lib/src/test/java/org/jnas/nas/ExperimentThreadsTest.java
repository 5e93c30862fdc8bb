package org.jnas.nas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.List;
import org.jnas.nas.results.ExperimentStatus;
import org.jnas.nas.strategy.Strategy;
import org.jnas.nas.trial.TrialEvaluator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A kernel runs many experiments in one JVM: each one's own threads end with it. */
class ExperimentThreadsTest {
    @TempDir
    Path home;

    private static List<String> experimentThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.startsWith("jnas-") && !n.startsWith("jnas-trial")).sorted().toList();
    }

    @Test
    void persistedExperimentsLeaveNoThreadsBehind() throws Exception {
        for (int i = 0; i < 12; i++) {
            try (Experiment exp = Experiment.create(Quickstart.space(), Quickstart.fake(2), Strategy.random())) {
                exp.config().name("threads" + i).trialConcurrency(2).maxTrials(3).seed(i).home(home);
                exp.run();
                assertEquals(ExperimentStatus.DONE, exp.status());
            }
        }
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!experimentThreads().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(List.of(), experimentThreads());
    }

    /**
     * JShell on JDK 17 stops an interrupted cell with {@code Thread.stop}: a cell that awaited the
     * search dies inside {@code await}, and the next cell that awaits it must still wake at its end.
     */
    @Test
    @SuppressWarnings("removal") // Thread.stop, what JDK 17's JShell does (later JDKs refuse it)
    void aWaiterKilledByThreadStopLeavesTheEndToTheNextOne() throws Exception {
        assumeTrue(Runtime.version().feature() < 20, "Thread.stop throws on JDK 20 and later");
        CountDownLatch release = new CountDownLatch(1);
        TrialEvaluator blocked = TrialEvaluator.functional(trial -> {
            release.await();
            trial.reportFinal(1);
        });
        try (Experiment exp = Experiment.create(Quickstart.space(), blocked, Strategy.random())) {
            exp.config().name("stopped-waiter").maxTrials(1).persist(false);
            exp.start();
            Thread killed = new Thread(() -> {
                try {
                    exp.run();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "cell-1");
            killed.start();
            while (killed.getState() != Thread.State.WAITING) {
                Thread.sleep(5);
            }
            killed.stop();
            killed.join(10_000);
            boolean[] woke = new boolean[1];
            Thread next = new Thread(() -> {
                try {
                    woke[0] = exp.await(Duration.ofSeconds(30));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "cell-2");
            next.start();
            while (next.getState() != Thread.State.TIMED_WAITING) {
                Thread.sleep(5);
            }
            long ending = System.nanoTime();
            release.countDown();
            next.join(40_000);
            assertTrue(woke[0], "the second waiter saw the end");
            assertTrue(System.nanoTime() - ending < 20_000_000_000L, "it woke at the end, not at its timeout");
        }
    }
}
