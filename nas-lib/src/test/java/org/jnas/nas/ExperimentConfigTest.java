package org.jnas.nas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.jnas.nas.trial.Direction;
import org.jnas.nas.trial.Objective;
import org.junit.jupiter.api.Test;

/** The rules between settings, and which settings may change when. */
class ExperimentConfigTest {

    @Test
    void anObjectiveOnTheDefaultMetricMustAgreeWithTheDirectionSetBeforeIt() {
        ExperimentConfig config = new ExperimentConfig().direction(Direction.MINIMIZE);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> config.objectives(Objective.maximize("default"), Objective.minimize("params")));
        assertTrue(e.getMessage().contains("disagrees"), e.getMessage());
        assertEquals(List.of(), config.objectives(), "a refused change leaves the objectives as they were");

        config.objectives(Objective.minimize("default"), Objective.minimize("params"));
        assertEquals(Optional.of(Direction.MINIMIZE), config.direction());
    }

    @Test
    void theDirectionIsTheConfiguredOneElseTheDefaultObjectivesElseTheEvaluators() {
        ExperimentConfig config = new ExperimentConfig();
        assertEquals(Direction.MINIMIZE, config.directionOr(() -> Direction.MINIMIZE));
        config.objectives(Objective.minimize("params"), Objective.maximize("default"));
        assertEquals(Direction.MAXIMIZE, config.directionOr(() -> Direction.MINIMIZE));
        config.direction(Direction.MAXIMIZE);
        assertEquals(Direction.MAXIMIZE, config.directionOr(() -> {
            throw new AssertionError("the evaluator is not asked when the configuration says");
        }));
    }

    @Test
    void aLatencyLimitMeasuresBatchOneUnlessABatchSizeIsSetAndNeitherUndoesTheOther() {
        ExperimentConfig limitFirst = new ExperimentConfig().latencyLimit(5);
        assertEquals(1, limitFirst.measureLatency().getAsInt());
        limitFirst.measureLatency(8);
        assertEquals(8, limitFirst.measureLatency().getAsInt());
        assertEquals(5, limitFirst.latencyLimit().getAsDouble());

        ExperimentConfig batchFirst = new ExperimentConfig().measureLatency(4).latencyLimit(2.5);
        assertEquals(4, batchFirst.measureLatency().getAsInt());
        assertEquals(2.5, batchFirst.latencyLimit().getAsDouble());
    }

    @Test
    void onceStartedOnlyTheLimitsChangeAndTheRunningSearchIsToldOfEach() {
        AtomicInteger told = new AtomicInteger();
        ExperimentConfig config = new ExperimentConfig();
        config.freeze(told::incrementAndGet, () -> 4); // the search has created 4 trials
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> config.seed(7));
        assertEquals("seed cannot change once the experiment has started; only trialConcurrency and maxTrials can",
                e.getMessage());
        config.trialConcurrency(3).maxTrials(10);
        assertEquals(2, told.get());
        assertEquals(3, config.trialConcurrency());
        // a budget below the trials that exist could never be met: refused, as the dashboard refuses it
        IllegalArgumentException below = assertThrows(IllegalArgumentException.class, () -> config.maxTrials(3));
        assertEquals("maxTrials 3 is below the 4 trials already submitted; set at least 4, or stop() the search",
                below.getMessage());
        assertEquals(10, config.maxTrials().getAsLong(), "unchanged");
        config.maxTrials(4);
        assertEquals(3, told.get());
    }

    @Test
    void aStoredConfigurationRefusesEveryChangeSayingWhy() {
        ExperimentConfig config = new ExperimentConfig().readOnly("is stored");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> config.maxTrials(5));
        assertEquals("maxTrials is stored", e.getMessage());
        assertThrows(IllegalStateException.class, () -> config.name("other"));
        assertTrue(config.maxTrials().isEmpty());
    }
}
