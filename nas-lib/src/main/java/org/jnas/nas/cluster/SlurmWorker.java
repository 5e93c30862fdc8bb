package org.jnas.nas.cluster;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.nn.Block;
import com.google.gson.JsonObject;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.jnas.nas.space.Sample;
import org.jnas.nas.trial.Nas;

/**
 * The main class of a Slurm job: {@code SlurmWorker DIR TRIAL ATTEMPT HEARTBEAT_MILLIS
 * KEEP_WEIGHTS REUSE}. Loads the shipped builder and evaluator once, then runs trials: builds the
 * trial's block, runs the trial and writes every report to the attempt's events file; with
 * KEEP_WEIGHTS the trained block's parameters go to a file beside it. With REUSE it then waits for
 * the experiment to hand it the next trial ({@code workers/JOBID.next}), with the same class
 * loader, evaluator object (a built-in evaluator's data stays loaded) and PyTorch; else it ends.
 * Asks a trial to stop when its stop file appears or Slurm signals USR1 (its time limit is near);
 * ends itself when the experiment's heartbeat goes stale.
 */
final class SlurmWorker {
    /** How often an idle worker looks for its next trial: each look is one stat of a file. */
    private static final long HANDOVER_POLL_MILLIS = 20;
    /** When the background thread had PyTorch loaded (epoch ms), or 0. */
    private static volatile long pytorchLoadedAt;

    private SlurmWorker() {}

    public static void main(String[] args) throws Exception {
        long mainAt = System.currentTimeMillis();
        // PyTorch's native libraries load (the longest part of a worker's start) while the shipped
        // classes, the payload and the sample are read; the first native call waits for them
        Thread pytorch = new Thread(SlurmWorker::loadPyTorch, "jnas-worker-pytorch");
        pytorch.setDaemon(true);
        pytorch.start();
        SharedDirectory dir = new SharedDirectory(Path.of(args[0]));
        long id = Long.parseLong(args[1]);
        int attempt = Integer.parseInt(args[2]);
        long heartbeatTimeoutMillis = Long.parseLong(args[3]);
        boolean keepWeights = Boolean.parseBoolean(args[4]);
        boolean reuse = args.length > 5 && Boolean.parseBoolean(args[5]);
        WorkerWatch watch = WorkerWatch.start(dir, heartbeatTimeoutMillis);
        ClassLoader loader = dir.workerLoader(SlurmWorker.class.getClassLoader());
        Thread.currentThread().setContextClassLoader(loader);
        SharedDirectory.Payload payload = dir.readPayload(loader);
        String jobId = System.getenv("SLURM_JOB_ID");
        for (int trials = 1; ; trials++) {
            System.out.println("jnas worker: trial " + id + " attempt " + attempt);
            System.out.flush();
            Files.createDirectories(dir.attempt(id, attempt));
            try (EventsFile.Writer events = new EventsFile.Writer(dir.events(id, attempt))) {
                String startup = trials == 1 ? startup(mainAt, pytorch)
                        : "the job's trial " + trials + " (its worker JVM was running)";
                run(dir, id, attempt, keepWeights, reuse, watch, payload, loader, startup, events);
            }
            if (!reuse) {
                break;
            }
            long[] next = awaitHandover(dir.handover(jobId));
            id = next[0];
            attempt = (int) next[1];
        }
        // Everything the trial reported is in the events file: leave at once, without shutdown hooks
        // (DJL's and PyTorch's threads would keep the JVM alive, and its hooks only delay the moment
        // Slurm sees the job's CPUs free for the next trial).
        System.out.flush();
        Runtime.getRuntime().halt(0);
    }

    private static void loadPyTorch() {
        try {
            Engine.getInstance();
            pytorchLoadedAt = System.currentTimeMillis();
            // for the job's log: where a worker's start goes (docs/performance.md)
            System.out.println("jnas worker: PyTorch loaded " + (pytorchLoadedAt
                    - ManagementFactory.getRuntimeMXBean().getStartTime()) + " ms after the JVM's start");
        } catch (RuntimeException | LinkageError e) {
            // the trial's first native call fails with the full story; an evaluator may not need PyTorch
        }
    }

    /** Where the worker JVM's start went, in ms since the JVM started, for the first trial's log. */
    private static String startup(long mainAt, Thread pytorch) {
        long jvm = ManagementFactory.getRuntimeMXBean().getStartTime();
        long loaded = pytorchLoadedAt;
        return String.format("a new worker JVM (ms since its start): main at %d, payload read at %d, %s",
                mainAt - jvm, System.currentTimeMillis() - jvm, loaded == 0 ? (pytorch.isAlive() ? "PyTorch still loading"
                        : "PyTorch not loaded") : "PyTorch loaded at " + (loaded - jvm) + " ms");
    }

