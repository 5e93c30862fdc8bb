package org.jnas.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.ObjectName;
import org.jnas.nas.DevicePolicy;
import org.jnas.nas.Experiment;
import org.jnas.nas.data.Datasets;
import org.jnas.nas.data.TrainTestData;
import org.jnas.nas.evaluator.ClassificationEvaluator;
import org.jnas.nas.results.ExperimentListener;
import org.jnas.nas.space.ModelSpace;
import org.jnas.nas.strategy.Strategy;
import org.jnas.nas.trial.TrialEvaluator;
import org.jnas.nas.trial.TrialRecord;

/**
 * Whether resident memory grows with the number of trials: {@code --trials} small real DJL trials
 * (a one-hidden-layer MLP of 8, 16 or 32 units, one epoch of the built-in classification
 * evaluator, Adam, on 256 Fashion-MNIST images, tested on 64), stored as usual, in one experiment
 * or in successive experiments of {@code --per-search} trials (a notebook that runs search after
 * search). Every {@code --every} trials after {@code --warmup} (JIT, allocator and PyTorch
 * warm-up) it samples the process's resident set (VmRSS of /proc/self/status), the threads
 * started and the arrays still attached to PyTorch's managers; it prints the least-squares slope
 * of RSS over trials in kB per trial, the heap in use after a GC (per trial, and at the end) and
 * the threads started per trial.
 *
 * <p>With {@code -XX:NativeMemoryTracking=summary} in JAVA_OPTS it also takes an NMT baseline at
 * the end of the warm-up and prints what the JVM itself committed since (threads' stacks,
 * metaspace, code, GC), which splits the RSS growth into the JVM's share and the rest (malloc by
 * PyTorch, OpenMP, SQLite; glibc arenas). Pre-touching a fixed heap ({@code -Xms512m -Xmx512m
 * -XX:+AlwaysPreTouch}) keeps the heap's first touches out of the slope.
 *
 * <p>Run: {@code JAVA_OPTS="-Xms512m -Xmx512m -XX:+AlwaysPreTouch -XX:NativeMemoryTracking=summary"
 * bench/run.sh TrialMemoryBenchmark [--trials 3000] [--warmup 500] [--every 100] [--concurrency 2]
 * [--per-search 0] [--no-persist] [--instant]} (about a minute on 2 shared cores). The slope of a
 * steady leak does not depend on N; a smaller N leaves more of the warm-up's one-off growth (code
 * cache, SQLite's page cache, arenas reaching their working size) in it (how much: docs/performance.md,
 * "Memory per trial").
 */
public final class TrialMemoryBenchmark {
    private static final int TRAIN = 256;
    private static final int TEST = 64;
    private static final Pattern VM_RSS = Pattern.compile("VmRSS:\\s+(\\d+) kB");
    private static final Pattern NMT_TOTAL = Pattern.compile("Total: reserved=\\d+KB [+-]?\\d*KB?,? ?committed=(\\d+)KB ?([+-]\\d+KB)?");

    private TrialMemoryBenchmark() {}

    public static void main(String[] args) throws Exception {
        Options options = Options.parse("TrialMemoryBenchmark", args);
        int trials = options.integer("trials", 3000, "trials in all");
        int warmup = options.integer("warmup", 500, "trials before the first sample that the slope uses");
        int every = options.integer("every", 100, "trials between two samples");
        int concurrency = options.integer("concurrency", 2, "trials at once");
        int perSearch = options.integer("per-search", 0, "trials per experiment, one after the other (0: one experiment)");
        boolean persist = !options.flag("no-persist", "run without the store (to split its share)");
        boolean instant = options.flag("instant", "trials that report a metric without training (to split DJL's share)");
        options.done();
        if (warmup < 0 || every < 1 || trials < warmup + 2 * every) {
            throw new IllegalArgumentException("TrialMemoryBenchmark: need --trials >= --warmup + 2 * --every, got "
                    + trials + ", " + warmup + ", " + every);
        }
        TrainTestData data = Datasets.fashionMnist().first(TRAIN, TEST);
        ModelSpace mlp = ModelSpace.define("tiny-mlp", s -> new SequentialBlock()
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(s.valueChoice("units", 8, 16, 32)).build())
                .add(Activation::relu)
                .add(Linear.builder().setUnits(10).build()));
        TrialEvaluator evaluator = instant ? trial -> trial.reportFinal(0.5)
                : ClassificationEvaluator.builder().setData(data).optEpochs(1).optBatchSize(32).build();

