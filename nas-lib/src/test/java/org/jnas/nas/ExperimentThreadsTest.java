package org.jnas.nas;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.jnas.nas.results.ExperimentStatus;
import org.jnas.nas.strategy.Strategy;
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
}
