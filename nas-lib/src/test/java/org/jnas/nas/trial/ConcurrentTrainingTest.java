package org.jnas.nas.trial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.EasyTrain;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.TrainingConfig;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.jnas.nas.DevicePolicy;
import org.jnas.nas.Experiment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.jnas.nas.testing.EnumerateStrategy;
import org.jnas.nas.testing.FakeSpace;

/** Real DJL training in several threads at once: what DJL's stock PyTorch trainer cannot do. */
@Timeout(60)
class ConcurrentTrainingTest {
    private static final int SAMPLES = 256;
    private static final int BATCH = 32;
    private static final int EPOCHS = 15;

    private static Block mlp() {
        return new SequentialBlock()
                .add(Linear.builder().setUnits(16).build())
                .add(Activation::relu)
                .add(Linear.builder().setUnits(2).build());
    }

    /** Trains a fresh MLP on a synthetic linearly separable task; returns {loss before, loss after}. */
    private static double[] train(Model model, boolean easyTrain, CyclicBarrier start) throws Exception {
        NDManager m = model.getNDManager();
        NDArray x = m.randomNormal(new Shape(SAMPLES, 8));
        NDArray w = m.randomNormal(new Shape(8, 1));
        NDArray y = x.matMul(w).gt(0).toType(DataType.FLOAT32, false).reshape(SAMPLES);
        Loss loss = Loss.softmaxCrossEntropyLoss();
        TrainingConfig config = new DefaultTrainingConfig(loss)
                .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(0.02f)).build());
        try (Trainer trainer = model.newTrainer(config)) {
            assertInstanceOf(ConcurrentTrainer.class, trainer);
            trainer.initialize(new Shape(BATCH, 8));
            double before = lossOf(trainer, loss, x, y);
            start.await(10, TimeUnit.SECONDS);
            if (easyTrain) {
                ArrayDataset data = new ArrayDataset.Builder().setData(x).optLabels(y).setSampling(BATCH, true).build();
                EasyTrain.fit(trainer, EPOCHS, data, null);
            } else {
                for (int epoch = 0; epoch < EPOCHS; epoch++) {
                    for (int i = 0; i < SAMPLES; i += BATCH) {
                        NDArray xb = x.get(i + ":" + (i + BATCH));
                        NDArray yb = y.get(i + ":" + (i + BATCH));
                        try (GradientCollector collector = trainer.newGradientCollector()) {
                            NDArray prediction = trainer.forward(new NDList(xb)).singletonOrThrow();
                            collector.backward(loss.evaluate(new NDList(yb), new NDList(prediction)));
                        }
                        trainer.step();
                    }
                }
            }
            return new double[] {before, lossOf(trainer, loss, x, y)};
        }
    }

    private static double lossOf(Trainer trainer, Loss loss, NDArray x, NDArray y) {
        NDArray prediction = trainer.evaluate(new NDList(x)).singletonOrThrow();
        return loss.evaluate(new NDList(y), new NDList(prediction)).getFloat();
    }

    @Test
    void easyTrainAndAManualLoopTrainInTwoThreadsAtOnce() throws Exception {
        CyclicBarrier start = new CyclicBarrier(2);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try (Model a = ConcurrentModel.newInstance("a", Device.cpu());
                Model b = ConcurrentModel.newInstance("b", Device.cpu())) {
            a.setBlock(mlp());
            b.setBlock(mlp());
            CompletableFuture<double[]> easy = CompletableFuture.supplyAsync(() -> call(() -> train(a, true, start)), threads);
            CompletableFuture<double[]> manual = CompletableFuture.supplyAsync(() -> call(() -> train(b, false, start)), threads);
            for (double[] losses : List.of(easy.get(50, TimeUnit.SECONDS), manual.get(50, TimeUnit.SECONDS))) {
                assertTrue(losses[1] < 0.5 * losses[0], "loss did not drop: " + losses[0] + " -> " + losses[1]);
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void zeroGradientsTouchesOnlyItsOwnModel() throws Exception {
        try (Model a = ConcurrentModel.newInstance("a", Device.cpu());
                Model b = ConcurrentModel.newInstance("b", Device.cpu())) {
            a.setBlock(mlp());
            b.setBlock(mlp());
            TrainingConfig config = new DefaultTrainingConfig(Loss.l2Loss());
            try (Trainer ta = a.newTrainer(config); Trainer tb = b.newTrainer(config)) {
                ta.initialize(new Shape(4, 8));
                tb.initialize(new Shape(4, 8));
                NDArray x = a.getNDManager().randomNormal(new Shape(4, 8));
                for (Trainer t : List.of(ta, tb)) {
                    try (GradientCollector c = t.newGradientCollector()) {
                        c.backward(t.forward(new NDList(x)).singletonOrThrow().sum());
                    }
                }
                try (GradientCollector c = ta.newGradientCollector()) {
                    c.zeroGradients();
                }
                assertEquals(0f, gradientSum(a), "a's gradients zeroed");
                assertTrue(gradientSum(b) > 0f, "b's gradients untouched");
            }
        }
    }

    private static float gradientSum(Model model) {
        return model.getBlock().getParameters().values().stream()
                .map(p -> p.getArray().getGradient().abs().sum().getFloat())
                .reduce(0f, Float::sum);
    }

    @Test
    @SuppressWarnings("try") // the stock collector is held open on purpose
    void trialModelsTrainConcurrentlyAndStockTrainersGetAHint() throws Exception {
        CyclicBarrier start = new CyclicBarrier(2);
        CountDownLatch stockHolding = new CountDownLatch(1);
        CountDownLatch stockTried = new CountDownLatch(1);
        TrialEvaluator evaluator = trial -> {
            int a = FakeSpace.a(trial.sample());
            if (a == 0) {
                // trial.model(): a ConcurrentModel holding trial.block() on trial.device()
                assertInstanceOf(ConcurrentModel.class, trial.model());
                double[] losses = train(trial.model(), "x".equals(trial.sample().get("b")), start);
                trial.reportFinal(losses[1]);
            } else if ("x".equals(trial.sample().get("b"))) {
                // what a user's own stock DJL code does: hold the JVM-wide collector...
                try (Model own = Model.newInstance("own", trial.device());
                        Trainer stock = stockTrainer(own);
                        GradientCollector collector = stock.newGradientCollector()) {
                    stockHolding.countDown();
                    stockTried.await(10, TimeUnit.SECONDS);
                }
                trial.reportFinal(1);
            } else {
                // ...while another trial's stock trainer wants one: DJL throws
                stockHolding.await(10, TimeUnit.SECONDS);
                try (Model own = Model.newInstance("own", trial.device()); Trainer stock = stockTrainer(own)) {
                    stock.newGradientCollector().close();
                } finally {
                    stockTried.countDown();
                }
            }
        };
        try (Experiment exp = Experiment.create(new FakeSpace(), s -> mlp(), evaluator, new EnumerateStrategy())) {
            exp.config().name("djl").trialConcurrency(2).maxTrials(4).devicePolicy(DevicePolicy.CPU).persist(false);
            exp.run();
            List<TrialRecord> trials = exp.trials();
            assertEquals(TrialStatus.SUCCEEDED, trials.get(0).status(), trials.get(0).error().orElse(""));
            assertEquals(TrialStatus.SUCCEEDED, trials.get(1).status(), trials.get(1).error().orElse(""));
            assertTrue(trials.get(0).metric().getAsDouble() < 0.35, trials.get(0).toString());
            assertEquals(TrialStatus.SUCCEEDED, trials.get(2).status(), trials.get(2).error().orElse(""));
            assertEquals(TrialStatus.FAILED, trials.get(3).status());
            assertTrue(trials.get(3).error().orElse("").startsWith("DJL's stock trainer cannot train in two threads at once:"
                    + " train trial.model()"), trials.get(3).error().orElse(""));
        }
    }

    @Test
    void cpuTrialsDivideTheCoresAndPyTorchsCountComesBackAfterwards() throws Exception {
        try (NDManager engine = NDManager.newBaseManager()) {
            engine.zeros(new Shape(1)); // loads PyTorch
        }
        int before = onNewThread(JniUtils::getNumThreads);
        int cores = Runtime.getRuntime().availableProcessors();
        assertEquals(List.of(Math.max(1, cores / 2)), threadsSeenByTrials(0));
        assertEquals(before, onNewThread(JniUtils::getNumThreads), "threads started after the experiment");
        assertEquals(List.of(3), threadsSeenByTrials(3));
        assertEquals(before, onNewThread(JniUtils::getNumThreads));
    }

    @Test
    void djlsThreadSettingHoldsForEveryTrialUnlessTheExperimentSetsItsOwn() throws Exception {
        String set = System.getProperty("ai.djl.pytorch.num_threads");
        // more than the cores, so that no division of the cores can give it by chance
        int djlThreads = Runtime.getRuntime().availableProcessors() + 1;
        System.setProperty("ai.djl.pytorch.num_threads", String.valueOf(djlThreads));
        try {
            assertEquals(List.of(djlThreads), threadsSeenByTrials(0));
            assertEquals(List.of(djlThreads + 1), threadsSeenByTrials(djlThreads + 1));
        } finally {
            if (set == null) {
                System.clearProperty("ai.djl.pytorch.num_threads");
            } else {
                System.setProperty("ai.djl.pytorch.num_threads", set);
            }
        }
    }

    /** The distinct intra-op thread counts that 4 trials, 2 at a time, saw in their evaluator. */
    private static List<Integer> threadsSeenByTrials(int intraOpThreads) throws Exception {
        java.util.Set<Integer> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();
        TrialEvaluator probe = trial -> {
            seen.add(JniUtils.getNumThreads());
            trial.reportFinal(1);
        };
        try (Experiment exp = Experiment.create(new FakeSpace(), s -> mlp(), probe, new EnumerateStrategy())) {
            exp.config().name("threads").trialConcurrency(2).maxTrials(4).devicePolicy(DevicePolicy.CPU)
                    .intraOpThreads(intraOpThreads).persist(false);
            exp.run();
            assertEquals(4, exp.trials().stream().filter(t -> t.status() == TrialStatus.SUCCEEDED).count());
        }
        return List.copyOf(seen);
    }

    private static int onNewThread(Call<Integer> call) throws Exception {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return call.call();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, runnable -> new Thread(runnable).start()).get(10, TimeUnit.SECONDS);
    }

    private static Trainer stockTrainer(Model own) {
        own.setBlock(mlp());
        Trainer stock = own.newTrainer(new DefaultTrainingConfig(Loss.l2Loss()));
        stock.initialize(new Shape(1, 8));
        return stock;
    }

    private interface Call<T> {
        T call() throws Exception;
    }

    private static <T> T call(Call<T> body) {
        try {
            return body.call();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
