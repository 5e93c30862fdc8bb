package org.jnas.nas;

import org.jnas.nas.testing.EnumerateStrategy;
import org.jnas.nas.testing.FakeSpace;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.EasyTrain;
import ai.djl.training.Trainer;
import ai.djl.training.TrainingConfig;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.loss.Loss;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.jnas.nas.trial.TrialEvaluator;
import org.jnas.nas.trial.TrialRecord;
import org.jnas.nas.trial.ConcurrentTrainer;

/**
 * Training throughput of a trial (ConcurrentTrainer inside the engine) against the same model in
 * a bare DJL loop (stock trainer, main thread), alternating, plus the engine's per-trial overhead
 * (trial duration minus the evaluator's own time). Synthetic 28x28 images, 1 epoch, batch 64.
 *
 * <p>Run: {@code mvn -o -q -pl nas-lib test-compile dependency:build-classpath -Dmdep.outputFile=cp.txt
 * && java -Dai.djl.offline=true -cp nas-lib/target/test-classes:nas-lib/target/classes:$(cat nas-lib/cp.txt)
 * org.jnas.nas.TrialThroughputBenchmark}
 */
public final class TrialThroughputBenchmark {
    private static final int IMAGES = 2000;
    private static final int BATCH = 64;

    private TrialThroughputBenchmark() {}

    private static Block cnn() {
        return new SequentialBlock()
                .add(Conv2d.builder().setFilters(32).setKernelShape(new Shape(3, 3)).build())
                .add(Activation::relu)
                .add(Pool.maxPool2dBlock(new Shape(2, 2)))
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(128).build())
                .add(Activation::relu)
                .add(Linear.builder().setUnits(10).build());
    }

    private static TrainingConfig config() {
        return new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss());
    }

    /** Images per second of one epoch of EasyTrain.fit. */
    private static double epoch(Trainer trainer, ArrayDataset data) throws Exception {
        trainer.initialize(new Shape(BATCH, 1, 28, 28));
        long t0 = System.nanoTime();
        EasyTrain.fit(trainer, 1, data, null);
        return IMAGES / ((System.nanoTime() - t0) / 1e9);
    }

    public static void main(String[] args) throws Exception {
        try (NDManager data = NDManager.newBaseManager()) {
            NDArray x = data.randomNormal(new Shape(IMAGES, 1, 28, 28));
            NDArray y = data.randomInteger(0, 10, new Shape(IMAGES), DataType.INT32).toType(DataType.FLOAT32, false);
            ArrayDataset dataset = new ArrayDataset.Builder().setData(x).optLabels(y).setSampling(BATCH, true).build();
            List<Double> bare = new ArrayList<>();
            List<Double> trial = new ArrayList<>();
            List<Double> overheadMs = new ArrayList<>();
            for (int round = 0; round < 4; round++) {
                // in a thread of its own like a trial's: PyTorch's per-thread settings then match
                double[] bareRate = new double[1];
                Thread bareThread = new Thread(() -> {
                    try (Model model = Model.newInstance("bare")) {
                        model.setBlock(cnn());
                        try (Trainer trainer = model.newTrainer(config())) {
                            bareRate[0] = epoch(trainer, dataset);
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                bareThread.start();
                bareThread.join();
                bare.add(bareRate[0]);
                if (args.length > 0 && args[0].equals("--main-thread-too")) {
                    try (Model model = Model.newInstance("bare-main")) {
                        model.setBlock(cnn());
                        try (Trainer trainer = model.newTrainer(config())) {
                            System.out.printf("bare loop in the main thread: %.0f images/s%n", epoch(trainer, dataset));
                        }
                    }
                }
                double[] inside = new double[2];
                TrialEvaluator evaluator = t -> {
                    long t0 = System.nanoTime();
                    try (Trainer trainer = t.model().newTrainer(config())) {
                        inside[0] = epoch(trainer, dataset);
                    }
                    t.reportFinal(1);
                    inside[1] = (System.nanoTime() - t0) / 1e6;
                };
                try (Experiment exp = Experiment.create(new FakeSpace(), s -> cnn(), evaluator, new EnumerateStrategy())) {
                    exp.config().name("bench").devicePolicy(DevicePolicy.CPU).maxTrials(1);
                    exp.run();
                    TrialRecord r = exp.trials().get(0);
                    trial.add(inside[0]);
                    overheadMs.add(r.duration().toNanos() / 1e6 - inside[1]);
                }
            }
            // the first round warms up the JIT and the allocator: drop it
            for (List<Double> l : List.of(bare, trial, overheadMs)) {
                l.remove(0);
                Collections.sort(l);
            }
            System.out.printf("images/s bare DJL loop median %.0f %s; in a trial median %.0f %s; ratio %.3f;"
                            + " per-trial engine overhead median %.2f ms %s%n",
                    bare.get(1), bare, trial.get(1), trial, trial.get(1) / bare.get(1), overheadMs.get(1), overheadMs);
            System.out.println(Map.of("note", "synthetic data, 1 epoch of " + IMAGES + " images, batch " + BATCH));
        }
    }
}
