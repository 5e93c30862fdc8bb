package org.jnas.bench;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jnas.nas.DevicePolicy;
import org.jnas.nas.Experiment;
import org.jnas.nas.cluster.Backends;
import org.jnas.nas.strategy.Strategy;
import org.jnas.nas.trial.TrialContext;
import org.jnas.nas.trial.TrialRecord;
import org.jnas.nas.trial.TrialStatus;

/**
 * Trials as Slurm jobs on a private single-node cluster (started with install/slurm-cluster.sh in a
 * temporary folder, as root, and stopped at the end) against local threads, in the same run: the
 * quickstart space, each trial a few steps of Adam-free SGD on random 28x28 images (no dataset
 * needed), {@code --trials} trials 2 at a time, each with 1 CPU.
 *
 * <p>Prints, per round: the wall time of the search through Slurm and on local threads and their
 * ratio; per Slurm trial the time from its submission to its first training step done (its worker
 * JVM's start, PyTorch's load and the first step included); and the refill of a freed slot: from
 * one trial's end as the experiment saw it to the next trial's worker JVM start. Medians over all
 * rounds at the end.
 *
 * <p>Run: {@code bench/run.sh SlurmBenchmark [--trials 8] [--rounds 2] [--worker-options '-XX:TieredStopAtLevel=1']}.
 */
public final class SlurmBenchmark {
    private static final int STEPS = 3;

    private SlurmBenchmark() {}

    /** A few SGD steps on random images; reports after the first step when it was done and when this JVM started. */
    static void train(TrialContext trial) throws Exception {
        Model model = trial.model();
        try (Trainer trainer = model.newTrainer(new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss()))) {
            trainer.initialize(new Shape(32, 1, 28, 28));
            NDArray x = trial.manager().randomUniform(0, 1, new Shape(32, 1, 28, 28));
            NDArray y = trial.manager().randomInteger(0, 10, new Shape(32), ai.djl.ndarray.types.DataType.INT32);
            for (int step = 1; step <= STEPS; step++) {
                try (GradientCollector gc = trainer.newGradientCollector()) {
                    NDArray out = trainer.forward(new NDList(x)).singletonOrThrow();
                    gc.backward(trainer.getLoss().evaluate(new NDList(y), new NDList(out)));
                }
                trainer.step();
                if (step == 1) {
                    trial.reportIntermediate(Map.of("default", 0.0, "firstStepAt", (double) System.currentTimeMillis(),
                            "jvmStartAt", (double) java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime()));
                }
            }
        }
        trial.reportFinal(1.0);
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse("SlurmBenchmark", args);
        int trials = options.integer("trials", 8, "trials per search");
        int rounds = options.integer("rounds", 2, "rounds, each one search through Slurm and one on local threads");
        String workerOptions = options.text("worker-options", "", "extra options of the worker JVMs, space-separated");
        options.done();
        Path script = Path.of(System.getProperty("user.dir")).resolve("install/slurm-cluster.sh");
        if (!Files.exists(script)) {
            script = Path.of(SlurmBenchmark.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                    .resolve("../../../install/slurm-cluster.sh").normalize();
        }
        Path clusterDir = Files.createTempDirectory(Path.of("/tmp"), "jnas-slurm-bench-");
        Path work = Files.createTempDirectory("jnas-slurm-bench-work-");
        System.out.println(run(List.of("bash", script.toString(), "start", clusterDir.toString())).strip());
        List<Double> submitToStep = new ArrayList<>();
        List<Double> submitToJvm = new ArrayList<>();
        List<Double> refill = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        try {
            for (int round = 1; round <= rounds; round++) {
                Experiment slurm = experiment("slurm", trials, work.resolve("home-" + round));
                slurm.config().backend(Backends.slurm().cpusPerTrial(1).environment("SLURM_CONF",
                        clusterDir.resolve("slurm.conf").toString()).javaOptions(workerOptions(workerOptions))
                        .directory(work.resolve("shared")));
                double slurmSeconds = timed(slurm);
                Experiment local = experiment("local", trials, work.resolve("home-local-" + round));
                local.config().intraOpThreads(1);
                double localSeconds = timed(local);
                List<TrialRecord> done = slurm.trials();
                List<Double> s = new ArrayList<>();
                for (TrialRecord t : done) {
                    Map<String, Double> first = t.intermediates().get(0);
                    s.add((first.get("firstStepAt") - t.submitted().toEpochMilli()) / 1000.0);
                    submitToJvm.add((first.get("jvmStartAt") - t.submitted().toEpochMilli()) / 1000.0);
                }
                List<Double> r = refills(done);
                submitToStep.addAll(s);
                refill.addAll(r);
                ratios.add(slurmSeconds / localSeconds);
                System.out.printf("round %d: %d trials, 2 at a time: Slurm %.1f s, local threads %.1f s, ratio %.2f;"
                        + " submit to first step %s s; slot refill %s s%n", round, trials, slurmSeconds, localSeconds,
                        slurmSeconds / localSeconds, Stats.numbers("%.2f", s), Stats.numbers("%.2f", r));
            }
        } finally {
            System.out.println(run(List.of("bash", script.toString(), "stop", clusterDir.toString())).strip());
            delete(clusterDir);
            delete(work);
        }
        System.out.printf("%nmedians over %d rounds (%d cores): submit to first training step %.2f s (max %.2f), of"
                + " which submit to the worker JVM's start %.2f s; freed slot refilled (next worker JVM started) %.2f s (max %.2f); wall time Slurm / local threads"
                + " %.2f%n", rounds, Runtime.getRuntime().availableProcessors(), Stats.of(submitToStep).median(),
                Stats.of(submitToStep).max(), Stats.of(submitToJvm).median(), Stats.of(refill).median(), Stats.of(refill).max(), Stats.of(ratios).median());
    }

