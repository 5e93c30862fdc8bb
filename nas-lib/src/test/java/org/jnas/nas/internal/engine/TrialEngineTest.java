package org.jnas.nas.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;
import org.jnas.nas.space.Sample;
import org.jnas.nas.testing.EnumerateStrategy;
import org.jnas.nas.testing.FakeSpace;
import org.jnas.nas.trial.TrialRecord;
import org.jnas.nas.trial.TrialStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The engine against a backend the test drives by hand: the seam's contract. */
@Timeout(30)
class TrialEngineTest {

    /** A backend whose trials do only what the test tells them. */
    private static final class HandBackend implements TrialBackend {
        final BlockingQueue<Long> launched = new LinkedBlockingQueue<>();
        final Map<Long, TrialEvents> events = new ConcurrentHashMap<>();
        final List<Long> stopRequests = new CopyOnWriteArrayList<>();
        final List<Long> cancelled = new CopyOnWriteArrayList<>();
        final Set<Long> stillRunningElsewhere;

        HandBackend(Set<Long> stillRunningElsewhere) {
            this.stillRunningElsewhere = stillRunningElsewhere;
        }

        @Override
        public void launch(long id, Sample sample, TrialEvents trialEvents) {
            events.put(id, trialEvents);
            launched.add(id);
        }

        @Override
        public void requestStop(long id) {
            stopRequests.add(id);
        }

        @Override
        public Cancelled cancel(long id) {
            cancelled.add(id);
            return Cancelled.ENDED;
        }

        @Override
        public Set<Long> reattach(Collection<TrialRecord> unfinished, LongFunction<TrialEvents> trialEvents) {
            for (TrialRecord t : unfinished) {
                if (stillRunningElsewhere.contains(t.id())) {
                    events.put(t.id(), trialEvents.apply(t.id()));
                }
            }
            return stillRunningElsewhere;
        }

        @Override
        public void close() {}

        long next() throws InterruptedException {
            Long id = launched.poll(10, TimeUnit.SECONDS);
            assertTrue(id != null, "a trial was launched");
            return id;
        }

        void succeed(long id, double metric) {
            TrialEvents e = events.get(id);
            e.started("cpu()");
            e.finalResult(Map.of(TrialRecord.DEFAULT_METRIC, metric));
            e.returned(null);
            e.released();
        }
    }

    private static TrialRecord trial(TrialEngine engine, long id) {
        return engine.trials().stream().filter(t -> t.id() == id).findFirst().orElseThrow();
    }

    @Test
    void aTrialThatIgnoresItsStopIsCancelledAfterTheGracePeriodAndItsLateReportsAreDropped() throws Exception {
        HandBackend backend = new HandBackend(Set.of());
        try (TrialEngine engine = TrialEngine.create(EngineFixtures.settings(1, 1), new FakeSpace(),
                new EnumerateStrategy(), backend, new EngineObserver() {})) {
            engine.start();
            long id = backend.next();
            backend.events.get(id).started("cpu()");
            engine.stop();
            assertTrue(engine.await(Duration.ofSeconds(10)), "the search ends without the trial's help");
            assertEquals(List.of(id), backend.stopRequests);
            assertEquals(List.of(id), backend.cancelled);
            TrialRecord cancelled = trial(engine, id);
            assertEquals(TrialStatus.CANCELLED, cancelled.status());
            assertTrue(cancelled.error().orElseThrow().contains("stop grace period"), cancelled.error().orElseThrow());
            // the trial's code comes back at last: nothing it says changes the record
            TrialEvents late = backend.events.get(id);
            late.finalResult(Map.of(TrialRecord.DEFAULT_METRIC, 1.0));
            late.returned(null);
            late.released();
            assertEquals(cancelled, trial(engine, id));
            assertTrue(engine.wasStopped());
        }
    }

    @Test
    void aBackendThatReportsLateGivesTheTimesItsTrialRanAtNotWhenTheReportsArrived() throws Exception {
        HandBackend backend = new HandBackend(Set.of());
        try (TrialEngine engine = TrialEngine.create(EngineFixtures.settings(1, 2), new FakeSpace(),
                new EnumerateStrategy(), backend, new EngineObserver() {})) {
            engine.start();
            long id = backend.next();
            // a worker's trial of 1.5 s, read by a poll that came later, both reports in one go
            java.time.Instant began = java.time.Instant.now().minusSeconds(10);
            TrialEvents e = backend.events.get(id);
            e.occurredAt(began);
            e.started("cpu()");
            e.finalResult(Map.of(TrialRecord.DEFAULT_METRIC, 0.5));
            e.occurredAt(began.plusMillis(1500));
            e.returned(null);
            e.released();
            TrialRecord done = trial(engine, id);
            assertEquals(TrialStatus.SUCCEEDED, done.status());
            assertEquals(began, done.started().orElseThrow());
            assertEquals(began.plusMillis(1500), done.ended().orElseThrow());

            // back on the engine's clock: an outcome the backend itself reports (its job died)
            long next = backend.next();
            TrialEvents dying = backend.events.get(next);
            dying.occurredAt(began);
            dying.started("cpu()");
            dying.occurredAt(null);
            java.time.Instant beforeFailure = java.time.Instant.now();
            dying.failed("the job died");
            dying.released();
            TrialRecord died = trial(engine, next);
            assertEquals(began, died.started().orElseThrow());
            assertFalse(died.ended().orElseThrow().isBefore(beforeFailure), died::toString);
            engine.stop();
        }
    }

