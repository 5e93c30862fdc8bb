package org.jnas.bench;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.dataset.Batch;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Supplier;
import org.jnas.nas.DevicePolicy;
import org.jnas.nas.Experiment;
import org.jnas.nas.data.Datasets;
import org.jnas.nas.data.TrainTestData;
import org.jnas.nas.evaluator.PyTorchInit;
import org.jnas.nas.space.ModelSpace;
import org.jnas.nas.space.Sample;
import org.jnas.nas.strategy.Strategy;
import org.jnas.nas.trial.ConcurrentModel;
import org.jnas.nas.trial.Direction;
import org.jnas.nas.trial.TrialEvaluator;
import org.jnas.nas.trial.TrialRecord;
import org.jnas.nas.trial.TrialStatus;

/**
 * The NNI comparison work of issue 4, measured on JNAS: the seed's quickstart space (18
 * architectures), {@code Strategy.random()} (dedup), 18 trials, 2 at a time, each trial Adam 1e-3,
 * batch 64, 1 epoch on the first 2,000 Fashion-MNIST training images (shuffled), tested on the
 * first 1,000 test images: the work of {@code ../shared/anchors/baseline_trials.py}.
 *
 * <p>Each trial runs a plain DJL loop on {@code trial.model()} in a functional evaluator and stamps
 * the start and end of its training and test loops. From those stamps and the trial records it
 * derives, per trial, the overhead (trial wall time from being launched by the engine to its end,
 * minus the training and test loops: model building, data set and trainer set-up, engine
 * bookkeeping) and, per slot, the idle time between one trial ending and the next being launched.
 *
 * <p>The throughput reference is the same plain loop on the same 18 architectures outside any
 * experiment, two threads at a time like the trials, half of them before the experiment and half
 * after it so that both see the same machine load. DJL's stock trainer cannot train in two threads
 * at once, so the reference threads use {@link ConcurrentModel} (the documented way outside an
 * experiment); a solo check then compares one stock {@code Model.newInstance} trainer with one
 * {@code ConcurrentModel} trainer, alone, to show that trainer costs nothing either.
 *
 * <p>Run (normally through {@code bench/experiment/run.sh}, which runs the Python anchor first and
 * compares): {@code bench/run.sh QuickstartBenchmark [--trials 18] [--concurrency 2] [--seed 0]
 * [--solo-rounds 2] [--intra-op N] [--out jnas.json]}; {@code --intra-op} sets the PyTorch threads
 * per trial and per bare thread (default 0: the experiment's own choice, cores / concurrency). It
 * needs Fashion-MNIST where {@code Datasets.fashionMnist()} finds it (Debian:
 * {@code dataset-fashion-mnist}). Prints a summary; every figure and trial stamp goes to the JSON file.
 */
public final class QuickstartBenchmark {
    private static final int TRAIN_IMAGES = 2000;
    private static final int TEST_IMAGES = 1000;
    private static final int BATCH = 64;
    private static final float LEARNING_RATE = 1e-3f;

    private QuickstartBenchmark() {}


    /** Wall-clock microseconds, on the same clock as the trial records' instants. */
    static long micros() {
        return micros(Instant.now());
    }

    static long micros(Instant t) {
        return t.getEpochSecond() * 1_000_000L + t.getNano() / 1_000;
    }

    /** Process CPU time in nanoseconds (all threads, native ones included). */
    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** What one run of the plain loop did: stamps in wall-clock microseconds, images and accuracy. */
    record Work(long setupStart, long dataReady, long trainStart, long trainEnd, long testEnd, int images,
            double accuracy) {
        double trainSeconds() {
            return (trainEnd - trainStart) / 1e6;
        }

        double testSeconds() {
            return (testEnd - trainEnd) / 1e6;
        }

        double imagesPerSecond() {
            return images / trainSeconds();
        }
    }

