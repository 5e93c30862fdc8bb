package org.jnas.nas.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.jnas.nas.Experiment;
import org.jnas.nas.data.Datasets;
import org.jnas.nas.data.TrainTestData;
import org.jnas.nas.evaluator.ClassificationEvaluator;
import org.jnas.nas.results.ExperimentStatus;
import org.jnas.nas.results.ExperimentSummary;
import org.jnas.nas.space.ModelSpace;
import org.jnas.nas.strategy.Strategy;
import org.jnas.nas.testing.LocalSlurm;
import org.jnas.nas.trial.TrainingProgress;
import org.jnas.nas.trial.TrialContext;
import org.jnas.nas.trial.TrialEvaluator;
import org.jnas.nas.trial.TrialRecord;
import org.jnas.nas.trial.TrialStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Experiments whose trials run as jobs of a real Slurm cluster on localhost ({@link LocalSlurm}):
 * metrics arrive, a built-in evaluator ships with its data loader and an evaluator over DJL
 * datasets is refused, each job's sample holds the notebook's types, stop and cancel leave no job behind, a killed worker fails its trial with its
 * log, each trial gets its own fake GPU, a job that cannot start yet shows why, and bad settings
 * are refused at start before anything is submitted.
 */
@ExtendWith(LocalSlurm.class)
class SlurmClusterTest {
    /** A space of four architectures: a linear layer of 1 to 4 units, then one output. */
    static final ModelSpace SPACE = ModelSpace.define("tiny", s -> new SequentialBlock()
            .add(Linear.builder().setUnits(s.valueChoice("units", 1, 2, 3, 4)).build())
            .add(Linear.builder().setUnits(1).build()));

    @TempDir
    Path tmp;

    private Experiment experiment(TrialEvaluator evaluator, SlurmBackend backend, int concurrency) {
        Experiment exp = Experiment.create(SPACE, evaluator, Strategy.gridSearch());
        exp.config().name("slurm").trialConcurrency(concurrency).home(tmp.resolve("home"))
                .stopGracePeriod(Duration.ofSeconds(2)).backend(backend.directory(tmp.resolve("shared")));
        return exp;
    }

    /**
     * Three steps of real PyTorch training on a few random examples; the metric is the units. It
     * casts the sample's value to Integer, so a job whose sample held JSON's Long fails its trial.
     */
    static void train(TrialContext trial) throws Exception {
        Model model = trial.model();
        // the job's sample holds the notebook's types: an int choice is an Integer there too
        int units = (Integer) trial.sample().get("units");
        try (Trainer trainer = model.newTrainer(new DefaultTrainingConfig(Loss.l2Loss()))) {
            trainer.initialize(new Shape(8, 4));
            NDArray x = trial.manager().randomUniform(0, 1, new Shape(8, 4));
            for (int step = 1; step <= 3; step++) {
                try (GradientCollector gc = trainer.newGradientCollector()) {
                    NDArray out = trainer.forward(new NDList(x)).singletonOrThrow();
                    gc.backward(trainer.getLoss().evaluate(new NDList(out.onesLike().mul(10)), new NDList(out)));
                }
                trainer.step();
                trial.reportIntermediate(units * step / 3.0);
            }
        }
        trial.reportFinal(Map.of("default", (double) units, "units", (double) units));
    }

    @Test
    void fourTrialsRunAsJobsAndTheirMetricsArrive() throws Exception {
        try (Experiment exp = experiment(SlurmClusterTest::train, LocalSlurm.backend().cpusPerTrial(1), 2)) {
            exp.run();
            List<TrialRecord> trials = exp.trials();
            assertEquals(4, trials.size(), trials::toString);
            for (TrialRecord t : trials) {
                assertEquals(TrialStatus.SUCCEEDED, t.status(), t::toString);
                int units = ((Number) t.sample().get("units")).intValue();
                assertEquals(List.of(units / 3.0, units * 2 / 3.0, (double) units), t.intermediateDefaults(), t::toString);
                assertEquals(units, t.metric().orElseThrow(), 1e-9);
                assertTrue(t.log().stream().anyMatch(l -> l.startsWith("attempt 1: job ") && l.contains(" on localhost")),
                        t.log()::toString);
                assertEquals("cpu()", t.device().orElseThrow());
            }
            assertEquals(ExperimentStatus.DONE, exp.status());
            assertEquals("", queue(exp));
            // what the store holds for a later view
            assertEquals(4, Experiment.view(tmp.resolve("home"), exp.id()).trials().stream()
                    .filter(t -> t.status() == TrialStatus.SUCCEEDED).count());
        }
    }