    @Test
    void aResumedSearchReattachesToTrialsStillRunningAndCancelsTheRest() throws Exception {
        Sample a = new FakeSpace().enumerate().iterator().next();
        java.time.Instant t0 = java.time.Instant.now();
        TrialRecord running = TrialRecord.submitted(1, a, t0);
        TrialRecord waiting = TrialRecord.submitted(2, a, t0);
        HandBackend backend = new HandBackend(Set.of(1L));
        List<TrialRecord> ended = new CopyOnWriteArrayList<>();
        EngineObserver observer = new EngineObserver() {
            @Override
            public void trialEnded(TrialRecord trial, List<String> strategyCalls) {
                ended.add(trial);
            }
        };
        try (TrialEngine engine = TrialEngine.create(EngineFixtures.settings(1, 3), new FakeSpace(),
                new EnumerateStrategy(), backend, observer)) {
            engine.restore(List.of(running, waiting), Optional.empty(), List.of());
            engine.start();
            assertEquals(TrialStatus.RUNNING, trial(engine, 1).status(), "reattached: it still runs");
            assertEquals(TrialStatus.CANCELLED, trial(engine, 2).status());
            assertTrue(backend.launched.isEmpty(), "the reattached trial holds the only slot");
            backend.events.get(1L).finalResult(Map.of(TrialRecord.DEFAULT_METRIC, 0.5));
            backend.events.get(1L).returned(null);
            backend.events.get(1L).released();
            long third = backend.next();
            assertEquals(3, third, "new ids continue after the restored ones");
            backend.succeed(third, 0.7);
            assertTrue(engine.await(Duration.ofSeconds(10)));
            assertEquals(TrialStatus.SUCCEEDED, trial(engine, 1).status());
            assertEquals(List.of(1L, 3L), ended.stream().map(TrialRecord::id).toList());
            assertEquals("maxTrials 3 reached", engine.endReason());
        }
    }

    @Test
    void anObserverMayStopTheSearchWhenATrialEnds() throws Exception {
        HandBackend backend = new HandBackend(Set.of());
        TrialEngine[] self = new TrialEngine[1];
        EngineObserver observer = new EngineObserver() {
            @Override
            public void trialEnded(TrialRecord trial, List<String> strategyCalls) {
                self[0].stop(); // e.g. a listener that stops once a metric is good enough
            }
        };
        try (TrialEngine engine = TrialEngine.create(EngineFixtures.settings(2, 10), new FakeSpace(),
                new EnumerateStrategy(), backend, observer)) {
            self[0] = engine;
            engine.start();
            long first = backend.next();
            long second = backend.next();
            backend.succeed(first, 0.9);
            backend.succeed(second, 0.8);
            assertTrue(engine.await(Duration.ofSeconds(10)));
            assertTrue(engine.wasStopped());
            assertEquals(2, engine.trials().size());
        }
    }

    @Test
    void onlyTheLimitsChangeWhileTheSearchRuns() {
        EngineSettings settings = EngineFixtures.settings(1, 5);
        try (TrialEngine engine = TrialEngine.create(settings, new FakeSpace(), new EnumerateStrategy(),
                new HandBackend(Set.of()), new EngineObserver() {})) {
            engine.update(settings.withLimits(3, OptionalLong.of(8)));
            assertEquals(3, engine.settings().trialConcurrency());
            EngineSettings otherSeed = new EngineSettings("test", 1, OptionalLong.of(5), Optional.empty(), Optional.empty(),
                    Duration.ofMillis(300), settings.direction(), 42);
            assertThrows(IllegalArgumentException.class, () -> engine.update(otherSeed));
        }
    }

    @Test
    void aBuildFailureFailsTheTrialWithTheBackendsDescription() throws Exception {
        HandBackend backend = new HandBackend(Set.of());
        try (TrialEngine engine = TrialEngine.create(EngineFixtures.settings(1, 1), new FakeSpace(),
                new EnumerateStrategy(), backend, new EngineObserver() {})) {
            engine.start();
            long id = backend.next();
            TrialEvents e = backend.events.get(id);
            e.started("cpu()");
            e.failed("could not build the model of {a=0}");
            e.released();
            assertTrue(engine.await(Duration.ofSeconds(10)));
            TrialRecord failed = trial(engine, id);
            assertEquals(TrialStatus.FAILED, failed.status());
            assertEquals(Optional.of("could not build the model of {a=0}"), failed.error());
            assertTrue(new ArrayList<>(engine.trials()).size() == 1 && !engine.wasStopped());
        }
    }

    @Test
    void anEvaluatorThatRulesItsTrialOutEndsItEarlyStoppedWithWhatItMeasuredAndCountsItSkipped() throws Exception {
        HandBackend backend = new HandBackend(Set.of());
        try (TrialEngine engine = TrialEngine.create(EngineFixtures.settings(1, 1), new FakeSpace(),
                new EnumerateStrategy(), backend, new EngineObserver() {})) {
            engine.start();
            long id = backend.next();
            TrialEvents e = backend.events.get(id);
            e.started("cpu()");
            e.threw(new NotTrained("not trained: latency 3.000 ms on cpu() is over the limit of 2.0 ms",
                    Map.of("latency_ms", 3.0)));
            e.released();
            assertTrue(engine.await(Duration.ofSeconds(10)));
            TrialRecord ruledOut = trial(engine, id);
            assertEquals(TrialStatus.EARLY_STOPPED, ruledOut.status());
            assertEquals(Map.of("latency_ms", 3.0), ruledOut.finalMetrics());
            assertTrue(ruledOut.metric().isEmpty());
            assertTrue(ruledOut.error().orElse("").isEmpty(), "not a failure: " + ruledOut.error());
            assertTrue(ruledOut.log().contains("not trained: latency 3.000 ms on cpu() is over the limit of 2.0 ms"),
                    ruledOut.log().toString());
            assertEquals(1, engine.skipped());
        }
    }
}
