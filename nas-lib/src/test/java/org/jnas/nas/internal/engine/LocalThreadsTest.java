package org.jnas.nas.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jnas.nas.testing.EnumerateStrategy;
import org.jnas.nas.trial.TrialEvaluator;
import org.jnas.nas.trial.TrialStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The threads local trials run on. */
@Timeout(60)
class LocalThreadsTest {
    private static final int CONCURRENCY = 2;

    /**
     * A thread that trained a model keeps native per-thread state (PyTorch, OpenMP) that its end
     * does not all give back: successive experiments reuse the same few threads instead of making
     * their own.
     */
    @Test
    void successiveExperimentsRunTheirTrialsOnTheSameFewThreads() throws Exception {
        Set<Thread> used = ConcurrentHashMap.newKeySet();
        Set<ClassLoader> loaders = ConcurrentHashMap.newKeySet();
        TrialEvaluator evaluator = trial -> {
            used.add(Thread.currentThread());
            loaders.add(Thread.currentThread().getContextClassLoader());
            trial.reportFinal(1);
        };
        int experiments = 5;
        for (int i = 0; i < experiments; i++) {
            try (TrialEngine engine = EngineFixtures.local(EngineFixtures.settings(CONCURRENCY, 6),
                    new EnumerateStrategy(), evaluator, List.of(Device.cpu()), new EngineObserver() {})) {
                engine.start();
                assertTrue(engine.await(Duration.ofSeconds(30)));
                assertTrue(engine.trials().stream().allMatch(t -> t.status() == TrialStatus.SUCCEEDED),
                        engine.trials()::toString);
            }
        }
        // a thread that has just ended a trial may still be finishing when the next one starts
        assertTrue(used.size() <= 2 * CONCURRENCY, used.size() + " threads ran " + experiments + " experiments of "
                + CONCURRENCY + " trials at a time: " + used);
        assertEquals(Set.of(Thread.currentThread().getContextClassLoader()), loaders,
                "trials run with the class loader of the thread that started the experiment");
    }
}
