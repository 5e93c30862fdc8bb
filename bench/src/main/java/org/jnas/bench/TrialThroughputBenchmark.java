package org.jnas.bench;

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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jnas.nas.DevicePolicy;
import org.jnas.nas.Experiment;
import org.jnas.nas.space.ModelSpace;
import org.jnas.nas.strategy.Strategy;
import org.jnas.nas.trial.TrialEvaluator;
import org.jnas.nas.trial.TrialRecord;

/**
 * What the engine adds to a trial, in two parts.
 *
 * <p>Slot refill: 30 trivial trials (they report a metric and end) on 1 slot; the slot's idle time
 * is the time from one trial's end to the next one's start (asking the strategy, recording in the
 * store, launching). Prints its median and maximum, and a trivial trial's median start-to-end time,
 * for a first (cold) search and a second one in the same JVM. This is the figure the engine test
 * {@code slotsRefillQuickly} printed before tests stopped timing anything.
 *
 * <p>Training throughput: a small CNN trained for one epoch ({@code EasyTrain.fit}, 2,000 synthetic
 * 28x28 images, batch 64) inside a one-trial experiment against the same model in a bare DJL loop
 * (stock trainer, in a thread of its own like a trial), alternating for 4 rounds of which the first
 * (JIT and allocator warm-up) is dropped; prints the images/s of each, their ratio, and the
 * engine's per-trial overhead (the trial's duration minus the evaluator's own time).
 *
 * <p>Run: {@code bench/run.sh TrialThroughputBenchmark [--trivial-trials 30] [--rounds 4]
 * [--main-thread-too] [--no-persist]}. Both parts run with persistence on (the experiments' default)
 * unless {@code --no-persist} turns it off.
 */
public final class TrialThroughputBenchmark {
    private static final int IMAGES = 2000;
    private static final int BATCH = 64;

    private TrialThroughputBenchmark() {}

    public static void main(String[] args) throws Exception {
        Options options = Options.parse("TrialThroughputBenchmark", args);
        int trivialTrials = options.integer("trivial-trials", 30, "trivial trials per slot-refill search (1 slot)");
        int rounds = options.integer("rounds", 4, "throughput rounds (bare loop, then a trial); the first is dropped");
        boolean mainThreadToo = options.flag("main-thread-too", "also time the bare loop in the main thread");
        boolean persist = !options.flag("no-persist", "run the experiments without the store (persistence is on by default)");
        options.done();
        if (trivialTrials < 2 || rounds < 2) {
            throw new IllegalArgumentException("TrialThroughputBenchmark: --trivial-trials and --rounds must be at"
                    + " least 2, got " + trivialTrials + " and " + rounds);
        }

        slotRefill("cold", trivialTrials, persist);
        slotRefill("warm", trivialTrials, persist);
        throughput(rounds, mainThreadToo, persist);
    }

    /** One search of {@code trials} trivial trials on 1 slot; prints the slot's idle time between trials. */
    private static void slotRefill(String label, int trials, boolean persist) throws Exception {
        ModelSpace trivial = ModelSpace.define("trivial", s -> {
            s.valueChoice("a", 0, 1, 2);
            return Blocks.identityBlock();
        });
        // without dedup, random search proposes forever: the budget alone ends the search
        try (Experiment exp = Experiment.create(trivial, trial -> trial.reportFinal(1), Strategy.random().dedup(false))) {
            exp.config().name("slot-refill-bench").devicePolicy(DevicePolicy.CPU).trialConcurrency(1).maxTrials(trials)
                    .persist(persist);
            exp.run();
            List<TrialRecord> all = exp.trials();
            List<Long> idleNanos = new ArrayList<>();
            for (int i = 1; i < all.size(); i++) {
                idleNanos.add(Duration.between(all.get(i - 1).ended().orElseThrow(),
                        all.get(i).started().orElseThrow()).toNanos());
            }
            Stats idle = Stats.of(idleNanos).scaled(1e-6);
            Stats trialMs = Stats.of(all.stream().map(t -> t.duration().toNanos()).toList()).scaled(1e-6);
            System.out.printf("slot idle between trials (%s, %d trivial trials, 1 slot, persistence %s): median %s ms,"
                            + " max %s ms; trivial trial start-to-end median %s ms%n",
                    label, all.size(), persist ? "on" : "off", Stats.number("%.3f", idle.median()), Stats.number("%.3f", idle.max()),
                    Stats.number("%.3f", trialMs.median()));
        }
    }