    private static String[] workerOptions(String extra) {
        List<String> all = new ArrayList<>(List.of("-Dai.djl.offline=true"));
        if (!extra.isBlank()) {
            all.addAll(List.of(extra.trim().split("\\s+")));
        }
        return all.toArray(String[]::new);
    }

    private static Experiment experiment(String name, int trials, Path home) {
        Experiment exp = Experiment.create(QuickstartSpace.create(), SlurmBenchmark::train, Strategy.random());
        exp.config().name(name).trialConcurrency(2).maxTrials(trials).seed(1).home(home).devicePolicy(DevicePolicy.CPU);
        return exp;
    }

    private static double timed(Experiment exp) throws InterruptedException {
        long t0 = System.nanoTime();
        try (exp) {
            exp.run();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        for (TrialRecord t : exp.trials()) {
            if (t.status() != TrialStatus.SUCCEEDED) {
                throw new IllegalStateException("trial " + t.id() + " of " + exp.id() + " " + t.status() + ": " + t.error());
            }
        }
        return seconds;
    }

    /** For each trial submitted after another ended: that end to its worker JVM's start. */
    private static List<Double> refills(List<TrialRecord> trials) {
        List<TrialRecord> byEnd = trials.stream().sorted(Comparator.comparing(t -> t.ended().orElseThrow())).toList();
        List<Double> gaps = new ArrayList<>();
        for (TrialRecord next : trials) {
            // the trial whose end freed the slot: the last to end before this one was submitted
            byEnd.stream().filter(t -> !t.ended().orElseThrow().isAfter(next.submitted()))
                    .reduce((a, b) -> b)
                    .ifPresent(freed -> gaps.add((next.intermediates().get(0).get("jvmStartAt")
                            - freed.ended().orElseThrow().toEpochMilli()) / 1000.0));
        }
        return gaps;
    }

    private static void delete(Path dir) throws java.io.IOException {
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static String run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
        }
        return out;
    }
}
