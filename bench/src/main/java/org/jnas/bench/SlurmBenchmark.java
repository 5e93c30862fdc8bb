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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
 * needed), {@code --trials} trials 2 at a time, each with 1 CPU. Each round runs the search through
 * Slurm with worker reuse on ({@code reuseWorkers(true)}, the default) and off (one job per trial),
 * then on local threads.
 *
 * <p>Prints, per round and per Slurm mode: the wall time and its ratio to local threads'; per
 * trial the time from its submission to its first training step done, separately for trials that
 * started a worker JVM (cold: sbatch, scheduling, the JVM's start, PyTorch's load, the first step)
 * and trials handed to a warm worker; and the refill of a freed slot: from one trial's end as the
 * experiment saw it to the next trial's start in its worker (its worker JVM's start when cold, its
 * evaluator's call when warm). For cold trials, where the worker's start went, from the worker's
 * log line. Medians over all rounds at the end.
 *
 * <p>Run: {@code bench/run.sh SlurmBenchmark [--trials 8] [--rounds 2] [--worker-options '-XX:TieredStopAtLevel=1']}.
 */
public final class SlurmBenchmark {
    private static final int STEPS = 3;
    private static final Pattern STARTUP = Pattern.compile("main at (\\d+), payload read at (\\d+)");
    private static final Pattern PYTORCH = Pattern.compile("jnas worker: PyTorch loaded (\\d+) ms after the JVM's start");

    private SlurmBenchmark() {}

