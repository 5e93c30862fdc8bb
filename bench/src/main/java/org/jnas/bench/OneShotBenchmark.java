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
        Options options = Options.parse("OneShotBenchmark", args);
        int rounds = options.integer("rounds", 5, "measured rounds, each one run of every mode");
        int epochs = options.integer("epochs", 2, "epochs per search");
        String modes = options.text("modes", "library,experiment", "library, experiment or both, comma-separated");
        options.done();
        boolean experiment = modes.contains("experiment");
        boolean library = modes.contains("library");

        TrainTestData data = Datasets.fashionMnist().first(2000, 500);
        Path home = Files.createTempDirectory("jnas-oneshot-bench");
        List<Double> lib = new ArrayList<>();
        List<Double> exp = new ArrayList<>();
        for (int round = -1; round < rounds; round++) { // round -1 warms up: classes, the engine, SQLite
            if (library) {
                long t0 = System.nanoTime();
                OneShotSearch.darts(space(), data).epochs(epochs).batchSize(64).seed(1).run();
                double s = (System.nanoTime() - t0) / 1e9;
                if (round >= 0) {
                    lib.add(s);
                }
            }
            if (experiment) {
                double s = AsExperiment.run(data, epochs, home);
                if (round >= 0) {
                    exp.add(s);
                }
            }
        }
        if (library) {
            System.out.printf("library call (OneShotSearch.run), %d epochs: median %s s  %s%n", epochs,
                    Stats.number("%.2f", Stats.of(lib).median()), Stats.numbers("%.2f", lib));
        }
        if (experiment) {
            System.out.printf("experiment (OneShot.darts strategy), %d epochs: median %s s  %s%n", epochs,
                    Stats.number("%.2f", Stats.of(exp).median()), Stats.numbers("%.2f", exp));
        }
        if (library && experiment) {
            System.out.printf("experiment / library: %s%n", Stats.number("%.2f", Stats.of(exp).median() / Stats.of(lib).median()));
        }
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
