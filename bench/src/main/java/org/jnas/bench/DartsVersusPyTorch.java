package org.jnas.bench;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jnas.nas.data.Datasets;
import org.jnas.nas.data.TrainTestData;
import org.jnas.nas.oneshot.OneShotResult;
import org.jnas.nas.oneshot.OneShotSearch;
import org.jnas.nas.space.ModelSpace;

/**
 * JNAS's first-order DARTS against the same search written in plain PyTorch
 * ({@code bench/oneshot/darts_reference.py}), side by side: the acceptance space of
 * docs/one-shot.md (24 conv architectures), 2,000 Fashion-MNIST images split in half, 20 epochs of
 * which 5 warm-up, architecture learning rate 3e-3, batches of 64. Round i runs seed i on both,
 * JNAS first; prints each search's wall time, the medians and JNAS's over PyTorch's. Both sides
 * train on one thread when run as docs/performance.md says ({@code OMP_NUM_THREADS=1} and DJL's
 * thread properties in {@code JAVA_OPTS}; the script sets {@code torch.set_num_threads(1)}).
 *
 * <p>Run: {@code bench/run.sh DartsVersusPyTorch [--rounds 3] [--python /usr/bin/python3]}; needs
 * Debian's {@code python3-torch}.
 */
public final class DartsVersusPyTorch {
    private static final Pattern PYTORCH_TIME =
            Pattern.compile("^seed \\d+: exports (\\{.*\\}) \\(([\\d.]+) s\\)", Pattern.MULTILINE);

    private DartsVersusPyTorch() {}

    /** The acceptance space as darts_reference.py builds it: a BatchNorm without scale and shift after each candidate. */
    static ModelSpace space() {
        return ModelSpace.define("darts-acceptance", s -> new SequentialBlock()
                .add(s.layerChoice("conv1", () -> conv(3), () -> conv(5), () -> conv(1)))
                .add(Activation.reluBlock())
                .add(s.layerChoice("pool", () -> unscaled(Pool.maxPool2dBlock(new Shape(2, 2))),
                        () -> unscaled(Pool.avgPool2dBlock(new Shape(2, 2)))))
                .add(s.layerChoice("conv2", () -> conv(3), () -> conv(1)))
                .add(Activation.reluBlock())
                .add(Pool.maxPool2dBlock(new Shape(2, 2)))
                .add(Blocks.batchFlattenBlock())
                .add(s.valueChoice("feature", List.of(32, 64), units -> Linear.builder().setUnits(units).build()))
                .add(Activation.reluBlock())
                .add(Linear.builder().setUnits(10).build()));
    }

    private static Block conv(int kernel) {
        return unscaled(Conv2d.builder().setFilters(16).setKernelShape(new Shape(kernel, kernel))
                .optPadding(new Shape(kernel / 2, kernel / 2)).build());
    }

    private static Block unscaled(Block op) {
        return new SequentialBlock().add(op).add(BatchNorm.builder().optCenter(false).optScale(false).build());
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse("DartsVersusPyTorch", args);
        int rounds = options.integer("rounds", 3, "searches on each side (seeds 1..rounds)");
        String python = options.text("python", "/usr/bin/python3", "the Python with torch (Debian's python3-torch)");
        Path script = options.path("script", Path.of("bench/oneshot/darts_reference.py"), "the plain PyTorch DARTS");
        options.done();
        TrainTestData data = Datasets.fashionMnist().first(2000, 1000);
        List<Double> jnas = new ArrayList<>();
        List<Double> pytorch = new ArrayList<>();
        for (int seed = 1; seed <= rounds; seed++) {
            long t0 = System.nanoTime();
            OneShotResult result = OneShotSearch.darts(space(), data).epochs(20).warmupEpochs(5)
                    .architectureLearningRate(3e-3).batchSize(64).seed(seed).run();
            jnas.add((System.nanoTime() - t0) / 1e9);
            System.out.printf("seed %d  JNAS    %6.1f s  exports %s%n", seed, jnas.get(jnas.size() - 1), result.sample());
            Matcher m = PYTORCH_TIME.matcher(runReference(python, script, seed));
            if (!m.find()) {
                throw new IllegalStateException("darts_reference.py printed no search time for seed " + seed);
            }
            pytorch.add(Double.parseDouble(m.group(2)));
            System.out.printf("seed %d  PyTorch %6.1f s  exports %s%n", seed, pytorch.get(pytorch.size() - 1), m.group(1));
        }
        double jnasMedian = Stats.of(jnas).median();
        double pytorchMedian = Stats.of(pytorch).median();
        System.out.printf("median search: JNAS %.1f s, PyTorch %.1f s; JNAS / PyTorch %.2f%n",
                jnasMedian, pytorchMedian, jnasMedian / pytorchMedian);
    }

    private static String runReference(String python, Path script, int seed) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(python, script.toString(), "--seeds", String.valueOf(seed))
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException("darts_reference.py failed (exit " + process.exitValue() + "):\n" + output);
        }
        return output;
    }
}