    /** The next trial the experiment hands this idle worker: "trial attempt", read once, then deleted. */
    private static long[] awaitHandover(Path file) throws IOException, InterruptedException {
        while (!Files.exists(file)) {
            Thread.sleep(HANDOVER_POLL_MILLIS); // the watch ends the JVM if the experiment is gone
        }
        String[] f = Files.readString(file).strip().split(" ");
        Files.delete(file);
        return new long[] {Long.parseLong(f[0]), Long.parseLong(f[1])};
    }

    private static void run(SharedDirectory dir, long id, int attempt, boolean keepWeights, boolean reuse,
            WorkerWatch watch, SharedDirectory.Payload payload, ClassLoader loader, String startup,
            EventsFile.Writer events) throws Exception {
        JsonObject end = new JsonObject();
        end.addProperty("waits", reuse);
        Sample sample;
        try {
            sample = dir.readSample(id, loader);
        } catch (IOException | ClassNotFoundException | RuntimeException e) {
            events.write("started", "device", "unknown");
            events.write("failed", "text", "could not read the trial's sample:\n" + stackTrace(e));
            events.write("end", end);
            return;
        }
        String gpus = Optional.ofNullable(System.getenv("CUDA_VISIBLE_DEVICES")).orElse("");
        int cpus = Integer.parseInt(Optional.ofNullable(System.getenv("SLURM_CPUS_PER_TASK")).orElse("1"));
        Device device = device(gpus);
        events.write("log", "line", String.format("attempt %d: job %s on %s, CUDA_VISIBLE_DEVICES=%s, %d CPU(s); %s",
                attempt, System.getenv("SLURM_JOB_ID"), System.getenv("SLURMD_NODENAME"), gpus.isEmpty() ? "(none)" : gpus,
                cpus, startup));
        Block block;
        try {
            block = payload.builder().apply(sample);
        } catch (RuntimeException | Error e) {
            events.write("started", "device", device.toString());
            events.write("failed", "text", "could not build the model of " + sample + ":\n" + stackTrace(e));
            events.write("end", end);
            return;
        }
        try (WorkerTrial trial = new WorkerTrial(id, sample, device, block, cpus, events)) {
            watch.watching(dir.stopFile(id), trial, events);
            events.write("started", "device", device.toString());
            try {
                Nas.runTrial(trial, payload.evaluator());
                if (watch.timeLimitNear()) {
                    // a trial that returned because its time limit was near was cut short: not a success
                    events.write("stopped-at-time-limit");
                } else if (keepWeights && block.isInitialized()) {
                    returnedWithWeights(block, dir.attempt(id, attempt), events);
                } else {
                    events.write("returned");
                }
            } catch (Throwable e) {
                JsonObject o = new JsonObject();
                o.addProperty("text", stackTrace(e));
                o.addProperty("interrupted", e instanceof InterruptedException);
                events.write("threw", o);
            } finally {
                watch.idle();
            }
        }
        // after the trial's native resources are closed, so that the next trial starts clean
        events.write("end", end);
    }

    /**
     * Saves the trained block's parameters (DJL's {@code saveParameters}) into the attempt's
     * folder, closed before the 'returned' event names it, so that the experiment reads them whole.
     * Weights that cannot be saved are logged and not kept, as for a local trial: the trial itself
     * still succeeded.
     */
    private static void returnedWithWeights(Block block, Path attemptDir, EventsFile.Writer events) {
        Path file = attemptDir.resolve(SlurmTrials.WEIGHTS_FILE);
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file)))) {
            block.saveParameters(out);
        } catch (IOException | RuntimeException e) {
            events.write("log", "line", "the trained weights could not be saved to " + file + ": " + e);
            events.write("returned");
            return;
        }
        events.write("returned", "weights", SlurmTrials.WEIGHTS_FILE);
    }

    /** The first GPU Slurm gave the job when PyTorch sees one, else the CPU. */
    private static Device device(String gpus) {
        if (gpus.isEmpty()) {
            return Device.cpu();
        }
        try {
            return Engine.getInstance().getGpuCount() > 0 ? Device.gpu(0) : Device.cpu();
        } catch (RuntimeException | LinkageError e) {
            return Device.cpu();
        }
    }

    private static String stackTrace(Throwable e) {
        StringWriter s = new StringWriter();
        e.printStackTrace(new PrintWriter(s));
        return s.toString();
    }
}