    /** An MLP over Fashion-MNIST's images with 16 or 32 hidden units. */
    static final ModelSpace MLPS = ModelSpace.define("mlps", s -> new SequentialBlock()
            .add(Blocks.batchFlattenBlock())
            .add(Linear.builder().setUnits(s.valueChoice("units", 16, 32)).build())
            .add(Activation::relu)
            .add(Linear.builder().setUnits(10).build()));

    @Test
    void aBuiltInEvaluatorShipsWithItsLoaderAndEachJobTrainsOnFashionMnist() throws Exception {
        ClassificationEvaluator evaluator = ClassificationEvaluator.builder().setData(Datasets::fashionMnist)
                .optTrainSubset(2000).optTestSubset(500).optEpochs(1).build();
        Experiment exp = Experiment.create(MLPS, evaluator, Strategy.gridSearch());
        exp.config().name("slurm-builtin").trialConcurrency(2).home(tmp.resolve("home"))
                .backend(LocalSlurm.backend().cpusPerTrial(1).directory(tmp.resolve("shared")));
        try (exp) {
            exp.run();
            List<TrialRecord> trials = exp.trials();
            assertEquals(2, trials.size(), trials::toString);
            for (TrialRecord t : trials) {
                assertEquals(TrialStatus.SUCCEEDED, t.status(), t::toString);
                assertTrue(t.metric().orElseThrow() > 0.4, "chance is 0.1: " + t);
            }
            assertTrue(Files.size(tmp.resolve("shared").resolve(exp.id()).resolve("experiment.ser")) < 100_000,
                    "the loader ships, not the examples");
        }
    }

