package org.jnas.bench;

import ai.djl.nn.Blocks;
import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jnas.nas.DevicePolicy;
import org.jnas.nas.Experiment;
import org.jnas.nas.space.ModelSpace;
import org.jnas.nas.strategy.Strategy;

/**
 * The engine's own ceiling: trials per second of a search whose evaluator reports 3 intermediates
 * and a final result without doing anything else (a tabular-benchmark evaluator looks like this),
 * 8 at a time, random search (with its default dedup) on a space of 5^8 samples, with persistence
 * on (the store, as a notebook gets by default) and off.
 *
 * <p>Each measurement runs in a fresh JVM (warm-up searches, then one measured search with
 * persistence off, of 5 times as many trials, and one with it on, each in a new JNAS home), so that builds can be compared in
 * one run: with {@code --base DIR} (a checkout of another commit whose benchmarks were built with
 * {@code bench/run.sh --build}) the rounds alternate between this build and that one, running this
 * class against the other build's nas-lib. Prints the rounds' trials/s and their medians, the
 * ratios of the medians, and the process's CPU time per trial (all threads: engine, trials, store),
 * which depends less than the rates on what else the machine runs.
 *
 * <p>Run: {@code bench/run.sh InstantTrialsBenchmark [--trials 2000] [--concurrency 8] [--rounds 5]
 * [--base DIR]}; {@code --in-process} measures once in this JVM (for a profiler).
 */
public final class InstantTrialsBenchmark {
    private static final int INTERMEDIATES = 3;
    private static final int OFF_FACTOR = 5;
    private static final String RESULT = "instant-trials-result ";
    private static final OperatingSystemMXBean CPU = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private InstantTrialsBenchmark() {}

    public static void main(String[] args) throws Exception {
        Options options = Options.parse("InstantTrialsBenchmark", args);
        int trials = options.integer("trials", 2000, "trials per measured search with persistence on (off: 5 times as"
                + " many)");
        int concurrency = options.integer("concurrency", 8, "trials at a time");
        int rounds = options.integer("rounds", 5, "fresh JVMs per build, each measuring persistence on and off once");
        String baseDir = options.text("base", "", "a checkout of another commit, built by its bench/run.sh --build,"
                + " to compare against (default: none, this build only)");
        boolean inProcess = options.flag("in-process", "measure once in this JVM instead of in fresh ones");
        options.done();
        if (trials < 1 || concurrency < 1 || rounds < 1) {
            throw new IllegalArgumentException("InstantTrialsBenchmark: --trials, --concurrency and --rounds must be"
                    + " positive, got " + trials + ", " + concurrency + ", " + rounds);
        }
        if (inProcess) {
            measure(trials, concurrency);
            return;
        }

        Path base = baseDir.isEmpty() ? null : Path.of(baseDir).toAbsolutePath();
        Map<String, String> builds = new LinkedHashMap<>();
        builds.put("this build", System.getProperty("java.class.path"));
        if (base != null) {
            builds.put("base " + base.getFileName(), baseClassPath(base));
        }
        Map<String, List<Double>> on = new LinkedHashMap<>();
        Map<String, List<Double>> off = new LinkedHashMap<>();
        Map<String, List<Double>> cpuOn = new LinkedHashMap<>();
        Map<String, List<Double>> cpuOff = new LinkedHashMap<>();
        for (int round = 0; round < rounds; round++) {
            for (Map.Entry<String, String> build : builds.entrySet()) {
                double[] rates = child(build.getValue(), trials, concurrency);
                on.computeIfAbsent(build.getKey(), k -> new ArrayList<>()).add(rates[0]);
                off.computeIfAbsent(build.getKey(), k -> new ArrayList<>()).add(rates[1]);
                cpuOn.computeIfAbsent(build.getKey(), k -> new ArrayList<>()).add(rates[2]);
                cpuOff.computeIfAbsent(build.getKey(), k -> new ArrayList<>()).add(rates[3]);
                System.out.printf("round %d, %s: persistence on %.0f trials/s (%.3f ms CPU per trial), off %.0f"
                        + " trials/s (%.3f ms)%n", round + 1, build.getKey(), rates[0], rates[2], rates[1], rates[3]);
            }
        }
        System.out.printf("%nmedians of %d rounds, %d instant trials with persistence on, %d off (%d intermediates"
                + " each), %d at a time, %d cores:%n", rounds, trials, trials * OFF_FACTOR, INTERMEDIATES, concurrency,
                Runtime.getRuntime().availableProcessors());
        for (String build : builds.keySet()) {
            System.out.printf("  %-24s persistence on %6.0f trials/s %s; off %6.0f trials/s %s%n", build,
                    Stats.of(on.get(build)).median(), Stats.numbers("%.0f", on.get(build)),
                    Stats.of(off.get(build)).median(), Stats.numbers("%.0f", off.get(build)));
            System.out.printf("  %-24s process CPU per trial: persistence on %.3f ms, off %.3f ms%n", "",
                    Stats.of(cpuOn.get(build)).median(), Stats.of(cpuOff.get(build)).median());
        }
        if (base != null) {
            List<String> names = List.copyOf(builds.keySet());
            System.out.printf("  ratio this build / base: persistence on %.2fx, off %.2fx%n",
                    Stats.of(on.get(names.get(0))).median() / Stats.of(on.get(names.get(1))).median(),
                    Stats.of(off.get(names.get(0))).median() / Stats.of(off.get(names.get(1))).median());
        }
    }