    private static void throughput(int rounds, boolean mainThreadToo, boolean persist) throws Exception {
        try (NDManager data = NDManager.newBaseManager()) {
            NDArray x = data.randomNormal(new Shape(IMAGES, 1, 28, 28));
            NDArray y = data.randomInteger(0, 10, new Shape(IMAGES), DataType.INT32).toType(DataType.FLOAT32, false);
            ArrayDataset dataset = new ArrayDataset.Builder().setData(x).optLabels(y).setSampling(BATCH, true).build();
            List<Double> bare = new ArrayList<>();
            List<Double> trial = new ArrayList<>();
            List<Double> overheadMs = new ArrayList<>();
            for (int round = 0; round < rounds; round++) {
                bare.add(OwnThread.call("bare", () -> bareEpoch("bare", dataset)));
                if (mainThreadToo) {
                    System.out.printf("bare loop in the main thread: %s images/s%n",
                            Stats.number("%.0f", bareEpoch("bare-main", dataset)));
                }
                double[] inside = new double[2]; // images/s, evaluator's own ms
                TrialEvaluator evaluator = t -> {
                    long t0 = System.nanoTime();
                    try (Trainer trainer = t.model().newTrainer(config())) {
                        inside[0] = epoch(trainer, dataset);
                    }
                    t.reportFinal(1);
                    inside[1] = (System.nanoTime() - t0) / 1e6;
                };
                try (Experiment exp = Experiment.create(ModelSpace.define("cnn", s -> cnn()), evaluator, Strategy.random())) {
                    exp.config().name("throughput-bench").devicePolicy(DevicePolicy.CPU).maxTrials(1).persist(persist);
                    exp.run();
                    TrialRecord r = exp.trials().get(0);
                    trial.add(inside[0]);
                    overheadMs.add(r.duration().toNanos() / 1e6 - inside[1]);
                }
            }
            // the first round warms up the JIT and the allocator: drop it
            Stats bareRate = Stats.of(bare.subList(1, rounds));
            Stats trialRate = Stats.of(trial.subList(1, rounds));
            Stats overhead = Stats.of(overheadMs.subList(1, rounds));
            System.out.printf("images/s bare DJL loop %s; in a trial %s; ratio of medians %s;"
                            + " per-trial engine overhead %s%n",
                    bareRate.format("%.0f"), trialRate.format("%.0f"),
                    Stats.number("%.3f", trialRate.median() / bareRate.median()), overhead.format("%.2f ms"));
            System.out.printf("(synthetic data, 1 epoch of %d images, batch %d)%n", IMAGES, BATCH);
        }
    }

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

    /** Images per second of one epoch of the stock DJL trainer outside any experiment. */
    private static double bareEpoch(String name, ArrayDataset dataset) throws Exception {
        try (Model model = Model.newInstance(name)) {
            model.setBlock(cnn());
            try (Trainer trainer = model.newTrainer(config())) {
                return epoch(trainer, dataset);
            }
        }
    }

    /** Images per second of one epoch of {@code EasyTrain.fit}. */
    private static double epoch(Trainer trainer, ArrayDataset data) throws Exception {
        trainer.initialize(new Shape(BATCH, 1, 28, 28));
        long t0 = System.nanoTime();
        EasyTrain.fit(trainer, 1, data, null);
        return IMAGES / ((System.nanoTime() - t0) / 1e9);
    }
}
