package org.jnas.nas.oneshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jnas.nas.data.ArrayData;
import org.jnas.nas.data.TrainTestData;
import org.jnas.nas.space.Layers;
import org.jnas.nas.space.ModelSpace;
import org.junit.jupiter.api.Test;

class ProbabilityTraceTest {
    private static final ModelSpace SPACE = ModelSpace.define("traced", s -> s.layerChoice("op",
            () -> Layers.zero(1), () -> Linear.builder().setUnits(4).build()));

    /** Halves of {@code train} and {@code architecture} examples. */
    private static TrainTestData halves(int train, int architecture) {
        return new TrainTestData(ArrayData.of(new float[train], new Shape(1), new float[train]),
                ArrayData.of(new float[architecture], new Shape(1), new float[architecture]));
    }

    @Test
    void aLongSearchKeepsAboutAHundredPointsEvenlySpacedWithoutTheEpochsEnds() {
        // the smaller half, 1,000 examples in batches of 10: 100 steps an epoch, 500 in 5 epochs
        ProbabilityTrace trace = new ProbabilityTrace(Supernet.build(SPACE, 1), halves(1200, 1000), 10, 5, true);
        List<Long> steps = new ArrayList<>();
        for (int epoch = 0; epoch < 5; epoch++) {
            for (int step = 0; step < 100; step++) {
                trace.stepped();
            }
            List<ProbabilityTrace.Point> within = trace.endEpoch();
            assertEquals(19, within.size(), "every 5th step but the epoch's last, whose probabilities are the epoch's own");
            within.forEach(p -> steps.add(p.step()));
            assertEquals(Map.of("op", List.of(0.5, 0.5)).keySet(), within.get(0).probabilities().keySet());
        }
        assertEquals(500, trace.step());
        assertEquals(95, steps.size(), "with the 5 epochs' ends, 100 points over 500 steps");
        assertEquals(List.of(5L, 10L, 15L), steps.subList(0, 3));
        assertEquals(495L, steps.get(94));
    }

    @Test
    void aShortSearchKeepsEveryStepAndRandomOneShotNone() {
        ProbabilityTrace every = new ProbabilityTrace(Supernet.build(SPACE, 1), halves(40, 40), 16, 2, true);
        ProbabilityTrace none = new ProbabilityTrace(Supernet.build(SPACE, 1), halves(40, 40), 16, 2, false);
        for (int step = 0; step < 3; step++) { // 40 examples in batches of 16
            every.stepped();
            none.stepped();
        }
        assertEquals(List.of(1L, 2L), every.endEpoch().stream().map(ProbabilityTrace.Point::step).toList());
        assertTrue(none.endEpoch().isEmpty(), "RandomOneShot learns no probabilities");
        assertEquals(3, none.step(), "but counts its steps");
    }

    @Test
    void aResumedSearchCountsOnFromItsLastEpoch() {
        ProbabilityTrace trace = new ProbabilityTrace(Supernet.build(SPACE, 1), halves(100, 100), 10, 4, true);
        trace.resumeAfter(new SupernetCheckpoint.Epoch(Map.of(ProbabilityTrace.STEP, 10.0), Map.of(), List.of(), List.of()));
        assertEquals(10, trace.step());
        // an epoch checkpointed before steps were recorded: an epoch's worth more
        trace.resumeAfter(new SupernetCheckpoint.Epoch(Map.of("weight_loss", 1.0), Map.of(), List.of(), List.of()));
        assertEquals(20, trace.step());
        trace.stepped();
        trace.stepped();
        assertEquals(List.of(21L), trace.endEpoch().stream().map(ProbabilityTrace.Point::step).toList(),
                "the next epoch's points count on; its last step, 22, is the epoch's own");
    }
}