        List<long[]> samples = new ArrayList<>(); // trials ended, RSS kB, threads started, arrays alive
        AtomicInteger ended = new AtomicInteger();
        long[] heapAtWarmup = new long[1];
        boolean nmt = nmt("baseline") != null;
        ExperimentListener sampler = new ExperimentListener() {
            @Override
            public void onTrialEnded(TrialRecord trial) {
                int n = ended.incrementAndGet();
                if (n >= warmup && (n - warmup) % every == 0) {
                    if (n == warmup) {
                        heapAtWarmup[0] = heapUsedAfterGc();
                        if (nmt) {
                            nmt("baseline");
                        }
                    }
                    samples.add(new long[] {n, rssKb(), startedThreads(), liveArrays()});
                }
            }
        };
        int searches = 0;
        while (ended.get() < trials) {
            int size = perSearch > 0 ? Math.min(perSearch, trials - ended.get()) : trials;
            try (Experiment exp = Experiment.create(mlp, evaluator, Strategy.random().dedup(false))) {
                exp.config().name("trial-memory-bench").devicePolicy(DevicePolicy.CPU).trialConcurrency(concurrency)
                        .maxTrials(size).persist(persist).inputShape(new Shape(1, 1, 28, 28));
                exp.addListener(sampler);
                exp.run();
            }
            searches++;
        }
        String diff = nmt ? nmt("summary.diff") : null;
        long heapAtEnd = heapUsedAfterGc();

        long[] first = samples.get(0);
        long[] last = samples.get(samples.size() - 1);
        double span = last[0] - first[0];
        System.out.printf("%d trials (%d at a time) in %d experiment(s); from trial %d to %d: RSS %d MB -> %d MB,"
                        + " slope %.1f kB/trial (least squares over %d samples); heap used after GC %+.1f kB/trial"
                        + " (%d MB at the end); threads started %.2f/trial; NDArrays alive in PyTorch's managers %d -> %d%n",
                ended.get(), concurrency, searches, first[0], last[0], first[1] / 1024, last[1] / 1024, slope(samples),
                samples.size(), (heapAtEnd - heapAtWarmup[0]) / 1024.0 / span, heapAtEnd >> 20,
                (last[2] - first[2]) / span, first[3], last[3]);
        if (diff != null) {
            Matcher total = NMT_TOTAL.matcher(diff);
            double committedKb = total.find() && total.group(2) != null
                    ? Double.parseDouble(total.group(2).replace("KB", "")) : 0;
            System.out.printf("NMT over the same trials: the JVM committed %+.0f KB (%.1f kB/trial) of the RSS's %+d KB;"
                            + " the rest is native memory outside the JVM's accounting (malloc: PyTorch, OpenMP,"
                            + " SQLite, glibc arenas). Categories that changed:%n",
                    committedKb, committedKb / span, last[1] - first[1]);
            diff.lines().filter(line -> line.matches("-\\s+\\S.*committed=\\d+KB [+-]\\d+KB\\).*"))
                    .forEach(line -> System.out.println("  " + line.substring(1).strip()));
        }
    }

    private static long heapUsedAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** Least-squares slope of RSS (kB) over trials. */
    private static double slope(List<long[]> samples) {
        double n = samples.size();
        double mx = samples.stream().mapToDouble(s -> s[0]).sum() / n;
        double my = samples.stream().mapToDouble(s -> s[1]).sum() / n;
        double sxy = 0;
        double sxx = 0;
        for (long[] s : samples) {
            sxy += (s[0] - mx) * (s[1] - my);
            sxx += (s[0] - mx) * (s[0] - mx);
        }
        return sxy / sxx;
    }

    private static long rssKb() {
        try {
            Matcher m = VM_RSS.matcher(Files.readString(Path.of("/proc/self/status")));
            if (!m.find()) {
                throw new IllegalStateException("no VmRSS in /proc/self/status");
            }
            return Long.parseLong(m.group(1));
        } catch (IOException e) {
            throw new IllegalStateException("TrialMemoryBenchmark reads /proc/self/status (Linux only)", e);
        }
    }

    private static long startedThreads() {
        return ManagementFactory.getThreadMXBean().getTotalStartedThreadCount();
    }

    /** Arrays still attached to PyTorch's system manager or any manager under it. */
    private static long liveArrays() {
        try (NDManager probe = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            return probe.getParentManager().getManagedArrays().size();
        }
    }

    /** {@code jcmd <pid> VM.native_memory <command>} in this JVM; null when NMT is off. */
    private static String nmt(String command) {
        try {
            Object out = ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"), "vmNativeMemory",
                    new Object[] {new String[] {command}}, new String[] {String[].class.getName()});
            String text = String.valueOf(out);
            return text.contains("not enabled") ? null : text;
        } catch (Exception e) {
            throw new IllegalStateException("VM.native_memory " + command + " failed", e);
        }
    }
}
