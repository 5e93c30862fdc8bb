package org.jnas.nas.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jnas.nas.testing.EnumerateStrategy;
import org.jnas.nas.testing.FakeSpace;
import org.jnas.nas.trial.TrialRecord;
import org.jnas.nas.trial.TrialStatus;
import org.junit.jupiter.api.Test;

/**
 * What a store holds must cover what a saved strategy state knows: a resume after a kill keeps
 * the stored trials and never proposes a sample the saved state has seen.
 */
class TrialRecordingTest {
    @Test
    void everyTrialASavedStrategyStateKnowsIsRecordedBeforeIt() throws Exception {
        Set<Long> recorded = ConcurrentHashMap.newKeySet();
        Set<Long> recordedWaiting = ConcurrentHashMap.newKeySet();
        List<String> problems = Collections.synchronizedList(new ArrayList<>());
        List<Integer> proposalsKnown = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger builds = new AtomicInteger();
        EngineObserver observer = new EngineObserver() {
            private long asked; // trialEnded calls come one at a time

            @Override
            public void trialSubmitted(TrialRecord trial) {
                recorded.add(trial.id());
                if (trial.status() == TrialStatus.WAITING) {
                    recordedWaiting.add(trial.id());
                }
            }

            @Override
            public void trialEnded(TrialRecord trial, List<String> strategyCalls) {
                // the calls handed over so far hold every proposal the strategy has made
                asked += strategyCalls.stream().filter(c -> c.startsWith("{\"ask\"")).count();
                int proposed = (int) asked;
                proposalsKnown.add(proposed);
                for (long id = 1; id <= proposed; id++) {
                    if (!recorded.contains(id)) {
                        problems.add("the state handed over after trial " + trial.id() + " knows " + proposed
                                + " proposals, but trial " + id + " was not recorded yet");
                    }
                }
            }
        };
        // Slow builds from the third trial on: a trial ends (and the state is saved) while the
        // next one is still being built, before it starts.
        TrialBackend backend = TrialBackend.localThreads("test", sample -> {
            if (builds.incrementAndGet() > 2) {
                try {
                    Thread.sleep(150);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return FakeSpace.build(sample);
        }, trial -> trial.reportFinal(1), List.of(Device.cpu()), 1, () -> 2);
        try (TrialEngine engine = TrialEngine.create(EngineFixtures.settings(2, 6), new FakeSpace(),
                new EnumerateStrategy(), backend, observer)) {
            engine.start();
            assertTrue(engine.await(Duration.ofSeconds(30)));
        }
        assertEquals(List.of(), problems);
        assertEquals(Set.of(1L, 2L, 3L, 4L, 5L, 6L), recordedWaiting, "each trial is recorded when it is submitted");
        List<Integer> sorted = new ArrayList<>(proposalsKnown);
        Collections.sort(sorted);
        assertEquals(sorted, proposalsKnown, "states reach the observer in the order they were taken");
    }
}
