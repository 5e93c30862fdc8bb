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
import org.jnas.nas.space.Layers;
import org.jnas.nas.space.ModelSpace;
import org.jnas.nas.space.Reduction;
import org.jnas.nas.space.Sample;
import org.jnas.nas.strategy.Strategy;

/**
 * One-shot search on cell spaces over Fashion-MNIST ({@code --images} training images, half for the
 * weights and half for the architecture; {@code --test} test images), in two parts:
 * <ul>
 *   <li>{@code large}: a normal and a reduction cell of 3 nodes, one edge each, over 5 ops (zero,
 *       skip, conv 3x3, max and avg pool): about 9 million architectures. Prints the search's wall
 *       time, epochs and images, the exported architecture, its test accuracy retrained as a
 *       multi-trial trial is trained, and the median test accuracy of {@code --random} random
 *       architectures of the space trained the same way.</li>
 *   <li>{@code quality}: one normal cell of 2 nodes (150 architectures; {@code --quality-space large}:
 *       the large part's space), time to quality ({@link TimeToQuality}): each searcher's search plus
 *       retraining its export, against random multi-trial search run for {@code --budget} times the
 *       slowest of them; per seed, when random search first reached each export's accuracy.</li>
 * </ul>
 * A trial, and a retrained export, trains {@code --train-epochs} epochs on the training images,
 * batches of 64.
 *
 * <p>Run: {@code bench/run.sh CellSearchBenchmark [--parts large,quality] [--images 2000] [--test 1000]
 * [--epochs 4] [--warmup 0] [--train-epochs 2] [--random 5] [--repeats 1] [--budget 3] [--channels 8] [--seed 1]
 * [--quality-space small] [--search darts] [--rank 20]}; {@code --search darts,spos} runs DARTS and
 * RandomOneShot (SPOS: uniform paths, {@code --rank} architectures scored by inherited weights, the
 * best retrained) side by side; {@code gumbel} is GumbelDARTS, {@code proxyless} Proxyless.
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
        int epochs = options.integer("epochs", 4, "epochs of each one-shot search");
        int warmup = options.integer("warmup", 0, "warm-up epochs (weights only) of DARTS, GumbelDARTS and Proxyless, part of --epochs");
        int trainEpochs = options.integer("train-epochs", 2, "epochs a trial (a retrained architecture) trains");
        int random = options.integer("random", 5, "random architectures of the large space trained as the baseline");
        int repeats = options.integer("repeats", 1, "repeats of the quality part (seeds seed, seed+1, ...)");
        int budget = options.integer("budget", 3, "random search runs for this many times the slowest one-shot wall time");
        int channels = options.integer("channels", 8, "channels of the stem and the cells' ops");
        int seed = options.integer("seed", 1, "seed");
        String qualitySpace = options.text("quality-space", "small", "the quality part's space: small (150) or large (9 million)");
        if (!qualitySpace.equals("small") && !qualitySpace.equals("large")) {
            throw new IllegalArgumentException("--quality-space is small or large, got " + qualitySpace);
        }
        List<TimeToQuality.Searcher> searchers = TimeToQuality.Searcher.parse(options.text("search", "darts",
                "one-shot searchers, comma-separated: darts, gumbel (GumbelDARTS), spos (RandomOneShot), proxyless, enas;"
                        + " the large part runs the first"));
        int rank = options.integer("rank", 20, "spos: architectures drawn uniformly and scored by inherited weights");
        String architectureLr = options.text("architecture-lr", "", "quality part: the searchers' architectureLearningRate"
                + " (empty: each searcher's default)");
        options.done();
        TrainTestData data = Datasets.fashionMnist().first(images, test);
        Path home = Files.createTempDirectory("jnas-cell-bench");
        System.out.printf("%d training images, %d test, %d cores, load average %.2f%n", images, test,
                Runtime.getRuntime().availableProcessors(),
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        if (parts.contains("large")) {
            ModelSpace space = large(channels);
            long t0 = System.nanoTime();
            OneShotResult result = searchers.get(0).search(space, data, rank).epochs(epochs).warmupEpochs(warmup).batchSize(64)
                    .seed(seed).run();
            double search = (System.nanoTime() - t0) / 1e9;
            System.out.printf("large space: %s architectures; %s %d epochs, %d images seen, %.1f s%n", space.size(),
                    searchers.get(0).title, epochs, epochs * images, search);
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
            new TimeToQuality(qualitySpace.equals("large") ? large(channels) : small(channels), data, searchers, epochs,
                    warmup, trainEpochs, rank, budget, home)
                    .architectureLearningRate(architectureLr.isEmpty() ? Double.NaN : Double.parseDouble(architectureLr))
                    .run(seed, repeats);
        }
    }

    static ClassificationEvaluator evaluator(TrainTestData data, int trainEpochs) {
        return ClassificationEvaluator.builder().setData(data).optEpochs(trainEpochs).optBatchSize(64).build();
    }

    /** The test accuracy of {@code sample} trained as a multi-trial trial: a one-trial experiment on the fixed architecture. */
    static double train(ModelSpace space, Sample sample, TrainTestData data, int trainEpochs, Path home)
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