    @Test
    void aBuiltInEvaluatorOverDjlDatasetsIsRefusedAtStartSayingWhatToWrite() throws Exception {
        try (NDManager manager = NDManager.newBaseManager()) {
            TrainTestData data = Datasets.fashionMnist().first(100, 100);
            ClassificationEvaluator evaluator = ClassificationEvaluator.builder()
                    .setData(data.trainDataset(manager, 10, true), data.testDataset(manager, 10)).build();
            Experiment exp = Experiment.create(MLPS, evaluator, Strategy.gridSearch());
            exp.config().name("slurm-djl").home(tmp.resolve("home"))
                    .backend(LocalSlurm.backend().directory(tmp.resolve("shared")));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, exp::start);
            assertTrue(e.getMessage().startsWith("the evaluator cannot be shipped to Slurm jobs: it holds a DJL dataset"
                    + " given by setData(train, test) (give a loader instead, e.g. setData(Datasets::fashionMnist)"),
                    e.getMessage());
            assertEquals("", LocalSlurm.run("squeue", "-h", "-t", "all", "--name=jnas-" + exp.id()));
        }
    }

    /** Reports every 100 ms until asked to stop; units 1 ignores the request (its job is cancelled). */
    static void untilStopped(TrialContext trial) throws Exception {
        boolean obeys = ((Number) trial.sample().get("units")).intValue() != 1;
        for (int step = 1; !(obeys && trial.isStopRequested()); step++) {
            trial.reportIntermediate(step);
            Thread.sleep(100);
        }
        trial.reportFinal(0);
    }

    @Test
    void stopAsksTheTrialsThenCancelsTheirJobsAndLeavesNoJobBehind() throws Exception {
        try (Experiment exp = experiment(SlurmClusterTest::untilStopped, LocalSlurm.backend(), 2)) {
            exp.start();
            awaitTrials(exp, ts -> ts.stream().filter(t -> !t.intermediates().isEmpty()).count() == 2);
            exp.stop();
            assertTrue(exp.await(Duration.ofSeconds(30)), () -> exp.trials().toString());
            List<TrialRecord> trials = exp.trials();
            assertEquals(2, trials.size(), trials::toString);
            for (TrialRecord t : trials) {
                assertEquals(TrialStatus.CANCELLED, t.status(), t::toString);
            }
            TrialRecord ignoring = trials.stream().filter(t -> t.sample().get("units").equals(1)).findFirst().orElseThrow();
            assertTrue(ignoring.error().orElseThrow().contains("did not return within the stop grace period"),
                    ignoring::toString);
            assertEquals("", queue(exp), "squeue lists no job of the experiment");
        }
    }

    /** Reports its progress through the second of 3 epochs every 20 ms, a step each time, until asked to stop. */
    static void progressing(TrialContext trial) throws Exception {
        for (long step = 1; !trial.isStopRequested(); step++) {
            trial.reportProgress(new TrainingProgress(3, 1, Math.min(step, 10_000), 10_000));
            Thread.sleep(20);
        }
        trial.reportFinal(1);
    }

    @Test
    void aJobsTrainingProgressReachesTheProgressLineWrittenAtMostOnceASecond() throws Exception {
        try (Experiment exp = experiment(SlurmClusterTest::progressing, LocalSlurm.backend(), 1)) {
            exp.config().maxTrials(1);
            exp.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (exp.trainingProgress().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            TrainingProgress first = exp.trainingProgress().get(1L);
            assertEquals(3, first.epochs(), exp.trainingProgress()::toString);
            assertEquals(1, first.epoch());
            assertTrue(exp.progress().line().contains("running 1 (trial 1 epoch 2/3 "), exp.progress()::line);
            Thread.sleep(3000);
            assertTrue(exp.trainingProgress().get(1L).step() > first.step(), "it moves: " + exp.trainingProgress());
            exp.stop();
            assertTrue(exp.await(Duration.ofSeconds(30)), () -> exp.trials().toString());
            assertEquals(Map.of(), exp.trainingProgress(), "nothing once the trial has ended");
            // about 50 reports a second, about one written: the shared file system is spared
            Path events;
            try (var files = Files.walk(tmp.resolve("shared"))) {
                events = files.filter(f -> f.getFileName().toString().equals("events.jsonl")).findFirst().orElseThrow();
            }
            List<String> lines = Files.readAllLines(events);
            long written = lines.stream().filter(l -> l.contains("\"event\":\"progress\"")).count();
            long seconds = exp.trials().get(0).duration().toSeconds();
            assertTrue(written >= 3 && written <= seconds + 2, written + " progress lines in " + seconds + " s");
        }
    }

    /** Reports every 100 ms until asked to stop. */
    static void obeying(TrialContext trial) throws Exception {
        for (int step = 1; !trial.isStopRequested(); step++) {
            trial.reportIntermediate(step);
            Thread.sleep(100);
        }
    }

    @Test
    void aTrialOverItsMaximumDurationIsAskedToStopAndReturns() throws Exception {
        try (Experiment exp = experiment(SlurmClusterTest::obeying, LocalSlurm.backend(), 1)) {
            exp.config().maxTrials(1).maxTrialDuration(Duration.ofSeconds(2)).stopGracePeriod(Duration.ofSeconds(20));
            exp.run();
            TrialRecord t = exp.trials().get(0);
            assertEquals(TrialStatus.CANCELLED, t.status(), t::toString);
            // it returned by itself (no cancel after the grace period), with what it reported
            assertFalse(t.error().orElse("").contains("grace period"), t::toString);
            assertFalse(t.intermediates().isEmpty(), t::toString);
            assertEquals("", queue(exp));
        }
    }

    /** Reports 5 - units for 10 steps, 100 ms apart, unless asked to stop: the first trial is the best. */
    static void worseEachTrial(TrialContext trial) throws Exception {
        double value = 5 - ((Number) trial.sample().get("units")).intValue();
        for (int step = 0; step < 10 && !trial.isStopRequested(); step++) {
            trial.reportIntermediate(value);
            Thread.sleep(100);
        }
        trial.reportFinal(value);
    }

    @Test
    void medianStopEarlyStopsAWorseTrialThroughItsStopFile() throws Exception {
        Experiment exp = Experiment.create(SPACE, SlurmClusterTest::worseEachTrial,
                org.jnas.nas.strategy.Middleware.medianStop(Strategy.gridSearch(), 1, 1));
        exp.config().name("slurm").maxTrials(2).home(tmp.resolve("home")).stopGracePeriod(Duration.ofSeconds(20))
                .backend(LocalSlurm.backend().directory(tmp.resolve("shared")));
        try (exp) {
            exp.run();
            List<TrialRecord> trials = exp.trials();
            assertEquals(TrialStatus.SUCCEEDED, trials.get(0).status(), trials::toString);
            TrialRecord second = trials.get(1);
            assertEquals(TrialStatus.EARLY_STOPPED, second.status(), second::toString);
            assertTrue(second.intermediates().size() < 10, "it returned when asked, before its 10 steps: " + second);
            assertEquals("", queue(exp));
        }
    }

    /** Logs its process id, says something on standard output, then reports until killed. */
    static void killable(TrialContext trial) throws Exception {
        System.out.println("the worker was here");
        System.out.flush();
        trial.log("pid %d", ProcessHandle.current().pid());
        for (int step = 1; ; step++) {
            trial.reportIntermediate(step);
            Thread.sleep(100);
        }
    }

    @Test
    void aWorkerKilledWithSigkillFailsItsTrialWithTheEndOfItsLog() throws Exception {
        try (Experiment exp = experiment(SlurmClusterTest::killable, LocalSlurm.backend(), 1)) {
            exp.config().maxTrials(1);
            exp.start();
            List<TrialRecord> running = awaitTrials(exp, ts -> ts.size() == 1 && ts.get(0).log().stream().anyMatch(l -> l.startsWith("pid ")));
            long pid = Long.parseLong(running.get(0).log().stream().filter(l -> l.startsWith("pid ")).findFirst()
                    .orElseThrow().substring(4));
            new ProcessBuilder("kill", "-9", Long.toString(pid)).start().waitFor();
            java.time.Instant killed = java.time.Instant.now();
            assertTrue(exp.await(Duration.ofSeconds(30)), () -> exp.trials().toString());
            TrialRecord t = exp.trials().get(0);
            assertEquals(TrialStatus.FAILED, t.status(), t::toString);
            // ended when the experiment saw the job end, not at the worker's last report before the kill
            assertFalse(t.ended().orElseThrow().isBefore(killed), () -> t.ended() + " before the kill at " + killed);
            String error = t.error().orElseThrow();
            assertTrue(error.contains("ended FAILED"), error);
            assertTrue(error.contains("the worker was here"), "the log's tail is in the failure: " + error);
        }
    }

    /** Logs the GPUs Slurm gave it and holds them a while. */
    static void gpus(TrialContext trial) throws Exception {
        trial.log("gpus %s", System.getenv("CUDA_VISIBLE_DEVICES"));
        Thread.sleep(1500);
        trial.reportFinal(1);
    }

    @Test
    void eachTrialGetsItsOwnGpuAndAJobThatMustWaitShowsWhy() throws Exception {
        try (Experiment exp = experiment(SlurmClusterTest::gpus, LocalSlurm.backend().gpusPerTrial(1), 3)) {
            exp.config().maxTrials(3);
            exp.run();
            List<TrialRecord> trials = exp.trials();
            assertTrue(trials.stream().allMatch(t -> t.status() == TrialStatus.SUCCEEDED), trials::toString);
            Set<String> first = trials.stream().limit(2).map(t -> t.log().stream().filter(l -> l.startsWith("gpus "))
                    .findFirst().orElseThrow()).collect(Collectors.toSet());
            assertEquals(Set.of("gpus 0", "gpus 1"), first, "the two first trials ran at once on different GPUs");
            assertTrue(trials.stream().anyMatch(t -> t.log().stream().anyMatch(l -> l.contains("is pending in Slurm's queue: Resources"))),
                    "the third trial waited for a GPU and said so: " + trials);
        }
    }

    @Test
    void aSubmissionSlurmRefusesFailsItsTrialWithSbatchsMessage() throws Exception {
        try (Experiment exp = experiment(SlurmClusterTest::gpus, LocalSlurm.backend().gpusPerTrial(3), 1)) {
            exp.config().maxTrials(1);
            exp.run();
            TrialRecord t = exp.trials().get(0);
            assertEquals(TrialStatus.FAILED, t.status(), t::toString);
            assertTrue(t.error().orElseThrow().startsWith("sbatch refused the job: sbatch: error:"), t::toString);
        }
    }

    @Test
    void badSettingsAreRefusedAtStartBeforeAnyJob() throws Exception {
        Path empty = Files.createDirectories(tmp.resolve("no-slurm"));
        Experiment noSbatch = experiment(SlurmClusterTest::gpus, LocalSlurm.backend().commands(empty), 1);
        IllegalStateException e = assertThrows(IllegalStateException.class, noSbatch::start);
        assertTrue(e.getMessage().contains("sbatch cannot be run here"), e.getMessage());
        if (System.getenv("SLURM_CONF") == null && !Files.exists(Path.of("/etc/slurm/slurm.conf"))) {
            // Slurm's commands, but no cluster configured for them: Slurm's own error, and what to set
            Experiment noConf = experiment(SlurmClusterTest::gpus, Backends.slurm(), 1);
            IllegalStateException c = assertThrows(IllegalStateException.class, noConf::start);
            assertTrue(c.getMessage().startsWith("'sbatch --version' failed: ") && c.getMessage().contains("is SLURM_CONF set?"),
                    c.getMessage());
        }

        Experiment partition = experiment(SlurmClusterTest::gpus, LocalSlurm.backend().partition("gpu-a100"), 1);
        IllegalArgumentException p = assertThrows(IllegalArgumentException.class, partition::start);
        assertEquals("Slurm has no partition 'gpu-a100'; it has: debug*", p.getMessage());
        assertEquals(List.of(), Experiment.list(tmp.resolve("home")).summaries(), "a refused start lists no experiment");

        Path file = Files.writeString(tmp.resolve("a-file"), "");
        Experiment unwritable = experiment(SlurmClusterTest::gpus, LocalSlurm.backend(), 1);
        unwritable.config().backend(LocalSlurm.backend().directory(file.resolve("sub")));
        IllegalStateException u = assertThrows(IllegalStateException.class, unwritable::start);
        assertTrue(u.getMessage().startsWith("the Slurm experiment directory " + file.resolve("sub").resolve(unwritable.id())
                + " cannot be written"), u.getMessage());

        Thread notShippable = new Thread(() -> {});
        Experiment capturing = experiment(trial -> trial.reportFinal(notShippable.getId()), LocalSlurm.backend(), 1);
        IllegalArgumentException c = assertThrows(IllegalArgumentException.class, capturing::start);
        assertTrue(c.getMessage().startsWith("the evaluator cannot be shipped to Slurm jobs: it holds a java.lang.Thread,"),
                c.getMessage());
        assertEquals("", LocalSlurm.run("squeue", "-h", "-t", "all", "--name=jnas-" + capturing.id()));
        assertEquals(List.of(), Experiment.list(tmp.resolve("home")).summaries(), "a refused start lists no experiment");

        // mended, the refused experiment starts: its configuration was not frozen by the refusal
        partition.config().backend(LocalSlurm.backend().directory(tmp.resolve("shared"))).maxTrials(1);
        try (partition) {
            partition.run();
            assertEquals(List.of(TrialStatus.SUCCEEDED), partition.trials().stream().map(TrialRecord::status).toList());
        }
        assertEquals(List.of(partition.id()), Experiment.list(tmp.resolve("home")).summaries().stream()
                .map(ExperimentSummary::id).toList());
    }

    private static List<TrialRecord> awaitTrials(Experiment exp, Predicate<List<TrialRecord>> condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            List<TrialRecord> trials = exp.trials();
            if (condition.test(trials)) {
                return trials;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the trials never got there: " + exp.trials());
    }

    /**
     * The experiment's jobs Slurm still runs or queues, once none is left or after 15 s: a worker
     * that reported the end of its trial still takes a moment to leave its JVM.
     */
    static String queue(Experiment exp) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        String jobs;
        do {
            jobs = LocalSlurm.run("squeue", "-h", "-t", "PD,R,CG", "--name=jnas-" + exp.id()).strip();
            Thread.sleep(100);
        } while (!jobs.isEmpty() && System.nanoTime() < deadline);
        return jobs;
    }
}
