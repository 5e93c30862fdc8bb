package org.jnas.nas.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jnas.nas.ExperimentConfig;
import org.jnas.nas.trial.TrialStatus;
import org.junit.jupiter.api.Test;
import org.jnas.nas.testing.EnumerateStrategy;
import org.jnas.nas.testing.FakeSpace;

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
        AtomicInteger builds = new AtomicInteger();
        ExperimentConfig config = new ExperimentConfig().trialConcurrency(2).maxTrials(6);
        // Slow builds from the third trial on: a trial ends (and the state is saved) while the
        // next one is still being built, before it starts.
        TrialDriver driver = new TrialDriver(new FakeSpace(), sample -> {
            if (builds.incrementAndGet() > 2) {
                try {
                    Thread.sleep(150);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return FakeSpace.build(sample);
        }, trial -> trial.reportFinal(1), new EnumerateStrategy(), config, TrialDriver.newListenerList(), () -> 0);
        driver.setRecordSink(t -> {
            recorded.add(t.id());
            if (t.status() == TrialStatus.WAITING) {
                recordedWaiting.add(t.id());
            }
        });
        driver.setStrategyStateSink((trial, state) -> {
            // EnumerateStrategy's state is the number of samples it has proposed: trials 1..next
            int proposed = state.get("next").getAsInt();
            for (long id = 1; id <= proposed; id++) {
                if (!recorded.contains(id)) {
                    problems.add("the state saved after trial " + trial.id() + " knows " + proposed
                            + " proposals, but trial " + id + " was not recorded yet");
                }
            }
        });
        driver.start();
        assertTrue(driver.await(Duration.ofSeconds(30)));
        assertEquals(List.of(), problems);
        assertEquals(Set.of(1L, 2L, 3L, 4L, 5L, 6L), recordedWaiting, "each trial is recorded when it is submitted");
    }
}
