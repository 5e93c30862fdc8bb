package org.jnas.bench;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.IntFunction;
import org.jnas.nas.DevicePolicy;
import org.jnas.nas.Experiment;
import org.jnas.nas.data.Datasets;
import org.jnas.nas.data.TrainTestData;
import org.jnas.nas.evaluator.ClassificationEvaluator;
import org.jnas.nas.oneshot.OneShotResult;
import org.jnas.nas.oneshot.OneShotSearch;
import org.jnas.nas.space.Layers;
import org.jnas.nas.space.ModelSpace;
import org.jnas.nas.space.Reduction;
import org.jnas.nas.space.Sample;
import org.jnas.nas.strategy.Strategy;
import org.jnas.nas.trial.TrialRecord;

/**
 * DARTS on cell spaces over Fashion-MNIST ({@code --images} training images, half for the weights
 * and half for the architecture; {@code --test} test images), in two parts:
 * <ul>
 *   <li>{@code large}: a normal and a reduction cell of 3 nodes, one edge each, over 5 ops (zero,
 *       skip, conv 3x3, max and avg pool): about 9 million architectures. Prints the search's wall
 *       time, epochs and images, the exported architecture, its test accuracy retrained as a
 *       multi-trial trial is trained, and the median test accuracy of {@code --random} random
 *       architectures of the space trained the same way.</li>
 *   <li>{@code quality}: one normal cell of 2 nodes (150 architectures; {@code --quality-space large}:
 *       the large part's space), time to quality: DARTS's search plus retraining its export, against random multi-trial search (an experiment, one
 *       trial at a time) run for {@code --budget} times that wall time: the best test accuracy it
 *       had within DARTS's time and when it first reached DARTS's accuracy.</li>
 * </ul>
 * A trial trains {@code --train-epochs} epochs on the training images, batches of 64.
 *
 * <p>Run: {@code bench/run.sh CellSearchBenchmark [--parts large,quality] [--images 2000] [--test 1000]
 * [--epochs 4] [--warmup 0] [--train-epochs 2] [--random 5] [--repeats 1] [--budget 3] [--channels 8] [--seed 1]
 * [--quality-space small] [--search darts]}; {@code --search gumbel} searches with GumbelDARTS instead of DARTS.
 */
public final class CellSearchBenchmark {
    private CellSearchBenchmark() {}

    /**
     * The five ops of a cell edge; stride 2 on a reduction cell's inputs (states 0 and 1). As in
     * DARTS's search model, the convolution is ReLU-Conv-BN and each pooling is followed by a
     * BatchNorm, both without scale and shift (affine=false): no op's share of a mixed edge comes
     * from the size of its output.
     */
    static List<IntFunction<Block>> ops(int channels, boolean reduce) {
        IntFunction<Integer> stride = input -> reduce && input < 2 ? 2 : 1;
        return List.of(
                input -> Layers.zero(stride.apply(input)),
                input -> Layers.skipConnect(channels, channels, stride.apply(input)),
                input -> new SequentialBlock().add(Activation.reluBlock())
                        .add(Conv2d.builder().setFilters(channels).setKernelShape(new Shape(3, 3))
                                .optStride(new Shape(stride.apply(input), stride.apply(input))).optPadding(new Shape(1, 1))
                                .optBias(false).build())
                        .add(unscaledBatchNorm()),
                input -> new SequentialBlock().add(Layers.maxPool3x3(stride.apply(input))).add(unscaledBatchNorm()),
                input -> new SequentialBlock().add(Layers.avgPool3x3(stride.apply(input))).add(unscaledBatchNorm()));
    }

    private static Block unscaledBatchNorm() {
        return BatchNorm.builder().optCenter(false).optScale(false).build();
    }

    private static Block twice() {
        return new ai.djl.nn.LambdaBlock(x -> new NDList(x.head(), x.head()), "twice");
    }

