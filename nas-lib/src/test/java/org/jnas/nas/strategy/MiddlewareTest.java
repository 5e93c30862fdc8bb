package org.jnas.nas.strategy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.jnas.nas.trial.Direction;
import org.jnas.nas.space.Sample;
import org.jnas.nas.trial.TrialStatus;
import org.junit.jupiter.api.Test;
import java.util.OptionalLong;
import java.util.OptionalDouble;

class MiddlewareTest {
    private static final TestSpace SPACE = TestSpace.conditional();
    private static final Sample A = Sample.of(Map.of("n", 1, "w0", 16));
    private static final Sample B = Sample.of(Map.of("n", 1, "w0", 32));

    private static double width(Sample s) {
        return ((Number) s.get("w0")).doubleValue();
    }

    @Test
    void dedupEndsANonDedupingSearchOnceEveryArchitectureIsProposed() {
        Simulator.Run run = Simulator.of(SPACE, MiddlewareTest::width).concurrency(3).budget(500)
                .run(Middleware.dedup(Strategy.random().dedup(false)));
        assertTrue(run.exhausted());
        assertEquals(39, run.proposals().size());
        assertEquals(39, new HashSet<>(run.proposals()).size());
    }

    @Test
    void dedupAnswersARepeatWithTheEarlierResultInsteadOfRunningIt() {
        Scripted inner = new Scripted(A, A, B, B);
        Simulator.Run run = Simulator.of(SPACE, MiddlewareTest::width).concurrency(2).budget(10)
                .run(Middleware.dedup(inner));
        assertEquals(List.of(A, B), run.proposals());
        assertEquals(4, inner.learned.size(), "one outcome per inner proposal");
        for (TrialOutcome o : inner.learned) {
            assertEquals(width(o.sample()), o.metric().getAsDouble());
        }
    }

    @Test
    void dedupReplacesAStuckInnerStrategyWithAnUnseenArchitecture() {
        Sample[] script = new Sample[18];
        Arrays.fill(script, A);
        Scripted inner = new Scripted(script);
        Simulator.Run run = Simulator.of(SPACE, MiddlewareTest::width).concurrency(2).budget(10)
                .run(Middleware.dedup(inner));
        assertEquals(2, run.proposals().size(), "A, then a replacement after 16 repeats");
        assertEquals(A, run.proposals().get(0));
        assertFalse(run.proposals().get(1).equals(A));
        assertTrue(run.exhausted());
        assertEquals(18, inner.learned.size(), "every inner proposal answered, the replacement's result kept back");
        assertTrue(inner.learned.stream().allMatch(o -> o.sample().equals(A)));
    }

    @Test
    void retryRunsAFailedArchitectureAgainAndHidesTheFailure() {
        Map<Sample, Integer> attempts = new HashMap<>();
        Scripted inner = new Scripted(A, B);
        Simulator.Run run = Simulator.of(SPACE, MiddlewareTest::width).budget(10)
                .fails(s -> attempts.merge(s, 1, Integer::sum) == 1 && s.equals(A)) // A fails once
                .run(Middleware.retryFailures(inner, 2));
        assertEquals(List.of(A, A, B), run.proposals());
        assertEquals(List.of(TrialStatus.SUCCEEDED, TrialStatus.SUCCEEDED),
                inner.learned.stream().map(TrialOutcome::status).toList());
    }

    @Test
    void retryGivesUpAfterMaxRetriesAndPassesTheFailureOn() {
        Scripted inner = new Scripted(A, B);
        Simulator.Run run = Simulator.of(SPACE, MiddlewareTest::width).concurrency(2).budget(10)
                .fails(A::equals)
                .run(Middleware.retryFailures(inner, 2));
        assertEquals(3, run.proposals().stream().filter(A::equals).count());
        assertEquals(List.of(TrialStatus.SUCCEEDED, TrialStatus.FAILED),
                inner.learned.stream().map(TrialOutcome::status).toList());
        assertTrue(run.exhausted());
    }

    @Test
    void ignoreFailuresTellsTheInnerStrategyThatNothingWasLearned() {
        Scripted inner = new Scripted(A, B);
        Simulator.of(SPACE, MiddlewareTest::width).budget(10).fails(A::equals)
                .run(Middleware.ignoreFailures(inner));
        assertEquals(List.of(TrialStatus.CANCELLED, TrialStatus.SUCCEEDED),
                inner.learned.stream().map(TrialOutcome::status).toList());
        assertTrue(inner.learned.get(0).metric().isEmpty());
    }

    /** Two succeeded trials with curves 1,2,3 and 3,4,5: running averages at step 0 are 1 and 3, median 2. */
    private static Strategy medianStopAfterTwoTrials(Direction direction, int minSteps) {
        Strategy s = Middleware.medianStop(Strategy.random(), 2, minSteps);
        s.start(TestSpace.grid(3, 3), direction, 1);
        for (int i = 0; i < 4; i++) {
            s.propose(new Capacity(1, i, OptionalLong.of(10)));
        }
        s.onTrialEnd(new TrialOutcome(0, A, TrialStatus.SUCCEEDED, OptionalDouble.of(3), List.of(1.0, 2.0, 3.0)));
        assertFalse(s.onIntermediate(2, B, 0, -100), "one completed trial is still warm-up");
        s.onTrialEnd(new TrialOutcome(1, B, TrialStatus.SUCCEEDED, OptionalDouble.of(5), List.of(3.0, 4.0, 5.0)));
        return s;
    }

    @Test
    void medianStopStopsATrialWorseThanTheMedianOfCompletedRunningAverages() {
        Strategy max = medianStopAfterTwoTrials(Direction.MAXIMIZE, 1);
        assertTrue(max.onIntermediate(3, A, 0, 1.5));
        assertFalse(max.onIntermediate(4, B, 0, 2.5));
        // At step 1 the averages are 1.5 and 3.5 (median 2.5); the best so far counts, not the last value.
        assertFalse(max.onIntermediate(4, B, 1, 0.0));
    }

    @Test
    void medianStopHonoursMinimize() {
        Strategy min = medianStopAfterTwoTrials(Direction.MINIMIZE, 1);
        assertFalse(min.onIntermediate(3, A, 0, 1.5));
        assertTrue(min.onIntermediate(4, B, 0, 2.5));
    }

    @Test
    void medianStopWaitsForMinSteps() {
        Strategy s = medianStopAfterTwoTrials(Direction.MAXIMIZE, 2);
        assertFalse(s.onIntermediate(3, A, 0, -10));
        assertTrue(s.onIntermediate(3, A, 1, -10));
    }

    @Test
    void medianStopInASearchNeverStopsTheBestTrials() {
        TestSpace space = TestSpace.grid(2, 5);
        Simulator.Run run = Simulator.of(space, s -> ((Number) s.get("x0")).doubleValue())
                .concurrency(2).budget(25)
                .intermediates(4, (s, step) -> ((Number) s.get("x0")).doubleValue() * (step + 1) / 4)
                .run(Middleware.medianStop(Strategy.random(), 3, 1));
        List<Simulator.Trial> stopped = run.trials().stream().filter(t -> t.status() == TrialStatus.EARLY_STOPPED).toList();
        assertFalse(stopped.isEmpty());
        for (Simulator.Trial t : stopped) {
            assertTrue(((Number) t.sample().get("x0")).intValue() < 40, "stopped a best trial: " + t);
        }
        assertTrue(run.trials().stream().anyMatch(t -> t.status() == TrialStatus.SUCCEEDED
                && ((Number) t.sample().get("x0")).intValue() == 40));
    }
}
