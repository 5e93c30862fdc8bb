package org.jnas.nas.profile;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.XavierInitializer;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import org.jnas.nas.space.ModelSpace;
import org.jnas.nas.space.Sample;

/**
 * The measured inference latency of an architecture on a device: forward passes in inference mode
 * (no gradients, dropout off) on inputs of one shape, a few warm-up passes first, then timed
 * passes, each until its output is on the host. Measured, not predicted: the figure is of this
 * machine, this device and what else runs on it at the time.
 *
 * <pre>{@code
 * Latency l = Latency.measure(space.instantiate(sample), new Shape(1, 1, 28, 28), Device.cpu());
 * l.medianMs();   // e.g. 0.42
 * }</pre>
 *
 * @param inputShape the input shape of each pass, batch axis included
 * @param device the device it ran on, e.g. {@code cpu()} or {@code gpu(0)}
 * @param medianMs the median of the timed passes, in milliseconds
 * @param minMs the fastest timed pass
 * @param maxMs the slowest timed pass
 * @param runs the number of timed passes
 */
public record Latency(Shape inputShape, String device, double medianMs, double minMs, double maxMs, int runs) {
    /** Warm-up passes of {@link #measure(Block, Shape, Device)}, not timed. */
    public static final int WARMUP = 5;
    /** Timed passes of {@link #measure(Block, Shape, Device)}. */
    public static final int RUNS = 20;

    /** Checks the values. */
    public Latency {
        Objects.requireNonNull(inputShape, "inputShape");
        Objects.requireNonNull(device, "device");
        if (runs < 1 || !(minMs >= 0) || !(minMs <= medianMs) || !(medianMs <= maxMs)) {
            throw new IllegalArgumentException("need runs >= 1 and 0 <= min <= median <= max: runs=" + runs
                    + ", min=" + minMs + ", median=" + medianMs + ", max=" + maxMs);
        }
    }

    /** {@link #measure(Block, Shape, Device, int, int)} of a fresh block of {@code sample}'s architecture. */
    public static Latency measure(ModelSpace space, Sample sample, Shape inputShape, Device device) {
        Objects.requireNonNull(space, "space");
        Objects.requireNonNull(sample, "sample");
        return measure(space.instantiate(sample), inputShape, device, WARMUP, RUNS); // refuses a GPU DJL does not see
    }

    /** {@link #measure(Block, Shape, Device, int, int)} with {@value #WARMUP} warm-up and {@value #RUNS} timed passes. */
    public static Latency measure(Block block, Shape inputShape, Device device) {
        return measure(block, inputShape, device, WARMUP, RUNS);
    }

    /**
     * Measures {@code block} on {@code device}: {@code warmup} untimed passes, then {@code runs}
     * timed ones. An uninitialized block is initialized here on that device (random weights: the
     * values do not change the work of the layers JNAS spaces use) in a temporary NDManager closed
     * before this returns, so pass a fresh block (e.g. {@code space.instantiate(sample)}), not one
     * you train. An initialized block is run as it is and must live on {@code device}.
     *
     * @throws IllegalArgumentException when {@code warmup < 0}, {@code runs < 1}, {@code device} is a
     *     GPU that DJL does not see, or the block cannot take inputs of that shape
     */
    public static Latency measure(Block block, Shape inputShape, Device device, int warmup, int runs) {
        Objects.requireNonNull(block, "block");
        Objects.requireNonNull(inputShape, "inputShape");
        Objects.requireNonNull(device, "device");
        if (warmup < 0 || runs < 1) {
            throw new IllegalArgumentException("need warmup >= 0 and runs >= 1, got warmup=" + warmup + ", runs=" + runs);
        }
        requireVisible(device);
        try (NDManager manager = NDManager.newBaseManager(device)) {
            if (!block.isInitialized()) {
                block.setInitializer(new XavierInitializer(), Parameter.Type.WEIGHT);
                block.initialize(manager, DataType.FLOAT32, inputShape);
            }
            ParameterStore parameters = new ParameterStore(manager, false);
            double[] ms = new double[runs];
            for (int i = 0; i < warmup + runs; i++) {
                try (NDManager pass = manager.newSubManager()) {
                    NDArray input = pass.randomUniform(0f, 1f, inputShape);
                    input.toArray(); // the input is made before the clock starts
                    long start = System.nanoTime();
                    NDList out = block.forward(parameters, new NDList(input), false);
                    // the host copy waits for an asynchronous device (a GPU) to finish the pass
                    for (NDArray a : out) {
                        a.toArray();
                    }
                    long took = System.nanoTime() - start;
                    if (i >= warmup) {
                        ms[i - warmup] = took / 1e6;
                    }
                }
            }
            Arrays.sort(ms);
            double median = runs % 2 == 1 ? ms[runs / 2] : (ms[runs / 2 - 1] + ms[runs / 2]) / 2;
            return new Latency(inputShape, device.toString(), median, ms[0], ms[runs - 1], runs);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("cannot measure the block's latency for input shape " + inputShape
                    + " on " + device + ": " + e.getMessage(), e);
        }
    }

    /**
     * Refuses a GPU that DJL does not see, before anything is built on it: PyTorch's own error is
     * a dispatcher dump of some 60 lines ("Could not run 'aten::empty.memory_format' ... CUDA
     * backend") that does not say the GPU is missing.
     */
    private static void requireVisible(Device device) {
        if (!device.isGpu()) {
            return;
        }
        int gpus = Engine.getInstance().getGpuCount();
        if (gpus == 0) {
            throw new IllegalArgumentException("cannot measure latency on " + device + ": DJL sees no GPU: load CUDA"
                    + " natives (build with -Pcuda, see docs/install.md) or measure on Device.cpu()");
        }
        if (device.getDeviceId() >= gpus) {
            throw new IllegalArgumentException("cannot measure latency on " + device + ": DJL sees " + gpus
                    + (gpus == 1 ? " GPU, gpu(0)" : " GPUs, gpu(0) to gpu(" + (gpus - 1) + ")"));
        }
    }

    /** E.g. {@code 0.42 ms median (0.40 to 0.61 ms, 20 runs) for input (1, 1, 28, 28) on cpu()}. */
    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%.3f ms median (%.3f to %.3f ms, %d runs) for input %s on %s",
                medianMs, minMs, maxMs, runs, inputShape, device);
    }
}
