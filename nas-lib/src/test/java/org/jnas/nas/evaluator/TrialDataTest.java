package org.jnas.nas.evaluator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.Batch;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jnas.nas.data.ArrayData;
import org.jnas.nas.data.TrainTestData;
import org.junit.jupiter.api.Test;

/** Trials share one native copy of in-memory data: concurrent and closed trials must not disturb the others. */
class TrialDataTest {

    private static final ArrayData TEST = ClassificationEvaluatorTest.noisyPatterns(100, 3);
    private static final TrialData DATA = TrialData.of(new TrainTestData(TEST, TEST)).subset(0, 60);

    /** All validation features of one trial, in order. */
    private static float[] readTest(NDManager manager) throws Exception {
        TrialData.Prepared prepared = DATA.prepare(manager, 16, true);
        assertArrayEquals(new Shape[] {new Shape(1, 1, 28, 28)}, prepared.inputShapes());
        float[] all = new float[60 * 784];
        int offset = 0;
        for (Batch batch : prepared.test().getData(manager)) {
            try (batch) {
                float[] values = batch.getData().singletonOrThrow().toFloatArray();
                System.arraycopy(values, 0, all, offset, values.length);
                offset += values.length;
            }
        }
        assertEquals(all.length, offset);
        return all;
    }

    @Test
    void concurrentTrialsReadTheSameDataAndClosingOneLeavesTheOthersIntact() throws Exception {
        float[] expected = TEST.first(60).features();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (NDManager root = NDManager.newBaseManager()) {
            List<Future<float[]>> reads = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                reads.add(pool.submit(() -> {
                    try (NDManager trial = root.newSubManager()) {
                        return readTest(trial);
                    }
                }));
            }
            for (Future<float[]> read : reads) {
                assertArrayEquals(expected, read.get());
            }
            try (NDManager later = root.newSubManager()) {
                assertArrayEquals(expected, readTest(later), "data survives the closed trials' managers");
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