    /** This benchmark's classes with the other build's nas-lib and dependencies. */
    private static String baseClassPath(Path base) throws IOException {
        Path file = base.resolve("bench/target/classpath.txt");
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("InstantTrialsBenchmark: no " + file + "; build the base first with "
                    + base.resolve("bench/run.sh") + " --build");
        }
        String own = System.getProperty("java.class.path").split(java.io.File.pathSeparator)[0];
        return own + java.io.File.pathSeparator + Files.readString(file).strip();
    }

    /**
     * Runs {@code --in-process} in a fresh JVM on {@code classPath}: its trials/s with persistence
     * on and off, then its CPU ms per trial on and off.
     */
    private static double[] child(String classPath, int trials, int concurrency) throws Exception {
        String[] parts = FreshJvm.resultLine(classPath, InstantTrialsBenchmark.class, RESULT, "--in-process",
                "--trials", String.valueOf(trials), "--concurrency", String.valueOf(concurrency)).split(" ");
        return new double[] {Double.parseDouble(parts[0]), Double.parseDouble(parts[1]), Double.parseDouble(parts[2]),
            Double.parseDouble(parts[3])};
    }

    /**
     * Warm-up searches, then one measured search with persistence off and one on; prints their
     * trials/s and CPU per trial. Off comes first, so that every build has run the same searches
     * before it (a slow build's longer search with persistence on would warm the JIT up more), and
     * runs {@value #OFF_FACTOR} times as many trials, which take a fraction of a second otherwise.
     */
    private static void measure(int trials, int concurrency) throws Exception {
        search(Math.max(200, trials / 4), concurrency, true);
        search(Math.max(1000, trials), concurrency, false);
        Rate off = search(trials * OFF_FACTOR, concurrency, false);
        Rate on = search(trials, concurrency, true);
        System.out.println(RESULT + on.perSecond() + " " + off.perSecond() + " " + on.cpuMs() + " " + off.cpuMs());
    }

    /** Trials per second from start to end, and the process's CPU time per trial in ms. */
    private record Rate(double perSecond, double cpuMs) {}

    /** One search of {@code trials} instant trials in a new JNAS home. */
    private static Rate search(int trials, int concurrency, boolean persist) throws Exception {
        ModelSpace space = ModelSpace.define("instant", s -> {
            for (int i = 0; i < 8; i++) {
                s.valueChoice("v" + i, 0, 1, 2, 3, 4);
            }
            return Blocks.identityBlock();
        });
        Path home = Files.createTempDirectory("jnas-instant-bench");
        try (Experiment exp = Experiment.create(space, trial -> {
            for (int step = 1; step <= INTERMEDIATES; step++) {
                trial.reportIntermediate(step * 0.1);
            }
            trial.reportFinal(trial.sample().getInt("v0") * 0.1);
        }, Strategy.random())) {
            exp.config().name("instant-bench").devicePolicy(DevicePolicy.CPU).trialConcurrency(concurrency)
                    .maxTrials(trials).persist(persist).home(home);
            long cpu0 = CPU.getProcessCpuTime();
            long t0 = System.nanoTime();
            exp.run();
            double seconds = (System.nanoTime() - t0) / 1e9;
            double cpuMs = (CPU.getProcessCpuTime() - cpu0) / 1e6;
            int done = exp.trials().size();
            if (done != trials) {
                throw new IllegalStateException("the search ran " + done + " trials, not " + trials);
            }
            return new Rate(trials / seconds, cpuMs / trials);
        }
    }
}
