package org.jnas.bench;

import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jnas.nas.DevicePolicy;
import org.jnas.nas.Experiment;
import org.jnas.nas.data.Datasets;
import org.jnas.nas.data.TrainTestData;
import org.jnas.nas.evaluator.ClassificationEvaluator;
import org.jnas.nas.oneshot.OneShot;
import org.jnas.nas.oneshot.OneShotSearch;
import org.jnas.nas.space.ModelSpace;
import org.jnas.nas.strategy.Strategy;
import org.jnas.nas.trial.TrialRecord;

/**
 * What scoring architectures with inherited weights costs as trials of an experiment, against the
 * library call: RandomOneShot (SPOS) on SposAcceptanceTest's Fashion-MNIST MLP space (12
 * architectures; 2,000 training images split in half, batches of 64), as
 * {@code OneShotSearch.randomOneShot(...).rank(12).run()}, which scores every architecture in the
 * one supernet it trained, and as {@code Experiment.create(space, evaluator, OneShot.randomOneShot()
 * .architectures(12).proposeWith(Strategy.random()))}, whose every scoring trial builds the supernet
 * and loads its checkpoint. The two alternate for the measured rounds after one warm-up each;
 * prints the medians of the whole searches, their ratio, and the experiment's median scoring trial.
 *
 * <p>Run: {@code bench/run.sh SposBenchmark [--rounds 5] [--epochs 2] [--modes library,experiment]}.
 * {@code --modes library} runs only the library call, so the benchmark also runs on a build of
 * nas-lib without {@code OneShot.randomOneShot()}, the base of a comparison.
 */
public final class SposBenchmark {
    private static final int ARCHITECTURES = 12;

    private SposBenchmark() {}

    static ModelSpace space() {
        return ModelSpace.define("spos-mlp", s -> new SequentialBlock()
                .add(Blocks.batchFlattenBlock())
                .add(s.valueChoice("width", List.of(8, 32, 128), units -> Linear.builder().setUnits(units).build()))
                .add(s.layerChoice("act", Activation::reluBlock, Activation::tanhBlock))
                .add(s.repeat("depth", List.of(0, 1), i -> new SequentialBlock()
                        .add(Linear.builder().setUnits(128).build())
                        .add(Activation.reluBlock())))
                .add(Linear.builder().setUnits(10).build()));
    }

    public static void main(String[] args) throws Exception {
        LibraryVersusExperiment rounds = LibraryVersusExperiment.parse("SposBenchmark", args, "supernet epochs per search");
        int epochs = rounds.epochs();
        TrainTestData data = Datasets.fashionMnist().first(2000, 500);
        Path home = Files.createTempDirectory("jnas-spos-bench");
        List<Double> scoring = new ArrayList<>();
        rounds.alternate(
                LibraryVersusExperiment.timed(() -> OneShotSearch.randomOneShot(space(), data).epochs(epochs).batchSize(64)
                        .seed(1).rank(ARCHITECTURES).run()),
                measured -> {
                    double[] s = AsExperiment.run(data, epochs, home);
                    if (measured) {
                        scoring.add(s[1]);
                    }
                    return s[0];
                });
        rounds.printMedians(String.format("library call (rank %d in the trained supernet)", ARCHITECTURES),
                String.format("experiment (%d scoring trials)", ARCHITECTURES));
        if (rounds.runsExperiment()) {
            System.out.printf("experiment's scoring trial (supernet built, checkpoint loaded, BatchNorm, score): median %s ms%n",
                    Stats.number("%.1f", Stats.of(scoring).median() * 1000));
        }
        rounds.printRatio();
    }

    /** Apart, so that {@code --modes library} never loads what the base's build lacks. */
    private static final class AsExperiment {
        /** The whole search's seconds and the median scoring trial's. */
        static double[] run(TrainTestData data, int epochs, Path home) throws Exception {
            ClassificationEvaluator evaluator = ClassificationEvaluator.builder().setData(data).optBatchSize(64).build();
            try (Experiment exp = Experiment.create(space(), evaluator, OneShot.randomOneShot().epochs(epochs)
                    .architectures(ARCHITECTURES).proposeWith(Strategy.random()))) {
                exp.config().name("spos-bench").seed(1).devicePolicy(DevicePolicy.CPU).home(home);
                long t0 = System.nanoTime();
                exp.run();
                double total = (System.nanoTime() - t0) / 1e9;
                List<Double> trials = exp.trials().stream().filter(t -> t.sample().size() > 0)
                        .map(TrialRecord::duration).map(d -> d.toNanos() / 1e9).toList();
                return new double[] {total, Stats.of(trials).median()};
            }
        }
    }
}
