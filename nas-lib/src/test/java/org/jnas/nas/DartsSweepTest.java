package org.jnas.nas;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jnas.nas.data.TrainTestData;
import org.jnas.nas.oneshot.OneShot;
import org.jnas.nas.oneshot.OneShotSearch;
import org.jnas.nas.results.ArchitectureRanking;
import org.jnas.nas.space.ModelSpace;
import org.jnas.nas.space.Sample;
import org.jnas.nas.space.Sampler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sweep for issue 14's acceptance criterion, on demand ({@code -Djnas.sweep=...}): one-shot
 * settings x seeds -> the export's rank under the acceptance test's grid (training seed 0) and
 * under the mean of {@code jnas.sweep.grids} grids (default 3) whose trials seed the engine from
 * their architecture and a training-seed index, with Kendall's tau between the grids (with and
 * without the 1x1 first convolution, the one choice the grid resolves). A setting is
 * {@code kind:epochs:warmup:architectureLr:weightLr}, kind {@code darts}, {@code darts2} (second-order,
 * {@code unrolled}), {@code gumbel}, {@code enas} (its LSTM controller) or {@code enas-per-label}; several
 * are separated by {@code ;}. {@code -Djnas.sweep.cache=/tmp/grid} keeps the grids in files
 * ({@code /tmp/grid-<index>.tsv}) for the next sweep: a grid repeats only on one thread count, so
 * name one cache per thread setting (and per space and grid epochs). {@code -Djnas.sweep.space=contrast}
 * searches {@link #CONTRAST} instead of the acceptance space, {@code equal} {@link #EQUAL}. {@code -Djnas.sweep.cost=epochs} times
 * an architecture step instead ({@link #costPerArchitectureStep}).
 */
class DartsSweepTest {
    /**
     * The acceptance space with the width choice unshared (kind {@code darts-unshared}): a layer
     * choice between two whole heads, Linear(32 or 64), ReLU, Linear(10), instead of a value choice
     * that a supernet makes one shared Linear whose units beyond 32 are scaled by the width 64's
     * probability. The same 24 architectures; its export's feature index 0/1 is read as 32/64.
     */
    private static final ModelSpace UNSHARED = ModelSpace.define("darts-unshared", s -> firstLayers(s)
            .add(s.layerChoice("conv2", () -> DartsAcceptanceTest.conv(16, 3), () -> DartsAcceptanceTest.conv(16, 1)))
            .add(Activation.reluBlock())
            .add(Pool.maxPool2dBlock(new Shape(2, 2)))
            .add(Blocks.batchFlattenBlock())
            .add(s.layerChoice("feature", () -> head(32), () -> head(64))));

    /**
     * A space whose cheaper candidates are clearly worse in the grid ({@code -Djnas.sweep.space=contrast}):
     * the acceptance space with the second convolution's 1x1 replaced by a 3x3 average pooling (no
     * weights) and the width 32 by 8. 24 architectures; the grid's order of them repeats across
     * training seeds far better than the acceptance space's (docs/one-shot.md).
     */
    private static final ModelSpace CONTRAST = ModelSpace.define("darts-contrast", s -> firstLayers(s)
            .add(s.layerChoice("conv2", () -> DartsAcceptanceTest.conv(16, 3),
                    () -> DartsAcceptanceTest.normalised(
                            Pool.avgPool2dBlock(new Shape(3, 3), new Shape(1, 1), new Shape(1, 1)))))
            .add(Activation.reluBlock())
            .add(Pool.maxPool2dBlock(new Shape(2, 2)))
            .add(Blocks.batchFlattenBlock())
            .add(s.valueChoice("feature", List.of(8, 64), units -> Linear.builder().setUnits(units).build()))
            .add(Activation.reluBlock())
            .add(Linear.builder().setUnits(10).build()));

    /**
     * A space whose candidates cost the same within each label ({@code -Djnas.sweep.space=equal}):
     * a 3x3 convolution or the same with dilation 2 (as many weights and multiply-adds), ReLU, tanh
     * or GELU, max or average pooling, and again a 3x3 convolution plain or dilated; each candidate
     * followed by the acceptance space's BatchNorm without scale and shift. 24 architectures, none
     * with more capacity than another: what first-order DARTS does where it cannot lean to the cheaper.
     */
    private static final ModelSpace EQUAL = ModelSpace.define("darts-equal", s -> new SequentialBlock()
            .add(s.layerChoice("conv1", () -> DartsAcceptanceTest.conv(16, 3), () -> dilated(16)))
            .add(s.layerChoice("act", () -> DartsAcceptanceTest.normalised(Activation.reluBlock()),
                    () -> DartsAcceptanceTest.normalised(Activation.tanhBlock()),
                    () -> DartsAcceptanceTest.normalised(Activation.geluBlock())))
            .add(s.layerChoice("pool",
                    () -> DartsAcceptanceTest.normalised(Pool.maxPool2dBlock(new Shape(2, 2))),
                    () -> DartsAcceptanceTest.normalised(Pool.avgPool2dBlock(new Shape(2, 2)))))
            .add(s.layerChoice("conv2", () -> DartsAcceptanceTest.conv(16, 3), () -> dilated(16)))
            .add(Activation.reluBlock())
            .add(Pool.maxPool2dBlock(new Shape(2, 2)))
            .add(Blocks.batchFlattenBlock())
            .add(Linear.builder().setUnits(64).build())
            .add(Activation.reluBlock())
            .add(Linear.builder().setUnits(10).build()));

    /** A 3x3 convolution with dilation 2 (a 5x5 field from 9 weights) and the BatchNorm without scale and shift. */
    private static SequentialBlock dilated(int filters) {
        return DartsAcceptanceTest.normalised(Conv2d.builder().setFilters(filters).setKernelShape(new Shape(3, 3))
                .optDilation(new Shape(2, 2)).optPadding(new Shape(2, 2)).build());
    }

    /**
     * The acceptance space's first layers: the first convolution's choice, ReLU and the pooling's
     * choice, in one flat block that the caller goes on adding to (as the acceptance space's own).
     */
    private static SequentialBlock firstLayers(Sampler s) {
        return new SequentialBlock()
                .add(s.layerChoice("conv1",
                        () -> DartsAcceptanceTest.conv(16, 3),
                        () -> DartsAcceptanceTest.conv(16, 5),
                        () -> DartsAcceptanceTest.conv(16, 1)))
                .add(Activation.reluBlock())
                .add(s.layerChoice("pool",
                        () -> DartsAcceptanceTest.normalised(Pool.maxPool2dBlock(new Shape(2, 2))),
                        () -> DartsAcceptanceTest.normalised(Pool.avgPool2dBlock(new Shape(2, 2)))));
    }

    private static ModelSpace space() {
        return switch (System.getProperty("jnas.sweep.space", "acceptance")) {
            case "contrast" -> CONTRAST;
            case "equal" -> EQUAL;
            default -> DartsAcceptanceTest.SPACE;
        };
    }

    private static SequentialBlock head(int units) {
        return new SequentialBlock().add(Linear.builder().setUnits(units).build()).add(Activation.reluBlock())
                .add(Linear.builder().setUnits(10).build());
    }

    @Test
    @EnabledIfSystemProperty(named = "jnas.sweep", matches = ".+")
    void sweep(@TempDir Path home) throws Exception {
        int trainingSeeds = Integer.getInteger("jnas.sweep.grids", 3);
        List<Map<Sample, Double>> grids = new ArrayList<>();
        for (int t = 0; t < trainingSeeds; t++) {
            grids.add(grid(home, t));
        }
        Map<Sample, Double> mean = new LinkedHashMap<>();
        for (Sample sample : grids.get(0).keySet()) {
            mean.put(sample, grids.stream().mapToDouble(g -> g.get(sample)).average().orElseThrow());
        }
        List<Sample> all = List.copyOf(mean.keySet());
        List<Sample> without1x1 = all.stream().filter(s -> s.getInt("conv1") != 2).toList();
        for (int i = 0; i < grids.size(); i++) {
            for (int j = i + 1; j < grids.size(); j++) {
                System.out.printf("SWEEP tau(grid%d, grid%d) = %.3f%n", i, j, tau(grids.get(i), grids.get(j), all));
                System.out.printf("SWEEP tau(grid%d, grid%d) without conv1=1x1 = %.3f%n", i, j,
                        tau(grids.get(i), grids.get(j), without1x1));
            }
        }
        mean.entrySet().stream().sorted(Map.Entry.<Sample, Double>comparingByValue().reversed())
                .forEach(e -> System.out.printf("SWEEP mean %.3f %s %s%n", e.getValue(), e.getKey(),
                        grids.stream().map(g -> String.format("%.3f", g.get(e.getKey()))).toList()));
        List<Long> seeds = DartsAcceptanceTest.seeds();
        for (String setting : System.getProperty("jnas.sweep").split(";")) {
            List<Integer> ranks0 = new ArrayList<>();
            List<Integer> ranksMean = new ArrayList<>();
            long start = System.nanoTime();
            for (long seed : seeds) {
                Sample exported = export(home, setting, seed);
                ranks0.add(DartsAcceptanceTest.rank(grids.get(0), exported));
                ranksMean.add(DartsAcceptanceTest.rank(mean, exported));
                System.out.printf("SWEEP %s seed %d exports %s: rank %d (grid0), %d (mean)%n",
                        setting, seed, exported, ranks0.get(ranks0.size() - 1), ranksMean.get(ranksMean.size() - 1));
            }
            System.out.printf("SWEEP RESULT %s seeds %s: grid0 %s, mean %s (%.0f s)%n", setting, seeds, ranks0,
                    ranksMean, (System.nanoTime() - start) / 1e9);
        }
    }

    /**
     * On demand ({@code -Djnas.sweep.cost=epochs}): what an architecture step costs, first and
     * second order, on the acceptance space and data. After an untimed one, three searches of that
     * many epochs run in this thread: weights only (every epoch warm-up), first-order and
     * second-order DARTS (no warm-up); each is timed in this thread's CPU time, which holds PyTorch's work at one intra-op
     * thread and so depends less on the load than wall time, and in wall time. An architecture
     * step's cost is its search's time less the weights-only search's, per architecture step.
     */
    @Test
    @EnabledIfSystemProperty(named = "jnas.sweep.cost", matches = "\\d+")
    void costPerArchitectureStep() throws Exception {
        int epochs = Integer.getInteger("jnas.sweep.cost");
        TrainTestData data = DartsAcceptanceTest.evaluator().trainTestData();
        // the architecture half's batches of 64 (the last one partial): one architecture step each
        int steps = epochs * (int) Math.ceil(data.train().size() / 2 / 64.0);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        double[] weightsOnly = null;
        // the first search also loads the data, compiles and starts the engine: untimed
        for (String kind : List.of("warm-up", "weights only", "first order", "second order")) {
            long cpu = threads.getCurrentThreadCpuTime();
            long wall = System.nanoTime();
            OneShotSearch.darts(DartsAcceptanceTest.SPACE, data).epochs(epochs)
                    .warmupEpochs(kind.equals("first order") || kind.equals("second order") ? 0 : epochs)
                    .unrolled(kind.equals("second order")).architectureLearningRate(3e-3).batchSize(64).seed(1).run();
            double[] seconds = {(threads.getCurrentThreadCpuTime() - cpu) / 1e9, (System.nanoTime() - wall) / 1e9};
            if (kind.equals("warm-up")) {
                continue;
            }
            if (weightsOnly == null) {
                weightsOnly = seconds;
                System.out.printf("COST %s: %d epochs, CPU %.1f s, wall %.1f s%n", kind, epochs, seconds[0], seconds[1]);
            } else {
                System.out.printf("COST %s: %d epochs, CPU %.1f s, wall %.1f s; per architecture step (%d)"
                        + " CPU %.0f ms, wall %.0f ms%n", kind, epochs, seconds[0], seconds[1], steps,
                        1e3 * (seconds[0] - weightsOnly[0]) / steps, 1e3 * (seconds[1] - weightsOnly[1]) / steps);
            }
        }
    }

    /** Kendall's tau between two grids over {@code samples}. */
    private static double tau(Map<Sample, Double> a, Map<Sample, Double> b, List<Sample> samples) {
        return SposAcceptanceTest.kendallTau(samples.stream().mapToDouble(a::get).toArray(),
                samples.stream().mapToDouble(b::get).toArray());
    }

    /** The acceptance test's grid for {@code trainingSeed}, from the cache when one is named and written. */
    private static Map<Sample, Double> grid(Path home, int trainingSeed) throws Exception {
        String prefix = System.getProperty("jnas.sweep.cache");
        Path cache = prefix == null ? null : Path.of(prefix + "-" + trainingSeed + ".tsv");
        if (cache != null && Files.exists(cache)) {
            Map<Sample, Double> accuracy = new LinkedHashMap<>();
            for (String line : Files.readAllLines(cache)) {
                String[] parts = line.split("\t");
                accuracy.put(Sample.fromJson(parts[1]), Double.valueOf(parts[0]));
            }
            return accuracy;
        }
        Map<Sample, Double> accuracy = DartsAcceptanceTest.trainEveryArchitecture(home, space(), trainingSeed);
        if (cache != null) {
            List<String> lines = new ArrayList<>();
            accuracy.forEach((sample, value) -> lines.add(value + "\t" + sample.toJson()));
            Files.write(cache, lines);
        }
        return accuracy;
    }

    private static Sample export(Path home, String setting, long seed) throws Exception {
        String[] p = setting.split(":");
        OneShot search = (switch (p[0]) {
            case "gumbel" -> OneShot.gumbelDarts();
            case "enas" -> OneShot.enas();
            case "enas-per-label" -> OneShot.enas().lstmController(false);
            default -> OneShot.darts().unrolled(p[0].equals("darts2"));
        })
                .epochs(Integer.parseInt(p[1])).warmupEpochs(Integer.parseInt(p[2]))
                .architectureLearningRate(Double.parseDouble(p[3])).weightLearningRate(Float.parseFloat(p[4]));
        boolean unshared = p[0].equals("darts-unshared");
        try (Experiment exp = Experiment.create(unshared ? UNSHARED : space(),
                DartsAcceptanceTest.evaluator(), search)) {
            exp.config().name("s" + seed).home(home).devicePolicy(DevicePolicy.CPU).seed(seed);
            exp.run();
            System.out.printf("SWEEP %s seed %d probabilities: %s%n", setting, seed,
                    ArchitectureRanking.of(exp).probabilities());
            Sample top = ArchitectureRanking.of(exp).top(1).get(0).sample();
            if (!unshared) {
                return top;
            }
            Map<String, Object> values = new LinkedHashMap<>(top.values());
            values.put("feature", ((Number) values.get("feature")).intValue() == 0 ? 32 : 64);
            return Sample.of(values);
        }
    }
}
