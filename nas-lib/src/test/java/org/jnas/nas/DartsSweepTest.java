package org.jnas.nas;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jnas.nas.oneshot.OneShot;
import org.jnas.nas.results.ArchitectureRanking;
import org.jnas.nas.space.ModelSpace;
import org.jnas.nas.space.Sample;
import org.jnas.nas.strategy.Strategy;
import org.jnas.nas.trial.TrialRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sweep for issue 14's acceptance criterion, on demand ({@code -Djnas.sweep=...}): one-shot
 * settings x seeds -> the export's rank under the acceptance test's grid (training seed 0) and
 * under the mean of {@code jnas.sweep.grids} grids (default 3) whose trials seed the engine from
 * their architecture and a training-seed index, with Kendall's tau between the grids (with and
 * without the 1x1 first convolution, the one choice the grid resolves). A setting is
 * {@code kind:epochs:warmup:architectureLr:weightLr}, kind {@code darts} or {@code gumbel}; several
 * are separated by {@code ;}. {@code -Djnas.sweep.cache=/tmp/grid} keeps the grids in files
 * ({@code /tmp/grid-<index>.tsv}) for the next sweep: a grid repeats only on one thread count, so
 * name one cache per thread setting.
 */
@EnabledIfSystemProperty(named = "jnas.sweep", matches = ".+")
class DartsSweepTest {
    /**
     * The acceptance space with the width choice unshared (kind {@code darts-unshared}): a layer
     * choice between two whole heads, Linear(32 or 64), ReLU, Linear(10), instead of a value choice
     * that a supernet makes one shared Linear whose units beyond 32 are scaled by the width 64's
     * probability. The same 24 architectures; its export's feature index 0/1 is read as 32/64.
     */
    private static final ModelSpace UNSHARED = ModelSpace.define("darts-unshared", s -> new SequentialBlock()
            .add(s.layerChoice("conv1",
                    () -> DartsAcceptanceTest.conv(16, 3),
                    () -> DartsAcceptanceTest.conv(16, 5),
                    () -> DartsAcceptanceTest.conv(16, 1)))
            .add(Activation.reluBlock())
            .add(s.layerChoice("pool",
                    () -> DartsAcceptanceTest.normalised(Pool.maxPool2dBlock(new Shape(2, 2))),
                    () -> DartsAcceptanceTest.normalised(Pool.avgPool2dBlock(new Shape(2, 2)))))
            .add(s.layerChoice("conv2", () -> DartsAcceptanceTest.conv(16, 3), () -> DartsAcceptanceTest.conv(16, 1)))
            .add(Activation.reluBlock())
            .add(Pool.maxPool2dBlock(new Shape(2, 2)))
            .add(Blocks.batchFlattenBlock())
            .add(s.layerChoice("feature", () -> head(32), () -> head(64))));

    private static SequentialBlock head(int units) {
        return new SequentialBlock().add(Linear.builder().setUnits(units).build()).add(Activation.reluBlock())
                .add(Linear.builder().setUnits(10).build());
    }

    @Test
    void sweep(@TempDir Path home) throws Exception {
        int trainingSeeds = Integer.getInteger("jnas.sweep.grids", 3);
        List<Map<String, Double>> grids = new ArrayList<>();
        for (int t = 0; t < trainingSeeds; t++) {
            grids.add(grid(home, t));
        }
        Map<String, Double> mean = new LinkedHashMap<>();
        for (String key : grids.get(0).keySet()) {
            mean.put(key, grids.stream().mapToDouble(g -> g.get(key)).average().orElseThrow());
        }
        for (int i = 0; i < grids.size(); i++) {
            for (int j = i + 1; j < grids.size(); j++) {
                System.out.printf("SWEEP tau(grid%d, grid%d) = %.3f%n", i, j, tau(grids.get(i), grids.get(j)));
                System.out.printf("SWEEP tau(grid%d, grid%d) without conv1=1x1 = %.3f%n", i, j,
                        tau(without1x1(grids.get(i)), without1x1(grids.get(j))));
            }
        }
        mean.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .forEach(e -> System.out.printf("SWEEP mean %.3f %s %s%n", e.getValue(), e.getKey(),
                        grids.stream().map(g -> String.format("%.3f", g.get(e.getKey()))).toList()));
        List<Long> seeds = Arrays.stream(System.getProperty("jnas.acceptance.seeds", "1,2,3").split(","))
                .map(String::trim).map(Long::valueOf).toList();
        for (String setting : System.getProperty("jnas.sweep").split(";")) {
            List<Integer> ranks0 = new ArrayList<>();
            List<Integer> ranksMean = new ArrayList<>();
            long start = System.nanoTime();
            for (long seed : seeds) {
                String exported = export(home, setting, seed).toString();
                ranks0.add(rank(grids.get(0), exported));
                ranksMean.add(rank(mean, exported));
                System.out.printf("SWEEP %s seed %d exports %s: rank %d (grid0), %d (mean)%n",
                        setting, seed, exported, ranks0.get(ranks0.size() - 1), ranksMean.get(ranksMean.size() - 1));
            }
            System.out.printf("SWEEP RESULT %s seeds %s: grid0 %s, mean %s (%.0f s)%n", setting, seeds, ranks0,
                    ranksMean, (System.nanoTime() - start) / 1e9);
        }
    }

