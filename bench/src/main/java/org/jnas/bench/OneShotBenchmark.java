package org.jnas.bench;

import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jnas.nas.DevicePolicy;
import org.jnas.nas.Experiment;
import org.jnas.nas.data.Datasets;
import org.jnas.nas.data.TrainTestData;
import org.jnas.nas.evaluator.ClassificationEvaluator;
import org.jnas.nas.oneshot.OneShot;
import org.jnas.nas.oneshot.OneShotSearch;
import org.jnas.nas.space.Layers;
import org.jnas.nas.space.ModelSpace;

/**
 * What running DARTS as an experiment's strategy costs over the library call: the same supernet
 * (docs/one-shot.md's Fashion-MNIST MLP space), data (2,000 training images split in half, batches
 * of 64) and epochs, run as {@code OneShotSearch.darts(...).run()} in the calling thread and as
 * {@code Experiment.create(space, evaluator, OneShot.darts())}, which adds a pass over the
 * architecture half per epoch (the supernet's loss and accuracy), a checkpoint per epoch, the store
 * and the background thread. The two alternate for the measured rounds after one warm-up each;
 * prints the medians, their ratio and the rounds' values.
 *
 * <p>Run: {@code bench/run.sh OneShotBenchmark [--rounds 5] [--epochs 2] [--modes library,experiment]}.
 * {@code --modes library} runs only the library call, so the benchmark (built here) also runs on a
 * build of nas-lib that has no {@code OneShot} strategy, the base of a comparison.
 */
public final class OneShotBenchmark {
    private OneShotBenchmark() {}

    static ModelSpace space() {
        return ModelSpace.define("fashion-mlp", s -> new SequentialBlock()
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(64).build())
                .add(s.layerChoice("activation", Activation::reluBlock, Activation::tanhBlock, () -> Layers.zero(1)))
                .add(s.repeat("depth", List.of(0, 1, 2), i -> new SequentialBlock()
                        .add(Linear.builder().setUnits(64).build())
                        .add(Activation.reluBlock())))
                .add(Linear.builder().setUnits(10).build()));
    }

    public static void main(String[] args) throws Exception {
        LibraryVersusExperiment rounds = LibraryVersusExperiment.parse("OneShotBenchmark", args, "epochs per search");
        int epochs = rounds.epochs();
        TrainTestData data = Datasets.fashionMnist().first(2000, 500);
        Path home = Files.createTempDirectory("jnas-oneshot-bench");
        rounds.alternate(
                LibraryVersusExperiment.timed(
                        () -> OneShotSearch.darts(space(), data).epochs(epochs).batchSize(64).seed(1).run()),
                measured -> AsExperiment.run(data, epochs, home));
        rounds.printMedians("library call (OneShotSearch.run)", "experiment (OneShot.darts strategy)");
        rounds.printRatio();
    }

    /** Apart, so that {@code --modes library} never loads {@code OneShot} (absent from the base's build). */
    private static final class AsExperiment {
        static double run(TrainTestData data, int epochs, Path home) throws Exception {
            ClassificationEvaluator evaluator = ClassificationEvaluator.builder().setData(data).optBatchSize(64).build();
            try (Experiment exp = Experiment.create(space(), evaluator, OneShot.darts().epochs(epochs))) {
                exp.config().name("oneshot-bench").seed(1).devicePolicy(DevicePolicy.CPU).home(home);
                long t0 = System.nanoTime();
                exp.run();
                return (System.nanoTime() - t0) / 1e9;
            }
        }
    }
}
