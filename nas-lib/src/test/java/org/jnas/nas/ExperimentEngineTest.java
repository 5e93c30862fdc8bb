package org.jnas.nas;

import org.jnas.nas.testing.EnumerateStrategy;
import org.jnas.nas.testing.FakeSpace;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.jnas.nas.results.ExperimentListener;
import org.jnas.nas.results.ExperimentProgress;
import org.jnas.nas.results.ExperimentStatus;
import org.jnas.nas.trial.Nas;
import org.jnas.nas.strategy.Proposal;
import org.jnas.nas.space.Sample;
import org.jnas.nas.strategy.Middleware;
import org.jnas.nas.strategy.Strategy;
import org.jnas.nas.trial.TrainingProgress;
import org.jnas.nas.trial.TrialEvaluator;
import org.jnas.nas.trial.TrialRecord;
import org.jnas.nas.trial.TrialStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The search loop with fast fake evaluators: no DJL training here. */
@Timeout(30)
class ExperimentEngineTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    /** Each test's own store, rather than the one all tests of the build share. */
    @TempDir
    Path home;

    private Experiment experiment(TrialEvaluator evaluator, Strategy strategy) {
        Experiment exp = Experiment.create(new FakeSpace(), FakeSpace::build, evaluator, strategy);
        exp.config().name("test").devicePolicy(DevicePolicy.CPU).stopGracePeriod(Duration.ofMillis(300)).home(home);
        return exp;
    }

    private static TrialEvaluator scoreA() {
        return trial -> trial.reportFinal(FakeSpace.a(trial.sample()) / 10.0);
    }

    private static long count(Experiment exp, TrialStatus status) {
        return exp.trials().stream().filter(t -> t.status() == status).count();
    }

    @Test
    void budgetLargerThanSpaceEndsWhenStrategyIsExhausted() throws Exception {
        EnumerateStrategy strategy = new EnumerateStrategy();
        try (Experiment exp = experiment(scoreA(), strategy)) {
            exp.config().trialConcurrency(2).maxTrials(100);
            exp.run();
            assertEquals(ExperimentStatus.DONE, exp.status());
            assertEquals("strategy exhausted", exp.endReason());
            assertEquals(6, exp.trials().size());
            assertEquals(6, count(exp, TrialStatus.SUCCEEDED));
            assertEquals(6, strategy.outcomes.size());
            assertFalse(strategy.concurrentCall, "strategy called from two threads at once");
            assertEquals(0.2, exp.bestTrial().orElseThrow().metric().getAsDouble(), 1e-12);
            assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L), exp.trials().stream().map(TrialRecord::id).toList());
            assertEquals(6, exp.progress().done());
            // the views say why it ended so early, and its bar is full: the space was searched
            assertTrue(exp.text().startsWith("[########################] 6/100 trials"), exp.text());
            assertTrue(exp.text().lines().findFirst().orElseThrow().endsWith("DONE (strategy exhausted)"), exp.text());
            assertTrue(exp.fullHtml().contains("Ended: strategy exhausted"), exp.fullHtml());
        }
    }

    /**
     * A strategy shared by two experiments at once: the second one's start reset the first one's
     * search, which then ended after one trial ("strategy exhausted").
     */
    @Test
    void aStrategyARunningExperimentUsesIsRefusedToASecondOne() throws Exception {
        Strategy shared = Strategy.random();
        CountDownLatch release = new CountDownLatch(1);
        TrialEvaluator held = trial -> {
            release.await();
            trial.reportFinal(FakeSpace.a(trial.sample()) / 10.0);
        };
        try (Experiment first = experiment(held, shared); Experiment second = experiment(scoreA(), shared);
                Experiment wrapping = experiment(scoreA(), Middleware.medianStop(shared))) {
            first.config().name("first").maxTrials(6);
            second.config().name("second").maxTrials(6);
            first.start();
            IllegalStateException refused = assertThrows(IllegalStateException.class, second::start);
            assertTrue(refused.getMessage().contains("'second'") && refused.getMessage().contains("Random(dedup)")
                    && refused.getMessage().contains("in use by the running experiment 'first'"), refused.getMessage());
            assertEquals(ExperimentStatus.CREATED, second.status());
            IllegalStateException inside = assertThrows(IllegalStateException.class, wrapping::start);
            assertTrue(inside.getMessage().contains("the strategy Random(dedup) inside its strategy"), inside.getMessage());

            release.countDown();
            assertTrue(first.await(WAIT));
            assertEquals("maxTrials 6 reached", first.endReason());
            assertEquals(6, first.trials().stream().map(TrialRecord::sample).distinct().count(), "every architecture once");
            // once the first search has ended, the strategy is free for a new one
            second.start();
            assertTrue(second.await(WAIT));
            assertEquals(6, count(second, TrialStatus.SUCCEEDED));
        }
    }

    @Test
    void maxTrialsBoundsTheSearch() throws Exception {
        try (Experiment exp = experiment(scoreA(), new EnumerateStrategy())) {
            exp.config().maxTrials(4);
            exp.start();
            assertTrue(exp.await(WAIT));
            assertEquals(4, exp.trials().size());
            assertEquals("maxTrials 4 reached", exp.endReason());
        }
    }

    @Test
    void trialsRunInParallelOnNamedDaemonThreads() throws Exception {
        CyclicBarrier barrier = new CyclicBarrier(3);
        Set<String> threadNames = Collections.synchronizedSet(new HashSet<>());
        TrialEvaluator evaluator = trial -> {
            Thread t = Thread.currentThread();
            threadNames.add(t.getName() + (t.isDaemon() ? "/daemon" : ""));
            barrier.await(5, TimeUnit.SECONDS); // passes only when 3 trials run at the same time
            trial.reportFinal(1);
        };
        try (Experiment exp = experiment(evaluator, new EnumerateStrategy())) {
            exp.config().trialConcurrency(3);
            exp.run();
            assertEquals(6, count(exp, TrialStatus.SUCCEEDED), () -> exp.trials().toString());
            for (long id = 1; id <= 6; id++) {
                assertTrue(threadNames.contains("jnas-trial-" + id + "/daemon"), threadNames::toString);
            }
        }
    }

    @Test
    void failingAndOutOfMemoryTrialsFailAndTheSearchGoesOn() throws Exception {
        TrialEvaluator evaluator = trial -> {
            switch (FakeSpace.a(trial.sample())) {
                case 0 -> throw new IllegalStateException("boom in the user's code");
                case 1 -> {
                    if ("x".equals(trial.sample().get("b"))) {
                        throw new OutOfMemoryError("Java heap space (simulated)");
                    }
                    throw new RuntimeException(new ai.djl.engine.EngineException("CUDA out of memory. Tried to allocate 2 GiB"));
                }
                default -> trial.reportFinal(0.5);
            }
        };
        try (Experiment exp = experiment(evaluator, new EnumerateStrategy())) {
            exp.config().trialConcurrency(2);
            exp.run();
            assertEquals(ExperimentStatus.DONE, exp.status());
            assertEquals(4, count(exp, TrialStatus.FAILED));
            assertEquals(2, count(exp, TrialStatus.SUCCEEDED));
            TrialRecord first = exp.trials().get(0);
            assertTrue(first.error().orElse("").contains("boom in the user's code"), first.error().orElse(""));
            assertTrue(first.error().orElse("").contains("ExperimentEngineTest"), "stack trace expected: " + first.error().orElse(""));
            TrialRecord oom = exp.trials().get(2);
            assertTrue(oom.error().orElse("").startsWith("out of memory:"), oom.error().orElse(""));
            TrialRecord gpuOom = exp.trials().get(3);
            assertTrue(gpuOom.error().orElse("").startsWith("out of memory:"), gpuOom.error().orElse(""));
            assertTrue(gpuOom.error().orElse("").contains("CUDA out of memory"), gpuOom.error().orElse(""));
            assertEquals(4, exp.progress().failed());
        }
    }

    @Test
    void everyTrialFailingStillEnds() throws Exception {
        try (Experiment exp = experiment(trial -> { throw new RuntimeException("always"); }, new EnumerateStrategy())) {
            exp.config().trialConcurrency(3);
            exp.run();
            assertEquals(6, count(exp, TrialStatus.FAILED));
            assertTrue(exp.bestTrial().isEmpty());
        }
    }

    @Test
    void strategyWaitingWithNothingRunningEnds() throws Exception {
        Strategy waiting = new EnumerateStrategy() {
            @Override
            public Proposal propose(org.jnas.nas.strategy.Capacity capacity) {
                return Proposal.WAIT;
            }
        };
        try (Experiment exp = experiment(scoreA(), waiting)) {
            exp.start();
            assertTrue(exp.await(WAIT));
            assertEquals(ExperimentStatus.DONE, exp.status());
            assertTrue(exp.endReason().contains("waits with no trial running"), exp.endReason());
        }
    }

    @Test
    void stopCancelsCooperativeAndStubbornTrials() throws Exception {
        CountDownLatch bothRunning = new CountDownLatch(2);
        CountDownLatch release = new CountDownLatch(1);
        TrialEvaluator evaluator = trial -> {
            bothRunning.countDown();
            if (FakeSpace.a(trial.sample()) == 0 && "x".equals(trial.sample().get("b"))) {
                while (!trial.isStopRequested()) { // cooperative: returns soon after the flag
                    LockSupport.parkNanos(1_000_000);
                }
                trial.reportFinal(0.1);
            } else {
                while (release.getCount() > 0) { // stubborn: ignores the flag and interrupts
                    LockSupport.parkNanos(1_000_000);
                }
            }
        };
        try (Experiment exp = experiment(evaluator, new EnumerateStrategy())) {
            exp.config().trialConcurrency(2);
            exp.start();
            assertTrue(bothRunning.await(5, TimeUnit.SECONDS));
            exp.stop();
            assertTrue(exp.await(WAIT), "the stubborn trial is cancelled after the grace period");
            release.countDown();
            assertEquals(ExperimentStatus.STOPPED, exp.status());
            assertEquals(2, exp.trials().size());
            assertEquals(2, count(exp, TrialStatus.CANCELLED));
            assertTrue(exp.trials().get(1).error().orElse("").contains("grace period"), exp.trials().get(1).error().orElse(""));
        }
    }

    @Test
    void maxDurationEndsTheSearch() throws Exception {
        TrialEvaluator evaluator = trial -> {
            while (!trial.isStopRequested()) {
                LockSupport.parkNanos(1_000_000);
            }
        };
        try (Experiment exp = experiment(evaluator, new EnumerateStrategy())) {
            exp.config().maxDuration(Duration.ofMillis(300));
            exp.start();
            assertTrue(exp.await(WAIT));
            assertEquals(ExperimentStatus.DONE, exp.status());
            assertTrue(exp.endReason().startsWith("maxDuration"), exp.endReason());
            assertEquals(TrialStatus.CANCELLED, exp.trials().get(0).status());
        }
    }

    @Test
    void maxTrialDurationCancelsLongTrialsOnly() throws Exception {
        TrialEvaluator evaluator = trial -> {
            if (FakeSpace.a(trial.sample()) == 2) {
                while (!trial.isStopRequested()) {
                    LockSupport.parkNanos(1_000_000);
                }
            }
            trial.reportFinal(1);
        };
        try (Experiment exp = experiment(evaluator, new EnumerateStrategy())) {
            exp.config().maxTrialDuration(Duration.ofMillis(200)).trialConcurrency(2);
            exp.run();
            assertEquals(4, count(exp, TrialStatus.SUCCEEDED));
            assertEquals(2, count(exp, TrialStatus.CANCELLED));
        }
    }

    @Test
    void strategyCanStopTrialsEarly() throws Exception {
        TrialEvaluator evaluator = trial -> {
            for (int step = 0; step < 3 && !trial.isStopRequested(); step++) {
                trial.reportIntermediate(FakeSpace.a(trial.sample()) + step / 10.0);
            }
            if (!trial.isStopRequested()) {
                trial.reportFinal(9);
            }
        };
        try (Experiment exp = experiment(evaluator, new EnumerateStrategy(v -> v < 1))) {
            exp.run();
            assertEquals(2, count(exp, TrialStatus.EARLY_STOPPED));
            TrialRecord stopped = exp.trials().get(0);
            assertEquals(List.of(0.0), stopped.intermediateDefaults());
            assertEquals(0.0, stopped.metric().getAsDouble(), "last intermediate becomes the final metric");
            assertEquals(4, count(exp, TrialStatus.SUCCEEDED));
        }
    }

    @Test
    void missingFinalUsesLastIntermediateOrFails() throws Exception {
        TrialEvaluator evaluator = trial -> {
            if (FakeSpace.a(trial.sample()) > 0) {
                trial.reportIntermediate(0.3);
                trial.reportIntermediate(Map.of("default", 0.4, "loss", 1.5));
            }
        };
        try (Experiment exp = experiment(evaluator, new EnumerateStrategy())) {
            exp.run();
            TrialRecord none = exp.trials().get(0);
            assertEquals(TrialStatus.FAILED, none.status());
            assertTrue(none.error().orElse("").contains("reportFinal"), none.error().orElse(""));
            TrialRecord some = exp.trials().get(2);
            assertEquals(TrialStatus.SUCCEEDED, some.status());
            assertEquals(Map.of("default", 0.4, "loss", 1.5), some.finalMetrics());
        }
    }

    @Test
    void metricMapWithoutDefaultIsAClearError() throws Exception {
        try (Experiment exp = experiment(trial -> trial.reportFinal(Map.of("acc", 0.9)), new EnumerateStrategy())) {
            exp.config().maxTrials(1);
            exp.run();
            TrialRecord t = exp.trials().get(0);
            assertEquals(TrialStatus.FAILED, t.status());
            assertTrue(t.error().orElse("").contains("no \"default\" key: {acc=0.9}"), t.error().orElse(""));
        }
    }

    @Test
    void nasStaticReportingWorksInsideTrialsOnly() throws Exception {
        TrialEvaluator evaluator = trial -> {
            Nas.reportIntermediateResult(0.25);
            Nas.reportFinalResult(Map.of("default", 0.75, "loss", 0.1));
            trial.log("sample %s", Nas.currentSample());
        };
        try (Experiment exp = experiment(evaluator, new EnumerateStrategy())) {
            exp.config().maxTrials(2);
            exp.run();
            TrialRecord t = exp.trials().get(0);
            assertEquals(TrialStatus.SUCCEEDED, t.status(), t.error().orElse(""));
            assertEquals(0.75, t.metric().getAsDouble());
            assertEquals(List.of(0.25), t.intermediateDefaults());
            assertEquals(List.of("sample {a=0, b=x}"), t.log());
        }
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Nas.reportFinalResult(1));
        assertTrue(e.getMessage().contains("not inside a trial"), e.getMessage());

        // a report from a thread of the trial's own is refused there, and the trial's error says why it may have none
        TrialEvaluator helperThread = trial -> {
            Thread reporter = new Thread(() -> {
                try {
                    Nas.reportFinalResult(0.5);
                } catch (IllegalStateException refused) {
                    // what the user's thread would print
                }
            });
            reporter.start();
            reporter.join();
        };
        try (Experiment exp = experiment(helperThread, new EnumerateStrategy())) {
            exp.config().maxTrials(1);
            exp.run();
            TrialRecord t = exp.trials().get(0);
            assertEquals(TrialStatus.FAILED, t.status());
            assertTrue(t.error().orElse("").contains("(Nas.* reports from another thread are refused)"), t.error().orElse(""));
        }
    }

    @Test
    void listenersSeeEveryEventAndAThrowingListenerIsIgnored() throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        AtomicReference<ExperimentStatus> endedWith = new AtomicReference<>();
        TrialEvaluator evaluator = trial -> {
            trial.reportIntermediate(0.1);
            trial.reportFinal(0.2);
        };
        try (Experiment exp = experiment(evaluator, new EnumerateStrategy())) {
            exp.addListener(new ExperimentListener() {
                @Override
                public void onTrialStarted(TrialRecord trial) {
                    throw new IllegalStateException("a broken listener");
                }
            });
            exp.addListener(new ExperimentListener() {
                @Override
                public void onTrialStarted(TrialRecord trial) {
                    events.add("started " + trial.id() + " " + trial.status());
                }

                @Override
                public void onIntermediate(TrialRecord trial) {
                    events.add("intermediate " + trial.id() + " " + trial.intermediateDefaults());
                }

                @Override
                public void onTrialEnded(TrialRecord trial) {
                    events.add("ended " + trial.id() + " " + trial.status() + " " + trial.metric().getAsDouble());
                }

                @Override
                public void onExperimentEnded(ExperimentStatus status) {
                    endedWith.set(status);
                }
            });
            exp.config().maxTrials(2);
            exp.run();
            assertEquals(ExperimentStatus.DONE, endedWith.get());
            assertTrue(events.containsAll(List.of("started 1 RUNNING", "intermediate 1 [0.1]", "ended 1 SUCCEEDED 0.2",
                    "started 2 RUNNING", "intermediate 2 [0.1]", "ended 2 SUCCEEDED 0.2")), events::toString);
            assertEquals(6, events.size(), events::toString);
            assertTrue(events.indexOf("started 1 RUNNING") < events.indexOf("ended 1 SUCCEEDED 0.2"));
        }
    }

    @Test
    void concurrencyCanRiseWhileRunning() throws Exception {
        CountDownLatch firstStarted = new CountDownLatch(1);
        CyclicBarrier three = new CyclicBarrier(3);
        AtomicInteger calls = new AtomicInteger();
        TrialEvaluator evaluator = trial -> {
            if (calls.incrementAndGet() == 1) {
                firstStarted.countDown();
            }
            three.await(5, TimeUnit.SECONDS); // needs 3 at once: only after the live change
            trial.reportFinal(1);
        };
        try (Experiment exp = experiment(evaluator, new EnumerateStrategy())) {
            exp.config().trialConcurrency(1);
            exp.start();
            assertTrue(firstStarted.await(5, TimeUnit.SECONDS));
            assertEquals(1, calls.get(), "one slot: only the first trial started");
            // the budget first: each live change applies at once, and more slots under an unbounded
            // budget would take more trials before the budget arrived
            exp.config().maxTrials(3).trialConcurrency(3);
            assertTrue(exp.await(WAIT));
            assertEquals(3, count(exp, TrialStatus.SUCCEEDED), () -> exp.trials().toString());
            assertThrows(IllegalStateException.class, () -> exp.config().name("renamed"));
        }
    }

    @Test
    void aRunningTrialsTrainingProgressMovesTheProgressLineAndIsGoneOnceItEnds() throws Exception {
        CountDownLatch reported = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        TrialEvaluator evaluator = trial -> {
            assertThrows(NullPointerException.class, () -> trial.reportProgress(null));
            trial.reportProgress(new TrainingProgress(4, 1, 30, 60));
            reported.countDown();
            assertTrue(release.await(5, TimeUnit.SECONDS));
            trial.reportFinal(1);
        };
        try (Experiment exp = experiment(evaluator, new EnumerateStrategy())) {
            exp.config().maxTrials(2).trialConcurrency(1);
            exp.start();
            assertTrue(reported.await(5, TimeUnit.SECONDS));
            assertEquals(Map.of(1L, new TrainingProgress(4, 1, 30, 60)), exp.trainingProgress());
            ExperimentProgress progress = exp.progress();
            assertEquals(1.5 / 4 / 2, progress.fraction(), 1e-12, "half of the second of 4 epochs, of 2 trials");
            assertTrue(progress.line().startsWith("[#####...................] 0/2 trials  running 1 (trial 1 epoch 2/4 50%)  failed 0"),
                    progress.line());
            assertTrue(exp.liveHtml().contains("running 1 (trial 1 epoch 2/4 50%)"), exp.liveHtml());
            // the trial table's status cell: the share of all its epochs done, the epoch on hover
            assertTrue(exp.liveHtml().contains("<td class=\"s-RUNNING\" title=\"epoch 2/4 50%\">RUNNING 38%</td>"),
                    exp.liveHtml());
            assertTrue(exp.text().contains("RUNNING 38%"), exp.text());
            release.countDown();
            assertTrue(exp.await(WAIT));
            assertEquals(Map.of(), exp.trainingProgress());
            assertTrue(exp.progress().line().contains("2/2 trials  running 0  failed 0"), exp.progress().line());
            assertEquals(2, count(exp, TrialStatus.SUCCEEDED), () -> exp.trials().toString());
        }
    }

    @Test
    void theTerminalLineShowsATrainingsProgressAndBlanksWhatAShorterLineLeaves() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        TrialEvaluator evaluator = trial -> {
            if (trial.id() == 1) {
                trial.reportProgress(new TrainingProgress(1, 0, 1, 2));
            }
            Thread.sleep(1500);
            trial.reportFinal(1);
        };
        try (Experiment exp = experiment(evaluator, new EnumerateStrategy())) {
            exp.config().maxTrials(2).trialConcurrency(1).progressOutput(new PrintStream(bytes, true, StandardCharsets.UTF_8));
            exp.run();
        }
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("running 1 (trial 1 epoch 1/1 50%)"), out);
        List<String> drawn = List.of(out.split("\r"));
        for (int i = 1; i < drawn.size(); i++) {
            if (!drawn.get(i).isBlank() && !drawn.get(i - 1).isBlank() && !drawn.get(i).contains("\n")) {
                assertTrue(drawn.get(i).length() >= drawn.get(i - 1).strip().length(), "a redraw covers the line before it: " + drawn);
            }
        }
    }

    @Test
    void resumesFromTheStoreWithoutRepeatingTrials() throws Exception {
        String id;
        try (Experiment first = Experiment.create(FakeSpace.model(), scoreA(), new EnumerateStrategy())) {
            first.config().name("test").devicePolicy(DevicePolicy.CPU).home(home).maxTrials(3);
            first.run();
            id = first.id();
        }
        try (Experiment resumed = Experiment.resume(home, id, FakeSpace.model(), scoreA(), new EnumerateStrategy())) {
            assertEquals(id, resumed.id());
            assertEquals(3, resumed.trials().size(), "before it starts, a resumed experiment holds the earlier trials");
            resumed.config().maxTrials(100);
            resumed.run();
            List<TrialRecord> all = resumed.trials();
            assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L), all.stream().map(TrialRecord::id).toList());
            Set<Sample> distinct = new HashSet<>();
            all.forEach(t -> distinct.add(t.sample()));
            assertEquals(6, distinct.size(), "no architecture was repeated");
        }
    }

    @Test
    void configRejectsBadValuesNamingThem() {
        Experiment exp = experiment(scoreA(), new EnumerateStrategy());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> exp.config().trialConcurrency(0));
        assertEquals("trialConcurrency must be at least 1, got 0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> exp.config().maxTrials(-3));
        assertEquals("maxTrials must be at least 1, got -3", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> exp.config().maxDuration(Duration.ZERO));
        assertEquals("maxDuration must be positive, got PT0S", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> exp.config().name(" "));
        assertTrue(e.getMessage().contains("name must not be blank"));
        e = assertThrows(IllegalArgumentException.class, () -> exp.exportTopModels(0, org.jnas.nas.ExportFormat.DICT));
        assertEquals("k must be at least 1, got 0", e.getMessage());
    }
}