    private static int rank(Map<String, Double> grid, String sample) {
        double accuracy = grid.get(sample);
        return 1 + (int) grid.values().stream().filter(a -> a > accuracy).count();
    }

    private static Map<String, Double> without1x1(Map<String, Double> grid) {
        Map<String, Double> rest = new LinkedHashMap<>(grid);
        rest.keySet().removeIf(k -> k.contains("conv1=2") || k.contains("\"conv1\":2"));
        return rest;
    }

    /** Kendall's tau-a over the architectures of both grids. */
    private static double tau(Map<String, Double> a, Map<String, Double> b) {
        List<String> keys = new ArrayList<>(a.keySet());
        int concordant = 0;
        int pairs = 0;
        for (int i = 0; i < keys.size(); i++) {
            for (int j = i + 1; j < keys.size(); j++) {
                double x = Math.signum(a.get(keys.get(i)) - a.get(keys.get(j)));
                double y = Math.signum(b.get(keys.get(i)) - b.get(keys.get(j)));
                concordant += (int) (x * y);
                pairs++;
            }
        }
        return (double) concordant / pairs;
    }

    private static Map<String, Double> grid(Path home, int trainingSeed) throws Exception {
        String prefix = System.getProperty("jnas.sweep.cache");
        Path cache = prefix == null ? null : Path.of(prefix + "-" + trainingSeed + ".tsv");
        Map<String, Double> accuracy = new LinkedHashMap<>();
        if (cache != null && Files.exists(cache)) {
            for (String line : Files.readAllLines(cache)) {
                String[] parts = line.split("\t");
                accuracy.put(parts[1], Double.valueOf(parts[0]));
            }
            return accuracy;
        }
        try (Experiment exp = Experiment.create(DartsAcceptanceTest.SPACE,
                new DartsAcceptanceTest.SeededTrial(DartsAcceptanceTest.evaluator(), trainingSeed), Strategy.gridSearch())) {
            exp.config().name("grid" + trainingSeed).home(home).devicePolicy(DevicePolicy.CPU).trialConcurrency(1).seed(1);
            exp.run();
            for (TrialRecord trial : exp.trials()) {
                accuracy.put(trial.sample().toString(), trial.metric().orElseThrow());
            }
        }
        if (cache != null) {
            List<String> lines = new ArrayList<>();
            accuracy.forEach((k, v) -> lines.add(v + "\t" + k));
            Files.write(cache, lines);
        }
        return accuracy;
    }

    private static Sample export(Path home, String setting, long seed) throws Exception {
        String[] p = setting.split(":");
        OneShot search = (p[0].equals("gumbel") ? OneShot.gumbelDarts() : OneShot.darts())
                .epochs(Integer.parseInt(p[1])).warmupEpochs(Integer.parseInt(p[2]))
                .architectureLearningRate(Double.parseDouble(p[3])).weightLearningRate(Float.parseFloat(p[4]));
        boolean unshared = p[0].equals("darts-unshared");
        try (Experiment exp = Experiment.create(unshared ? UNSHARED : DartsAcceptanceTest.SPACE,
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