    private static Block stem(int channels) {
        return new SequentialBlock()
                .add(Conv2d.builder().setFilters(channels).setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1))
                        .optStride(new Shape(2, 2)).build())
                .add(BatchNorm.builder().build())
                .add(Activation.reluBlock());
    }

    private static Block head() {
        return new SequentialBlock().add(Pool.globalAvgPool2dBlock()).add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(10).build());
    }

    static ModelSpace large(int c) {
        return ModelSpace.define("cells-large", s -> new SequentialBlock()
                .add(stem(c)).add(twice())
                .add(s.cell("normal", 3, 1, 2, ops(c, false), Reduction.CONCAT))
                .add(Layers.convBnRelu(c, 1, 1)).add(twice())
                .add(s.cell("reduce", 3, 1, 2, ops(c, true), Reduction.CONCAT))
                .add(head()));
    }

    static ModelSpace small(int c) {
        return ModelSpace.define("cells-small", s -> new SequentialBlock()
                .add(stem(c)).add(twice())
                .add(s.cell("normal", 2, 1, 2, ops(c, false), Reduction.CONCAT))
                .add(head()));
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse("CellSearchBenchmark", args);
        String parts = options.text("parts", "large,quality", "large, quality or both, comma-separated");
        int images = options.integer("images", 2000, "training images (half weights, half architecture)");
        int test = options.integer("test", 1000, "test images");
        int epochs = options.integer("epochs", 4, "DARTS epochs");
        int warmup = options.integer("warmup", 0, "DARTS warm-up epochs (weights only), part of --epochs");
        int trainEpochs = options.integer("train-epochs", 2, "epochs a trial (a retrained architecture) trains");
        int random = options.integer("random", 5, "random architectures of the large space trained as the baseline");
        int repeats = options.integer("repeats", 1, "repeats of the quality part (seeds seed, seed+1, ...)");
        int budget = options.integer("budget", 3, "random search runs for this many times DARTS's wall time");
        int channels = options.integer("channels", 8, "channels of the stem and the cells' ops");
        int seed = options.integer("seed", 1, "seed");
        String qualitySpace = options.text("quality-space", "small", "the quality part's space: small (150) or large (9 million)");
        if (!qualitySpace.equals("small") && !qualitySpace.equals("large")) {
            throw new IllegalArgumentException("--quality-space is small or large, got " + qualitySpace);
        }
        String searchName = options.text("search", "darts", "the one-shot search: darts or gumbel (GumbelDARTS)");
        if (!searchName.equals("darts") && !searchName.equals("gumbel")) {
            throw new IllegalArgumentException("--search is darts or gumbel, got " + searchName);
        }
        boolean gumbel = searchName.equals("gumbel");
        options.done();
        TrainTestData data = Datasets.fashionMnist().first(images, test);
        Path home = Files.createTempDirectory("jnas-cell-bench");
        System.out.printf("%d training images, %d test, %d cores, load average %.2f%n", images, test,
                Runtime.getRuntime().availableProcessors(),
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        if (parts.contains("large")) {
            ModelSpace space = large(channels);
            long t0 = System.nanoTime();
            OneShotResult result = search(gumbel, space, data).epochs(epochs).warmupEpochs(warmup).batchSize(64)
                    .seed(seed).run();
            double search = (System.nanoTime() - t0) / 1e9;
            System.out.printf("large space: %s architectures; DARTS %d epochs, %d images seen, %.1f s%n", space.size(),
                    epochs, epochs * images, search);
            System.out.println("exported: " + result.sample());
            double exported = train(space, result.sample(), data, trainEpochs, home);
            List<Double> baseline = new ArrayList<>();
            Random r = new Random(seed);
            for (int i = 0; i < random; i++) {
                baseline.add(train(space, space.sample(ch -> r.nextInt(ch.candidates().size())), data, trainEpochs, home));
            }
            System.out.printf("exported retrained: test accuracy %.4f; %d random architectures: median %.4f %s%n",
                    exported, random, Stats.of(baseline).median(), Stats.numbers("%.4f", baseline));
        }
        if (parts.contains("quality")) {
            List<Double> ratios = new ArrayList<>();
            for (int rep = 0; rep < repeats; rep++) {
                ratios.add(quality(gumbel, qualitySpace.equals("large") ? large(channels) : small(channels), data, epochs,
                        warmup, trainEpochs, budget, seed + rep, home));
            }
            System.out.printf("time to DARTS's accuracy, random multi-trial / DARTS: median %s %s%n",
                    Stats.number("%.2f", Stats.of(ratios).median()), Stats.numbers("%.2f", ratios));
        }
    }

    /** One side-by-side round; returns random search's time to DARTS's accuracy over DARTS's time (infinity: not reached). */
    private static double quality(boolean gumbel, ModelSpace space, TrainTestData data, int epochs, int warmup, int trainEpochs, int budget,
            long seed, Path home) throws Exception {
        long t0 = System.nanoTime();
        OneShotResult result = search(gumbel, space, data).epochs(epochs).warmupEpochs(warmup).batchSize(64)
                .seed(seed).run();
        double accuracy = train(space, result.sample(), data, trainEpochs, home);
        double oneShot = (System.nanoTime() - t0) / 1e9;
        System.out.printf("quality, seed %d: %s architectures; %s + retraining %.1f s, test accuracy %.4f, %s%n", seed,
                space.size(), gumbel ? "GumbelDARTS" : "DARTS", oneShot, accuracy, result.sample());
        ClassificationEvaluator evaluator = evaluator(data, trainEpochs);
        double reached = Double.POSITIVE_INFINITY;
        double bestWithin = 0;
        int trials;
        try (Experiment exp = Experiment.create(space, evaluator, Strategy.random())) {
            exp.config().name("cell-bench-random").seed(seed).trialConcurrency(1).devicePolicy(DevicePolicy.CPU).home(home)
                    .maxDuration(Duration.ofMillis((long) (budget * oneShot * 1000)));
            long start = System.nanoTime();
            exp.run();
            java.time.Instant begin = exp.trials().stream().map(TrialRecord::submitted).min(java.util.Comparator.naturalOrder())
                    .orElseThrow();
            trials = exp.trials().size();
            for (TrialRecord trial : exp.trials()) {
                if (trial.metric().isEmpty() || trial.ended().isEmpty()) {
                    continue;
                }
                double at = Duration.between(begin, trial.ended().get()).toMillis() / 1e3;
                if (at <= oneShot) {
                    bestWithin = Math.max(bestWithin, trial.metric().getAsDouble());
                }
                if (trial.metric().getAsDouble() >= accuracy) {
                    reached = Math.min(reached, at);
                }
            }
            System.out.printf("random multi-trial, %d trials in %.1f s: best within DARTS's %.1f s %.4f; first reached"
                    + " %.4f after %s%n", trials, (System.nanoTime() - start) / 1e9, oneShot, bestWithin, accuracy,
                    Double.isInfinite(reached) ? "never (budget " + budget + "x)" : String.format("%.1f s", reached));
        }
        return reached / oneShot;
    }

    private static OneShotSearch search(boolean gumbel, ModelSpace space, TrainTestData data) {
        return gumbel ? OneShotSearch.gumbelDarts(space, data) : OneShotSearch.darts(space, data);
    }

    private static ClassificationEvaluator evaluator(TrainTestData data, int trainEpochs) {
        return ClassificationEvaluator.builder().setData(data).optEpochs(trainEpochs).optBatchSize(64).build();
    }

    /** The test accuracy of {@code sample} trained as a multi-trial trial: a one-trial experiment on the fixed architecture. */
    private static double train(ModelSpace space, Sample sample, TrainTestData data, int trainEpochs, Path home)
            throws Exception {
        ModelSpace fixed = ModelSpace.define("fixed", s -> space.instantiate(sample));
        try (Experiment exp = Experiment.create(fixed, evaluator(data, trainEpochs), Strategy.random())) {
            exp.config().name("cell-bench-retrain").maxTrials(1).devicePolicy(DevicePolicy.CPU).home(home);
            exp.run();
            return exp.trials().get(0).metric().orElseThrow(() -> new IllegalStateException(
                    "the retrained architecture reported no accuracy: " + exp.trials().get(0).error()));
        }
    }
}