    /**
     * The anchor's trial in DJL: data sets from the shared arrays, PyTorch's weight initialisation,
     * Adam 1e-3, batch 64, one epoch of a hand-written loop over the shuffled training images, then
     * accuracy on the test images.
     */
    static Work trainAndTest(Model model, NDManager manager, Device device, TrainTestData data) throws Exception {
        long setupStart = micros();
        ArrayDataset train = data.trainDataset(manager, BATCH, true);
        ArrayDataset test = data.testDataset(manager, BATCH);
        long dataReady = micros();
        DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(LEARNING_RATE)).build())
                .optInitializer(PyTorchInit.weights(), Parameter.Type.WEIGHT)
                .optDevices(new Device[] {device});
        try (Trainer trainer = model.newTrainer(config)) {
            trainer.initialize(data.train().batchShape(BATCH));
            long trainStart = micros();
            int images = 0;
            for (Batch batch : trainer.iterateDataset(train)) {
                try (batch) {
                    NDList x = batch.getData().toDevice(device, false);
                    NDList y = batch.getLabels().toDevice(device, false);
                    try (GradientCollector collector = trainer.newGradientCollector()) {
                        NDArray loss = trainer.getLoss().evaluate(y, trainer.forward(x, y));
                        collector.backward(loss);
                    }
                    trainer.step();
                    images += batch.getSize();
                }
            }
            long trainEnd = micros();
            long correct = 0;
            long seen = 0;
            for (Batch batch : trainer.iterateDataset(test)) {
                try (batch) {
                    NDArray predicted = trainer.evaluate(batch.getData().toDevice(device, false))
                            .singletonOrThrow().argMax(1).toType(DataType.FLOAT32, false);
                    NDArray labels = batch.getLabels().singletonOrThrow().toDevice(device, false);
                    correct += predicted.eq(labels).sum().toType(DataType.INT64, false).getLong();
                    seen += batch.getSize();
                }
            }
            long testEnd = micros();
            return new Work(setupStart, dataReady, trainStart, trainEnd, testEnd, images, (double) correct / seen);
        }
    }

    /** One architecture trained by the plain loop outside any experiment. */
    static Work bare(ModelSpace space, Sample sample, TrainTestData data, Supplier<Model> models) throws Exception {
        try (Model model = models.get(); NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            model.setBlock(space.instantiate(sample));
            return trainAndTest(model, manager, Device.cpu(), data);
        }
    }

    /** A phase of bare runs: {@code threads} threads take the samples in order from a queue. */
    static Phase barePhase(String name, ModelSpace space, List<Sample> samples, int threads, int intraOp,
            TrainTestData data) throws InterruptedException {
        // The trials' intra-op threads, so that both sides share the cores the same way.
        int perThread = intraOp > 0 ? intraOp : Math.max(1, Runtime.getRuntime().availableProcessors() / threads);
        ConcurrentLinkedQueue<Sample> queue = new ConcurrentLinkedQueue<>(samples);
        Map<Sample, Work> done = new ConcurrentHashMap<>();
        List<Throwable> errors = Collections.synchronizedList(new ArrayList<>());
        long cpu0 = processCpuNanos();
        long t0 = micros();
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(() -> {
                JniUtils.setNumThreads(perThread);
                for (Sample s; (s = queue.poll()) != null; ) {
                    try {
                        done.put(s, bare(space, s, data, () -> ConcurrentModel.newInstance("bare", Device.cpu())));
                    } catch (Exception | Error e) {
                        errors.add(e);
                    }
                }
            }, "bare-" + i);
            workers.add(t);
            t.start();
        }
        for (Thread t : workers) {
            t.join();
        }
        if (!errors.isEmpty()) {
            throw new IllegalStateException("bare run failed in phase " + name, errors.get(0));
        }
        return new Phase(name, (micros() - t0) / 1e6, (processCpuNanos() - cpu0) / 1e9, done);
    }

    record Phase(String name, double wallSeconds, double cpuSeconds, Map<Sample, Work> work) {}

    /** Trial launches matched to slots in the order the slots freed; each gap is a slot's idle time. */
    static List<Double> slotIdleSeconds(List<long[]> launchEnd, int slots, long experimentStart) {
        List<long[]> byLaunch = new ArrayList<>(launchEnd);
        byLaunch.sort(Comparator.comparingLong(t -> t[0]));
        PriorityQueue<long[]> freeAt = new PriorityQueue<>(Comparator.comparingLong(t -> t[0]));
        for (int i = 0; i < slots; i++) {
            freeAt.add(new long[] {experimentStart, 1}); // 1: never used yet
        }
        List<Double> idle = new ArrayList<>();
        for (long[] t : byLaunch) {
            long[] slot = freeAt.poll();
            if (slot[1] == 0) {
                idle.add((t[0] - slot[0]) / 1e6);
            }
            freeAt.add(new long[] {t[1], 0});
        }
        return idle;
    }

    /** The summary compare.py reads: n, min, p50, mean, p90, max (only n when there are no values). */
    static JsonObject stats(List<Double> xs) {
        Stats s = Stats.of(xs);
        JsonObject o = new JsonObject();
        o.addProperty("n", s.count());
        if (!s.isEmpty()) {
            o.addProperty("min", s.min());
            o.addProperty("p50", s.median());
            o.addProperty("mean", s.mean());
            o.addProperty("p90", s.quantile(0.9));
            o.addProperty("max", s.max());
        }
        return o;
    }

    static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse("QuickstartBenchmark", args);
        int trials = options.integer("trials", 18, "trials of the search");
        int concurrency = options.integer("concurrency", 2, "trials at a time, and threads of the bare loop");
        long seed = options.longInteger("seed", 0, "the search's seed");
        int soloRounds = options.integer("solo-rounds", 2, "rounds of the solo check (stock vs ConcurrentModel trainer)");
        int intraOp = options.integer("intra-op", 0, "PyTorch threads per trial and bare thread (0: cores / concurrency)");
        Path out = options.path("out", Path.of("jnas.json"), "where the JSON results go");
        options.done();
        int cores = Runtime.getRuntime().availableProcessors();
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime() * 1000L;
        JsonObject result = new JsonObject();
        result.addProperty("cores", cores);
        result.addProperty("java", System.getProperty("java.version"));
        result.addProperty("loadavg_1min_start", loadAverage());

        // one-time set-up, as in a notebook session: data into memory, engine loaded
        long setup0 = micros();
        TrainTestData data = Datasets.fashionMnist().first(TRAIN_IMAGES, TEST_IMAGES);
        ModelSpace space = QuickstartSpace.create();
        List<Sample> all = new ArrayList<>();
        space.enumerate().forEach(all::add);
        try (NDManager probe = NDManager.newBaseManager()) {
            result.addProperty("engine", probe.getEngine().getEngineName() + " " + probe.getEngine().getVersion());
        }
        long setup1 = micros();
        result.addProperty("setup_s", (setup1 - setup0) / 1e6);
        result.addProperty("jvm_start_to_setup_done_s", (setup1 - jvmStart) / 1e6);
        System.out.printf(Locale.ROOT, "set-up (data + engine) %.2f s; JVM start to ready %.2f s; %d architectures%n",
                (setup1 - setup0) / 1e6, (setup1 - jvmStart) / 1e6, all.size());

        List<Sample> firstHalf = new ArrayList<>();
        List<Sample> secondHalf = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            (i % 2 == 0 ? firstHalf : secondHalf).add(all.get(i));
        }
        Phase bareBefore = barePhase("bare-before", space, firstHalf, concurrency, intraOp, data);
        System.out.printf(Locale.ROOT, "bare loop, %d architectures, %d threads: %.1f s%n",
                firstHalf.size(), concurrency, bareBefore.wallSeconds());

        // ---- the experiment ----
        Map<Long, Work> work = new ConcurrentHashMap<>();
        Map<Long, Long> evaluatorExit = new ConcurrentHashMap<>();
        TrialEvaluator evaluator = TrialEvaluator.functional(trial -> {
            Work w = trainAndTest(trial.model(), trial.manager(), trial.device(), data);
            work.put(trial.id(), w);
            trial.reportFinal(Map.of("default", w.accuracy(), "images_per_s", w.imagesPerSecond()));
            evaluatorExit.put(trial.id(), micros());
        });
        double loadBefore = loadAverage();
        long cpu0 = processCpuNanos();
        long exp0 = micros();
        List<TrialRecord> records;
        String endReason;
        try (Experiment exp = Experiment.create(space, evaluator, Strategy.random())) {
            exp.config().name("quickstart_bench").trialConcurrency(concurrency).maxTrials(trials).seed(seed)
                    .direction(Direction.MAXIMIZE).devicePolicy(DevicePolicy.CPU);
            if (intraOp > 0) {
                exp.config().intraOpThreads(intraOp);
            }
            exp.run();
            records = exp.trials();
            endReason = exp.endReason();
        }
        long exp1 = micros();
        double expCpu = (processCpuNanos() - cpu0) / 1e9;
        double expWall = (exp1 - exp0) / 1e6;
        double loadAfter = loadAverage();

        Phase bareAfter = barePhase("bare-after", space, secondHalf, concurrency, intraOp, data);
        System.out.printf(Locale.ROOT, "bare loop, %d architectures, %d threads: %.1f s%n",
                secondHalf.size(), concurrency, bareAfter.wallSeconds());

        // solo check: the stock DJL trainer against ConcurrentModel's, one at a time, alternating
        Sample soloSample = all.get(0);
        List<Double> soloStock = new ArrayList<>();
        List<Double> soloConcurrent = new ArrayList<>();
        for (int r = 0; r < soloRounds; r++) {
            soloStock.add(solo(space, soloSample, data, () -> Model.newInstance("stock", Device.cpu())));
            soloConcurrent.add(solo(space, soloSample, data, () -> ConcurrentModel.newInstance("solo", Device.cpu())));
        }

        // ---- figures ----
        JsonArray trialRows = new JsonArray();
        List<Double> overhead = new ArrayList<>();
        List<Double> overheadWithTest = new ArrayList<>();
        List<Double> trialWall = new ArrayList<>();
        List<Double> trainS = new ArrayList<>();
        List<Double> testS = new ArrayList<>();
        List<Double> rates = new ArrayList<>();
        List<Double> accuracy = new ArrayList<>();
        List<Double> launchToTrain = new ArrayList<>();
        List<Double> engineOverhead = new ArrayList<>();
        List<Double> evaluatorSetup = new ArrayList<>();
        List<Double> rateRatios = new ArrayList<>();
        List<long[]> launchEnd = new ArrayList<>();
        Map<Sample, Work> bareWork = new HashMap<>(bareBefore.work());
        bareWork.putAll(bareAfter.work());
        int succeeded = 0;
        for (TrialRecord r : records) {
            JsonObject row = new JsonObject();
            row.addProperty("id", r.id());
            row.addProperty("sample", r.sample().toJson());
            row.addProperty("status", r.status().name());
            long launched = micros(r.submitted());
            long ended = r.ended().map(QuickstartBenchmark::micros).orElse(launched);
            launchEnd.add(new long[] {launched, ended});
            row.addProperty("t_launch_us", launched);
            row.addProperty("t_end_us", ended);
            Work w = work.get(r.id());
            if (r.status() == TrialStatus.SUCCEEDED && w != null) {
                succeeded++;
                double wall = (ended - launched) / 1e6;
                trialWall.add(wall);
                trainS.add(w.trainSeconds());
                testS.add(w.testSeconds());
                overhead.add(wall - w.trainSeconds() - w.testSeconds());
                overheadWithTest.add(wall - w.trainSeconds());
                rates.add(w.imagesPerSecond());
                accuracy.add(w.accuracy());
                launchToTrain.add((w.trainStart() - launched) / 1e6);
                long exit = evaluatorExit.getOrDefault(r.id(), w.testEnd());
                double engine = ((w.setupStart() - launched) + (ended - exit)) / 1e6;
                engineOverhead.add(engine);
                evaluatorSetup.add((w.trainStart() - w.setupStart()) / 1e6);
                row.addProperty("engine_overhead_s", engine);
                row.addProperty("data_setup_s", (w.dataReady() - w.setupStart()) / 1e6);
                row.addProperty("trainer_setup_s", (w.trainStart() - w.dataReady()) / 1e6);
                row.addProperty("t_evaluator_exit_us", exit);
                Work b = bareWork.get(r.sample());
                if (b != null) {
                    rateRatios.add(w.imagesPerSecond() / b.imagesPerSecond());
                }
                r.started().ifPresent(started -> row.addProperty("t_started_us", micros(started)));
                row.addProperty("t_setup_start_us", w.setupStart());
                row.addProperty("t_train_start_us", w.trainStart());
                row.addProperty("t_train_end_us", w.trainEnd());
                row.addProperty("t_test_end_us", w.testEnd());
                row.addProperty("trial_wall_s", wall);
                row.addProperty("train_s", w.trainSeconds());
                row.addProperty("test_s", w.testSeconds());
                row.addProperty("overhead_s", wall - w.trainSeconds() - w.testSeconds());
                row.addProperty("train_img_per_s", w.imagesPerSecond());
                row.addProperty("accuracy", w.accuracy());
            } else {
                row.addProperty("error", r.error().orElse(""));
            }
            trialRows.add(row);
        }
        List<Double> idle = slotIdleSeconds(launchEnd, concurrency, exp0);
        List<Double> bareRates = new ArrayList<>();
        List<Double> bareAccuracy = new ArrayList<>();
        JsonArray bareRows = new JsonArray();
        for (Map.Entry<Sample, Work> e : bareWork.entrySet()) {
            bareRates.add(e.getValue().imagesPerSecond());
            bareAccuracy.add(e.getValue().accuracy());
            JsonObject row = new JsonObject();
            row.addProperty("sample", e.getKey().toJson());
            row.addProperty("train_s", e.getValue().trainSeconds());
            row.addProperty("train_img_per_s", e.getValue().imagesPerSecond());
            row.addProperty("accuracy", e.getValue().accuracy());
            bareRows.add(row);
        }

        result.addProperty("trials_requested", trials);
        result.addProperty("trials_run", records.size());
        result.addProperty("trials_ok", succeeded);
        result.addProperty("concurrency", concurrency);
        result.addProperty("seed", seed);
        result.addProperty("end_reason", endReason);
        result.addProperty("total_wall_s", expWall);
        result.addProperty("cpu_s", expCpu);
        result.addProperty("cpu_use", expCpu / expWall / cores);
        result.addProperty("loadavg_1min_before_experiment", loadBefore);
        result.addProperty("loadavg_1min_after_experiment", loadAfter);
        result.add("trial_wall_s", stats(trialWall));
        result.add("train_s", stats(trainS));
        result.add("test_s", stats(testS));
        result.add("overhead_s", stats(overhead));
        result.add("overhead_incl_test_s", stats(overheadWithTest));
        result.add("engine_overhead_s", stats(engineOverhead));
        result.add("evaluator_setup_s", stats(evaluatorSetup));
        result.add("launch_to_first_step_s", stats(launchToTrain));
        result.add("slot_idle_s", stats(idle));
        result.add("train_img_per_s", stats(rates));
        result.add("accuracy", stats(accuracy));
        JsonObject bare = new JsonObject();
        bare.addProperty("threads", concurrency);
        bare.addProperty("model", "ConcurrentModel outside any experiment (stock DJL trainers cannot run in two threads)");
        bare.addProperty("wall_s", bareBefore.wallSeconds() + bareAfter.wallSeconds());
        bare.addProperty("cpu_use", (bareBefore.cpuSeconds() + bareAfter.cpuSeconds())
                / (bareBefore.wallSeconds() + bareAfter.wallSeconds()) / cores);
        bare.add("train_img_per_s", stats(bareRates));
        bare.add("accuracy", stats(bareAccuracy));
        bare.add("runs", bareRows);
        result.add("bare", bare);
        result.addProperty("throughput_ratio_of_medians", Stats.of(rates).median() / Stats.of(bareRates).median());
        // under a shared machine's load the cores a phase gets vary; work per CPU-second does not as much
        long trialImages = work.values().stream().mapToLong(Work::images).sum();
        long bareImages = bareWork.values().stream().mapToLong(Work::images).sum();
        double trialPerCpu = trialImages / expCpu;
        double barePerCpu = bareImages / (bareBefore.cpuSeconds() + bareAfter.cpuSeconds());
        result.addProperty("train_images_per_cpu_s", trialPerCpu);
        bare.addProperty("train_images_per_cpu_s", barePerCpu);
        result.addProperty("cpu_efficiency_ratio", trialPerCpu / barePerCpu);
        result.add("throughput_ratio_per_architecture", stats(rateRatios));
        JsonObject soloJson = new JsonObject();
        soloJson.addProperty("sample", soloSample.toJson());
        soloJson.add("stock_model_img_per_s", stats(soloStock));
        soloJson.add("concurrent_model_img_per_s", stats(soloConcurrent));
        soloJson.addProperty("ratio_of_medians", Stats.of(soloConcurrent).median() / Stats.of(soloStock).median());
        result.add("solo_check", soloJson);
        result.addProperty("loadavg_1min_end", loadAverage());
        result.add("trials", trialRows);
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(out, new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues()
                .create().toJson(result));

        System.out.printf(Locale.ROOT, "experiment: %d/%d trials ok (%s), wall %.1f s, CPU use %.0f%% of %d cores%n",
                succeeded, records.size(), endReason, expWall, 100 * expCpu / expWall / cores, cores);
        System.out.printf(Locale.ROOT, "per-trial overhead median %.1f ms (max %.1f): engine's share median %.1f ms,"
                        + " evaluator's data + trainer set-up median %.1f ms%n",
                1e3 * Stats.of(overhead).median(), 1e3 * Stats.of(overhead).max(), 1e3 * Stats.of(engineOverhead).median(),
                1e3 * Stats.of(evaluatorSetup).median());
        System.out.printf(Locale.ROOT, "slot idle median %.2f ms (max %.2f)%n",
                1e3 * Stats.of(idle).median(), 1e3 * Stats.of(idle).max());
        System.out.printf(Locale.ROOT, "training images/s median: trials %.0f, bare loop %.0f, ratio %.3f"
                        + " (per architecture: median %.3f)%n",
                Stats.of(rates).median(), Stats.of(bareRates).median(),
                Stats.of(rates).median() / Stats.of(bareRates).median(), Stats.of(rateRatios).median());
        System.out.printf(Locale.ROOT, "training images per process CPU-second (test loops and set-up included):"
                + " experiment %.0f, bare loop %.0f, ratio %.3f%n", trialPerCpu, barePerCpu, trialPerCpu / barePerCpu);
        System.out.printf(Locale.ROOT, "solo check images/s: stock trainer %s, ConcurrentModel %s%n",
                Stats.numbers("%.0f", soloStock), Stats.numbers("%.0f", soloConcurrent));
        System.out.printf(Locale.ROOT, "accuracy median: trials %.4f, bare %.4f; load average %.2f -> %.2f%n",
                Stats.of(accuracy).median(), Stats.of(bareAccuracy).median(), loadBefore, loadAfter);
        System.out.println("results -> " + out);
    }

    private static double solo(ModelSpace space, Sample sample, TrainTestData data, Supplier<Model> models)
            throws Exception {
        return OwnThread.call("solo", () -> bare(space, sample, data, models).imagesPerSecond());
    }
}
