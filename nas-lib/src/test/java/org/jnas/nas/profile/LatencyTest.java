package org.jnas.nas.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.pytorch.jni.JniUtils;
import java.util.Arrays;
import org.jnas.nas.Quickstart;
import org.junit.jupiter.api.Test;

/**
 * Measured latency against the work done: a stack of equal linear layers of known cost against
 * one twice as deep (twice the MACs). The machine running the tests is shared, so the checks are
 * orderings and a wide ratio band on medians of repeated measurements, never durations.
 */
class LatencyTest {
    private static final Shape INPUT = new Shape(16, 512);

    /** {@code layers} linear layers of 512 units: {@code layers x 16 x 512 x 512} MACs. */
    private static Block stack(int layers) {
        SequentialBlock block = new SequentialBlock();
        for (int i = 0; i < layers; i++) {
            block.add(Linear.builder().setUnits(512).build());
        }
        return block;
    }

    private static double median(int layers) {
        return Latency.measure(stack(layers), INPUT, Device.cpu(), 3, 15).medianMs();
    }

    /**
     * One intra-op thread: two threads that wait on each other at every operator turn a core taken
     * by another process into stalls many times the model's cost, hiding the cost of the model.
     */
    @Test
    void aModelTwiceAsCostlyIsSlowerByAboutTwice() {
        int threadsBefore = JniUtils.getNumThreads();
        JniUtils.setNumThreads(1);
        try {
            compareTwoStacks();
        } finally {
            JniUtils.setNumThreads(threadsBefore);
        }
    }

    private static void compareTwoStacks() {
        assertEquals(2 * Profile.of(stack(4), INPUT).macs().getAsLong(), Profile.of(stack(8), INPUT).macs().getAsLong());
        median(8); // the engine's first passes in this JVM (kernel selection, thread pools) are not the model's cost
        // the two models measured in turn, so that a change in the machine's load reaches both
        double[] ratios = new double[5];
        StringBuilder seen = new StringBuilder();
        for (int i = 0; i < ratios.length; i++) {
            double small = median(4);
            double big = median(8);
            ratios[i] = big / small;
            seen.append(String.format(java.util.Locale.ROOT, " %.3f/%.3f ms", big, small));
        }
        Arrays.sort(ratios);
        double ratio = ratios[ratios.length / 2];
        // twice the work; fixed per-pass costs pull the ratio below 2, a busy machine spreads it
        assertTrue(ratio > 1.2 && ratio < 4, "median ratio " + ratio + " of 8 to 4 layers:" + seen);
    }

    @Test
    void reportsTheSpreadOfItsRunsOnTheDeviceAsked() {
        Latency l = Latency.measure(Quickstart.space(), Quickstart.space().enumerate().iterator().next(),
                new Shape(1, 1, 28, 28), Device.cpu());
        assertEquals(Latency.RUNS, l.runs());
        assertTrue(l.minMs() > 0 && l.minMs() <= l.medianMs() && l.medianMs() <= l.maxMs(), l.toString());
        assertEquals(Device.cpu().toString(), l.device());
        assertEquals(new Shape(1, 1, 28, 28), l.inputShape());
        assertTrue(l.toString().contains("ms median"), l.toString());
    }

    /**
     * A GPU that DJL does not see (on a machine without one, gpu(0)) is refused at once in a line
     * that says so, not with PyTorch's dispatcher dump once the block is built on it.
     */
    @Test
    void aGpuDjlDoesNotSeeIsRefusedBeforeAnythingIsBuilt() {
        int gpus = Engine.getInstance().getGpuCount();
        Device missing = Device.gpu(gpus);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Latency.measure(Quickstart.space(),
                Quickstart.space().enumerate().iterator().next(), new Shape(1, 1, 28, 28), missing));
        String expected = gpus == 0
                ? "cannot measure latency on gpu(0): DJL sees no GPU: load CUDA natives (build with -Pcuda, see docs/install.md)"
                        + " or measure on Device.cpu()"
                : "cannot measure latency on gpu(" + gpus + "): DJL sees " + gpus + " GPU";
        assertTrue(e.getMessage().startsWith(expected), e.getMessage());
        Block block = stack(1);
        IllegalArgumentException again = assertThrows(IllegalArgumentException.class,
                () -> Latency.measure(block, INPUT, missing));
        assertTrue(again.getMessage().startsWith(expected), again.getMessage());
        assertFalse(block.isInitialized(), "nothing was built on the missing GPU");
    }

    @Test
    void anInputTheBlockCannotTakeNamesTheShape() {
        Block convs = Quickstart.space().instantiate(Quickstart.space().enumerate().iterator().next());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Latency.measure(convs, new Shape(1, 5), Device.cpu()));
        assertTrue(e.getMessage().contains("(1, 5)"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Latency.measure(stack(1), INPUT, Device.cpu(), 0, 0));
        assertFalse(stack(1).isInitialized());
    }
}
