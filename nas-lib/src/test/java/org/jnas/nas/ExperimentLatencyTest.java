package org.jnas.nas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jnas.nas.results.ExperimentStatus;
import org.jnas.nas.results.TrialTable;
import org.jnas.nas.space.ModelSpace;
import org.jnas.nas.space.Sample;
import org.jnas.nas.strategy.Strategy;
import org.jnas.nas.trial.TrialEvaluator;
import org.jnas.nas.trial.TrialRecord;
import org.jnas.nas.trial.TrialStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Latency measured by each trial on its device, and a latency limit that keeps slow architectures from training. */
class ExperimentLatencyTest {
    private static final Shape IMAGE = new Shape(1, 3, 64, 64);
    /** Far above width 4 (about 1.6M MACs) and far below width 64 (about 310M MACs) on any CPU. */
    private static final double LIMIT_MS = 2.0;

    @TempDir
    Path home;

    /** Three 3x3 convolutions of 4 or 64 filters on a 64x64 image: two architectures 200 times apart in MACs. */
    private static ModelSpace space() {
        return ModelSpace.define("convs", s -> {
            int width = s.valueChoice("width", 4, 64);
            SequentialBlock block = new SequentialBlock();
            for (int i = 0; i < 3; i++) {
                block.add(Conv2d.builder().setFilters(width).setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1))
                        .build());
            }
            return block;
        });
    }

    private static int width(Sample s) {
        return ((Number) s.get("width")).intValue();
    }

    private Experiment experiment(TrialEvaluator evaluator, String name) {
        Experiment exp = Experiment.create(space(), evaluator, Strategy.gridSearch());
        // one trial at a time on one thread: what latency figures need to be worth comparing
        exp.config().name(name).devicePolicy(DevicePolicy.CPU).trialConcurrency(1).intraOpThreads(1).maxTrials(10)
                .home(home).inputShape(IMAGE);
        return exp;
    }

    @Test
    void everyTrialRecordsItsLatencyAtBatchOneAndTheBatchGivenAsStoredTableColumns() throws Exception {
        String id;
        try (Experiment exp = experiment(trial -> trial.reportFinal(width(trial.sample())), "latency")) {
            exp.config().inputShape(new Shape(1, 3, 16, 16)).measureLatency(4);
            exp.run();
            id = exp.id();
            assertEquals(2, exp.trials().size());
            for (TrialRecord t : exp.trials()) {
                assertEquals(TrialStatus.SUCCEEDED, t.status(), t.toString());
                double one = t.finalMetrics().get("latency_ms");
                double four = t.finalMetrics().get("batch_latency_ms");
                assertTrue(one > 0 && four > 0, t.finalMetrics().toString());
                assertTrue(t.finalMetrics().containsKey("params") && t.finalMetrics().containsKey("macs"));
                assertTrue(t.log().stream().anyMatch(l -> l.startsWith("latency: ") && l.contains("(4, 3, 16, 16)")),
                        t.log().toString());
            }
            TrialTable table = TrialTable.create(exp.trials(), space().choices(), exp.direction());
            List<String> columns = table.table().columnNames();
            assertTrue(columns.containsAll(List.of("params", "macs", "latency_ms", "batch_latency_ms")), columns.toString());
        }
        ExperimentView stored = Experiment.view(home, id);
        assertEquals(4, stored.config().measureLatency().getAsInt());
        for (TrialRecord t : stored.trials()) {
            assertTrue(t.finalMetrics().containsKey("latency_ms") && t.finalMetrics().containsKey("batch_latency_ms"),
                    t.toString());
        }
    }

    @Test
    void anArchitectureOverTheLatencyLimitIsNeverTrainedAndShowsAsSkipped() throws Exception {
        List<Sample> trained = new CopyOnWriteArrayList<>();
        String id;
        try (Experiment exp = experiment(trial -> {
            trained.add(trial.sample());
            trial.reportFinal(width(trial.sample()));
        }, "latency-limit")) {
            exp.config().latencyLimit(LIMIT_MS);
            exp.run();
            id = exp.id();

            assertEquals(ExperimentStatus.DONE, exp.status());
            assertEquals("strategy exhausted", exp.endReason(), "the strategy was told and moved on");
            assertEquals(2, exp.trials().size());
            for (TrialRecord t : exp.trials()) {
                double latency = t.finalMetrics().get("latency_ms");
                if (latency > LIMIT_MS) {
                    assertEquals(TrialStatus.EARLY_STOPPED, t.status(), "over the limit: " + t);
                    assertFalse(trained.contains(t.sample()), "trained over the limit: " + t);
                    assertTrue(t.metric().isEmpty(), t.toString());
                    assertTrue(t.error().orElse("").isEmpty(), "not a failure: " + t.error());
                    assertTrue(t.log().stream().anyMatch(l -> l.startsWith("not trained: latency ")
                            && l.contains("over the limit of 2.0 ms")), t.log().toString());
                } else {
                    assertEquals(TrialStatus.SUCCEEDED, t.status(), t.toString());
                }
            }
            assertEquals(Set.of(4), Set.copyOf(trained.stream().map(ExperimentLatencyTest::width).toList()),
                    "only the small architecture keeps within " + LIMIT_MS + " ms: " + exp.trials());
            assertEquals(1, exp.skipped());
            assertTrue(exp.progress().line().contains("  failed 0  skipped 1  "), exp.progress().line());
        }
        ExperimentView stored = Experiment.view(home, id);
        assertEquals(LIMIT_MS, stored.config().latencyLimit().getAsDouble());
        TrialRecord slow = stored.trials().stream().filter(t -> width(t.sample()) == 64).findFirst().orElseThrow();
        assertEquals(TrialStatus.EARLY_STOPPED, slow.status());
        assertTrue(slow.finalMetrics().get("latency_ms") > LIMIT_MS, slow.toString());
    }

    @Test
    void latencyNeedsAnInputShapeAndAPositiveLimit() {
        try (Experiment exp = Experiment.create(space(), trial -> trial.reportFinal(1), Strategy.gridSearch())) {
            exp.config().name("no-shape").persist(false).latencyLimit(5);
            assertEquals(1, exp.config().measureLatency().getAsInt(), "a limit measures batch 1");
            IllegalStateException e = assertThrows(IllegalStateException.class, exp::start);
            assertTrue(e.getMessage().contains("inputShape"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> exp.config().latencyLimit(0));
            assertThrows(IllegalArgumentException.class, () -> exp.config().measureLatency(0));
        }
    }
}
