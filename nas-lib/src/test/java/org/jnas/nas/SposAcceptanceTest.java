package org.jnas.nas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jnas.nas.data.Datasets;
import org.jnas.nas.data.TrainTestData;
import org.jnas.nas.evaluator.ClassificationEvaluator;
import org.jnas.nas.oneshot.OneShot;
import org.jnas.nas.results.ArchitectureRanking;
import org.jnas.nas.space.ModelSpace;
import org.jnas.nas.space.Sample;
import org.jnas.nas.strategy.Strategy;
import org.jnas.nas.trial.TrialRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14's SPOS acceptance: on Fashion-MNIST (2,000 training images, 1,000 test), RandomOneShot's
 * inherited-weight scores of every architecture of a small space rank them with a Kendall tau
 * above 0 against their accuracy trained standalone, each architecture alone, on the same data.
 */
@Timeout(300)
class SposAcceptanceTest {

    /** 12 architectures, no zero or skip candidates: a hidden width, its activation, and an optional second layer. */
    static final ModelSpace SPACE = ModelSpace.define("spos-mlp", s -> new SequentialBlock()
            .add(Blocks.batchFlattenBlock())
            .add(s.valueChoice("width", List.of(8, 32, 128), units -> Linear.builder().setUnits(units).build()))
            .add(s.layerChoice("act", Activation::reluBlock, Activation::tanhBlock))
            .add(s.repeat("depth", List.of(0, 1), i -> new SequentialBlock()
                    .add(Linear.builder().setUnits(128).build()) // a repeat's depths must give one shape: the widest width
                    .add(Activation.reluBlock())))
            .add(Linear.builder().setUnits(10).build()));

    @Test
    void inheritedWeightScoresRankArchitecturesLikeStandaloneTraining(@TempDir Path home) throws Exception {
        TrainTestData data = Datasets.fashionMnist().first(2000, 1000);
        ClassificationEvaluator evaluator = ClassificationEvaluator.builder().setData(data)
                .optBatchSize(64).optEpochs(3).build();

        Map<Sample, Double> inherited = new HashMap<>();
        List<String> errors = new java.util.ArrayList<>();
        try (Experiment spos = Experiment.create(SPACE, evaluator, OneShot.randomOneShot()
                .epochs(20).architectures(12).proposeWith(Strategy.gridSearch()))) {
            spos.config().home(home).devicePolicy(DevicePolicy.CPU).seed(1);
            spos.run();
            ArchitectureRanking ranking = ArchitectureRanking.of(spos);
            ranking.top(12).forEach(e -> inherited.put(e.sample(), e.score()));
            spos.trials().forEach(t -> t.error().ifPresent(errors::add));
        }
        assertEquals(12, inherited.size(), () -> "every architecture scored: " + errors);

        Map<Sample, Double> standalone = new HashMap<>();
        try (Experiment grid = Experiment.create(SPACE, evaluator, Strategy.gridSearch())) {
            grid.config().home(home).devicePolicy(DevicePolicy.CPU).seed(1);
            grid.run();
            for (TrialRecord t : grid.trials()) {
                standalone.put(t.sample(), t.metric().orElseThrow());
            }
        }
        assertEquals(inherited.keySet(), standalone.keySet());

        List<Sample> architectures = List.copyOf(inherited.keySet());
        double tau = kendallTau(architectures.stream().mapToDouble(inherited::get).toArray(),
                architectures.stream().mapToDouble(standalone::get).toArray());
        StringBuilder table = new StringBuilder();
        architectures.forEach(a -> table.append(String.format("%n%s inherited %.3f standalone %.3f", a, inherited.get(a),
                standalone.get(a))));
        System.out.printf("SPOS Kendall tau %.3f%s%n", tau, table);
        assertTrue(tau > 0, "Kendall tau " + tau + table);
    }

    /** Kendall's tau-b: concordant minus discordant pairs, ties corrected. */
    static double kendallTau(double[] x, double[] y) {
        long concordant = 0;
        long discordant = 0;
        long tiesX = 0;
        long tiesY = 0;
        for (int i = 0; i < x.length; i++) {
            for (int j = i + 1; j < x.length; j++) {
                double dx = Math.signum(x[i] - x[j]);
                double dy = Math.signum(y[i] - y[j]);
                if (dx == 0 && dy == 0) {
                    continue;
                } else if (dx == 0) {
                    tiesX++;
                } else if (dy == 0) {
                    tiesY++;
                } else if (dx == dy) {
                    concordant++;
                } else {
                    discordant++;
                }
            }
        }
        double pairs = Math.sqrt((double) (concordant + discordant + tiesX) * (concordant + discordant + tiesY));
        return pairs == 0 ? 0 : (concordant - discordant) / pairs;
    }
}
