package org.jnas.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.util.cuda.CudaUtils;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a fresh JVM's PyTorch load goes: the critical path of a cold Slurm worker's start (see
 * docs/performance.md, "Trials as Slurm jobs"). Each round starts a JVM, as a worker's job does,
 * that times JVM start to {@code main}, DJL's CUDA probe ({@code CudaUtils.getGpuCount()}, which
 * {@code Engine.getInstance()} runs twice while it picks the native library), the rest of
 * {@code Engine.getInstance()} (finding and loading libtorch, the engine's set-up), and the first
 * operation.
 *
 * <p>Run: {@code bench/run.sh PyTorchLoadBenchmark [--rounds 7]}.
 */
public final class PyTorchLoadBenchmark {
    private static final String RESULT = "RESULT ";

    private PyTorchLoadBenchmark() {}

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("--in-process")) {
            measure();
            return;
        }
        Options options = Options.parse("PyTorchLoadBenchmark", args);
        int rounds = options.integer("rounds", 7, "fresh JVMs to time");
        options.done();
        List<List<Double>> columns = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            double[] seconds = child();
            for (int i = 0; i < seconds.length; i++) {
                if (columns.size() <= i) {
                    columns.add(new ArrayList<>());
                }
                columns.get(i).add(seconds[i]);
            }
        }
        String[] names = {"JVM start to main", "CUDA probe, first (JNA's load too)", "CUDA probe, again",
            "Engine.getInstance() less its 2 probes", "first operation"};
        System.out.printf("%d fresh JVMs (%d cores), seconds:%n", rounds, Runtime.getRuntime().availableProcessors());
        for (int i = 0; i < names.length; i++) {
            System.out.printf("  %-40s %s%n", names[i], Stats.of(columns.get(i)).format("%.3f"));
        }
    }

    private static double[] child() throws Exception {
        String[] parts = FreshJvm.resultLine(System.getProperty("java.class.path"), PyTorchLoadBenchmark.class, RESULT,
                "--in-process").split(" ");
        double[] seconds = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            seconds[i] = Double.parseDouble(parts[i]);
        }
        return seconds;
    }

    /**
     * In the fresh JVM: the probe twice first (the first call also loads JNA; nothing caches the
     * count, so the engine's load runs the probe twice more, each like the second call here).
     */
    private static void measure() {
        long main = System.currentTimeMillis();
        double toMain = (main - ManagementFactory.getRuntimeMXBean().getStartTime()) / 1000.0;
        long t0 = System.nanoTime();
        CudaUtils.getGpuCount();
        long t1 = System.nanoTime();
        CudaUtils.getGpuCount();
        long t2 = System.nanoTime();
        Engine engine = Engine.getInstance();
        long t3 = System.nanoTime();
        try (NDManager manager = engine.newBaseManager()) {
            manager.ones(new Shape(2, 2)).add(1).toFloatArray();
        }
        long t4 = System.nanoTime();
        double again = (t2 - t1) / 1e9;
        System.out.printf(java.util.Locale.ROOT, "%s%.4f %.4f %.4f %.4f %.4f%n", RESULT, toMain, (t1 - t0) / 1e9,
                again, (t3 - t2) / 1e9 - 2 * again, (t4 - t3) / 1e9);
        System.out.flush();
        Runtime.getRuntime().halt(0);
    }
}