    /**
     * A few SGD steps on random images; reports after the first step when it was done, when this
     * JVM started and when the evaluator was called.
     */
    static void train(TrialContext trial) throws Exception {
        long called = System.currentTimeMillis();
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
                            "calledAt", (double) called,
                            "jvmStartAt", (double) java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime()));
                }
            }
        }
        trial.reportFinal(1.0);
    }

    /** What one Slurm mode measured over all rounds. */
    private static final class Measured {
        final List<Double> coldFirstStep = new ArrayList<>();
        final List<Double> coldToJvm = new ArrayList<>();
        final List<Double> warmFirstStep = new ArrayList<>();
        final List<Double> coldRefill = new ArrayList<>();
        final List<Double> warmRefill = new ArrayList<>();
        final List<Double> ratios = new ArrayList<>();
        final List<Double> jvmToMain = new ArrayList<>();
        final List<Double> mainToPayload = new ArrayList<>();
        final List<Double> jvmToPyTorch = new ArrayList<>();
        final List<Double> payloadToFirstStep = new ArrayList<>();
        /** The jobs of the round's search, for its line. */
        int jobs;
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse("SlurmBenchmark", args);
        int trials = options.integer("trials", 8, "trials per search");
        int rounds = options.integer("rounds", 2, "rounds, each a search through Slurm with reuse on, one with it off"
                + " and one on local threads");
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
        Map<Boolean, Measured> measured = Map.of(true, new Measured(), false, new Measured());
        try {
            for (int round = 1; round <= rounds; round++) {
                Map<Boolean, Double> slurmSeconds = new java.util.HashMap<>();
                Map<Boolean, Experiment> searches = new java.util.HashMap<>();
                for (boolean reuse : List.of(true, false)) {
                    Experiment slurm = experiment("slurm", trials, work.resolve("home-" + reuse + "-" + round));
                    slurm.config().backend(Backends.slurm().cpusPerTrial(1).reuseWorkers(reuse).environment("SLURM_CONF",
                            clusterDir.resolve("slurm.conf").toString()).javaOptions(workerOptions(workerOptions))
                            .directory(work.resolve("shared")));
                    slurmSeconds.put(reuse, timed(slurm));
                    searches.put(reuse, slurm);
                }
                Experiment local = experiment("local", trials, work.resolve("home-local-" + round));
                local.config().intraOpThreads(1);
                double localSeconds = timed(local);
                for (boolean reuse : List.of(true, false)) {
                    Measured m = measured.get(reuse);
                    List<TrialRecord> done = searches.get(reuse).trials();
                    record(done, work.resolve("shared").resolve(searches.get(reuse).id()), m);
                    m.ratios.add(slurmSeconds.get(reuse) / localSeconds);
                    System.out.printf("round %d, reuse %s: %d trials, 2 at a time, in %d jobs: Slurm %.1f s, local threads"
                            + " %.1f s, ratio %.2f%n", round, reuse ? "on" : "off", trials,
                            m.jobs, slurmSeconds.get(reuse), localSeconds, slurmSeconds.get(reuse) / localSeconds);
                }
            }
        } finally {
            System.out.println(run(List.of("bash", script.toString(), "stop", clusterDir.toString())).strip());
            delete(clusterDir);
            delete(work);
        }
        System.out.printf("%nmedians over %d rounds (%d cores), seconds:%n", rounds, Runtime.getRuntime().availableProcessors());
        for (boolean reuse : List.of(true, false)) {
            Measured m = measured.get(reuse);
            List<Double> everyFirstStep = new ArrayList<>(m.coldFirstStep);
            everyFirstStep.addAll(m.warmFirstStep);
            System.out.printf("reuse %s: submit to first step: every trial %s; cold %s (of which submit to JVM start"
                    + " %s), warm %s; refill: cold %s, warm %s; wall time Slurm / local threads %s%n",
                    reuse ? "on " : "off", describe(everyFirstStep, "%.2f"), describe(m.coldFirstStep, "%.2f"),
                    describe(m.coldToJvm, "%.2f"), describe(m.warmFirstStep, "%.2f"), describe(m.coldRefill, "%.2f"),
                    describe(m.warmRefill, "%.2f"), describe(m.ratios, "%.2f"));
            System.out.printf("        a cold worker's start: JVM start to main %s, main to payload read %s, PyTorch"
                    + " loaded (in the background) at %s after the JVM's start, payload read to first step done %s%n",
                    describe(m.jvmToMain, "%.3f"), describe(m.mainToPayload, "%.3f"),
                    describe(m.jvmToPyTorch, "%.3f"), describe(m.payloadToFirstStep, "%.3f"));
        }
    }

    private static String describe(List<Double> seconds, String format) {
        return seconds.isEmpty() ? "none" : Stats.of(seconds).format(format);
    }

    /** Sorts each trial into cold (its JVM started after its submission) or warm, with its refill. */
    private static void record(List<TrialRecord> done, Path shared, Measured m) throws java.io.IOException {
        java.util.Set<String> jobs = new java.util.HashSet<>();
        for (TrialRecord t : done) {
            Map<String, Double> first = t.intermediates().get(0);
            double submitted = t.submitted().toEpochMilli();
            boolean cold = first.get("jvmStartAt") >= submitted;
            (cold ? m.coldFirstStep : m.warmFirstStep).add((first.get("firstStepAt") - submitted) / 1000.0);
            if (cold) {
                m.coldToJvm.add((first.get("jvmStartAt") - submitted) / 1000.0);
                for (String line : t.log()) {
                    Matcher s = STARTUP.matcher(line);
                    if (s.find()) {
                        m.jvmToMain.add(Double.parseDouble(s.group(1)) / 1000.0);
                        m.mainToPayload.add((Double.parseDouble(s.group(2)) - Double.parseDouble(s.group(1))) / 1000.0);
                        m.payloadToFirstStep.add((first.get("firstStepAt") - first.get("jvmStartAt")
                                - Double.parseDouble(s.group(2))) / 1000.0);
                    }
                }
            }
            List<String> trialJobs = Files.readAllLines(shared.resolve("trials/" + t.id() + "/jobs"));
            trialJobs.forEach(line -> jobs.add(line.split(" ")[1]));
            if (cold) {
                Matcher p = PYTORCH.matcher(Files.readString(shared.resolve("workers/" + trialJobs.get(0).split(" ")[1] + ".log")));
                if (p.find()) {
                    m.jvmToPyTorch.add(Double.parseDouble(p.group(1)) / 1000.0);
                }
            }
        }
        m.jobs = jobs.size();
        for (TrialRecord next : done) {
            // the trial whose end freed the slot: the last to end before this one was submitted
            List<TrialRecord> byEnd = done.stream().sorted(Comparator.comparing(t -> t.ended().orElseThrow())).toList();
            Map<String, Double> first = next.intermediates().get(0);
            boolean cold = first.get("jvmStartAt") >= next.submitted().toEpochMilli();
            byEnd.stream().filter(t -> !t.ended().orElseThrow().isAfter(next.submitted()))
                    .reduce((a, b) -> b)
                    .ifPresent(freed -> (cold ? m.coldRefill : m.warmRefill).add(((cold ? first.get("jvmStartAt")
                            : first.get("calledAt")) - freed.ended().orElseThrow().toEpochMilli()) / 1000.0));
        }
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
