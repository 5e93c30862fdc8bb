package org.jnas.nas.engine;

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
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.loss.Loss;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.jnas.nas.DevicePolicy;
import org.jnas.nas.Experiment;
import org.jnas.nas.TrialEvaluator;

/**
 * Does setting PyTorch's intra-op threads per trial thread (cores / concurrency) help concurrent
 * CPU trials? Runs the same experiment (6 trials of a small CNN, 2 at a time) with the setting off
 * (DJL's process-wide default) and at 1, alternating, and prints the median wall times.
 *
 * <p>Run: {@code mvn -o -q -pl nas-lib test-compile dependency:build-classpath -Dmdep.outputFile=cp.txt
 * && java -Dai.djl.offline=true -cp nas-lib/target/test-classes:nas-lib/target/classes:$(cat nas-lib/cp.txt)
 * org.jnas.nas.engine.IntraOpThreadsBenchmark}
 */
public final class IntraOpThreadsBenchmark {
    private IntraOpThreadsBenchmark() {}

    private static Block cnn() {
        return new SequentialBlock()
                .add(Conv2d.builder().setFilters(16).setKernelShape(new Shape(3, 3)).build())
                .add(Activation::relu)
                .add(Pool.maxPool2dBlock(new Shape(2, 2)))
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(64).build())
                .add(Activation::relu)
                .add(Linear.builder().setUnits(10).build());
    }

    private static final TrialEvaluator TRAIN = trial -> {
        NDManager m = trial.manager();
        NDArray x = m.randomNormal(new Shape(1024, 1, 28, 28));
        NDArray y = m.randomInteger(0, 10, new Shape(1024), DataType.INT32).toType(DataType.FLOAT32, false);
        ArrayDataset data = new ArrayDataset.Builder().setData(x).optLabels(y).setSampling(64, true).build();
        try (Trainer trainer = trial.model().newTrainer(new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss()))) {
            trainer.initialize(new Shape(64, 1, 28, 28));
            EasyTrain.fit(trainer, 1, data, null);
        }
        trial.reportFinal(1);
    };

    private static double runOnce(int intraOpThreads) throws Exception {
        try (Experiment exp = Experiment.create(new FakeSpace(), s -> cnn(), TRAIN, new EnumerateStrategy())) {
            exp.config().name("bench").devicePolicy(DevicePolicy.CPU).trialConcurrency(2).intraOpThreads(intraOpThreads);
            long t0 = System.nanoTime();
            exp.run();
            return (System.nanoTime() - t0) / 1e9;
        }
    }

    public static void main(String[] args) throws Exception {
        int cores = Runtime.getRuntime().availableProcessors();
        int perTrial = Math.max(1, cores / 2);
        runOnce(0); // warm-up: engine load, JIT
        List<Double> off = new ArrayList<>();
        List<Double> on = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            off.add(runOnce(0));
            on.add(runOnce(perTrial));
        }
        Collections.sort(off);
        Collections.sort(on);
        System.out.printf("cores %d, 2 concurrent trials x 6: default threads median %.2f s %s; "
                + "intraOpThreads=%d median %.2f s %s; ratio %.2f%n",
                cores, off.get(1), off, perTrial, on.get(1), on, on.get(1) / off.get(1));
    }
}
