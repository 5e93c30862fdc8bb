package org.jnas.nas.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.jnas.nas.strategy.Middleware;
import org.jnas.nas.strategy.Strategy;
import org.jnas.nas.strategy.StrategyState;
import org.jnas.nas.testing.FakeSpace;
import org.jnas.nas.trial.Direction;
import org.jnas.nas.trial.TrialRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The strategy's state kept incrementally: the calls the engine hands over at each trial end,
 * replayed into a fresh strategy (alone, or after a whole state saved earlier), give the state the
 * search's own strategy had right after that trial, as a resume after a kill at that trial needs.
 */
@Timeout(60)
class StrategyJournalTest {
    private static final int TRIALS = 10;

    /** Evolution learns from every result, and the median stop from every intermediate one. */
    private static final Supplier<Strategy> STRATEGY = () -> Middleware.medianStop(
            Strategy.regularizedEvolution().populationSize(3).sampleSize(2).dedup(false), 1, 1);

    /** What one search handed over: the calls of each trial end, and the strategy's own state then. */
    private record Search(List<List<String>> callsByEnd, List<StrategyState> statesByEnd, StrategyState whole) {}

    private static Search search() throws InterruptedException {
        Strategy strategy = STRATEGY.get();
        List<List<String>> calls = new ArrayList<>();
        List<StrategyState> states = new ArrayList<>();
        StrategyState[] whole = new StrategyState[1];
        EngineObserver observer = new EngineObserver() {
            @Override
            public void trialEnded(TrialRecord trial, List<String> strategyCalls) {
                calls.add(strategyCalls);
                // one trial at a time: nothing calls the strategy until this returns
                states.add(strategy.saveState());
            }

            @Override
            public void strategySaved(StrategyState state) {
                whole[0] = state;
            }
        };
        try (TrialEngine engine = EngineFixtures.local(EngineFixtures.settings(1, TRIALS), strategy, trial -> {
            double score = trial.sample().getInt("a") + (trial.sample().getString("b").equals("x") ? 0.5 : 0);
            trial.reportIntermediate(score / 2);
            trial.reportIntermediate(score / 3);
            trial.reportFinal(score);
        }, List.of(Device.cpu()), observer)) {
            engine.start();
            assertTrue(engine.await(Duration.ofSeconds(30)));
        }
        return new Search(calls, states, whole[0]);
    }

    private static Strategy restored(Optional<StrategyState> checkpoint, List<String> calls) {
        Strategy fresh = STRATEGY.get();
        new StrategyCalls(fresh, new ReentrantLock(), "test", true)
                .start(new FakeSpace(), Direction.MAXIMIZE, 0, checkpoint, calls);
        return fresh;
    }

    private static List<String> callsUpTo(Search s, int fromEnd, int toEnd) {
        List<String> calls = new ArrayList<>();
        s.callsByEnd().subList(fromEnd, toEnd).forEach(calls::addAll);
        return calls;
    }

    @Test
    void callsHandedOverUpToAnyTrialEndRebuildTheStrategyAsItWasThen() throws Exception {
        Search s = search();
        assertEquals(TRIALS, s.callsByEnd().size());
        for (int n = 1; n <= TRIALS; n++) {
            assertEquals(s.statesByEnd().get(n - 1).json(),
                    restored(Optional.empty(), callsUpTo(s, 0, n)).saveState().json(),
                    "the strategy after the calls up to trial end " + n);
        }
        assertEquals(s.whole().json(), s.statesByEnd().get(TRIALS - 1).json(),
                "the whole state at the end is the one after the last trial end");
    }

    @Test
    void callsAfterAWholeStateContinueFromIt() throws Exception {
        Search s = search();
        int checkpoint = 4;
        assertEquals(s.statesByEnd().get(TRIALS - 1).json(),
                restored(Optional.of(s.statesByEnd().get(checkpoint - 1)), callsUpTo(s, checkpoint, TRIALS))
                        .saveState().json());
    }

    @Test
    void callsReplayedIntoAnotherStrategyFailLoudly() throws Exception {
        Search s = search();
        Strategy other = Strategy.random().dedup(false);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () ->
                new StrategyCalls(other, new ReentrantLock(), "test", true)
                        .start(new FakeSpace(), Direction.MAXIMIZE, 0, Optional.empty(), callsUpTo(s, 0, TRIALS)));
        assertTrue(e.getMessage().contains("does not replay"), e.getMessage());
    }
}
