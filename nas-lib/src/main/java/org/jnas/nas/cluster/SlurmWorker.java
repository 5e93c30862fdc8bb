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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jnas.nas.space.Sample;
import org.jnas.nas.trial.Nas;
import sun.misc.Signal;

/**
 * The main class of a trial's Slurm job: {@code SlurmWorker DIR TRIAL ATTEMPT HEARTBEAT_MILLIS
 * KEEP_WEIGHTS}. Loads the shipped builder and evaluator, builds the trial's block, runs the one
 * trial and writes every report to the attempt's events file; with KEEP_WEIGHTS the trained
 * block's parameters go to a file beside it. Asks its trial to stop when the stop file appears or
 * Slurm signals USR1 (its time limit is near); ends itself when the experiment's heartbeat goes
 * stale.
 */
final class SlurmWorker {
    private static final long WATCH_MILLIS = 200;

    private SlurmWorker() {}

    public static void main(String[] args) throws Exception {
        SharedDirectory dir = new SharedDirectory(Path.of(args[0]));
        long id = Long.parseLong(args[1]);
        int attempt = Integer.parseInt(args[2]);
        long heartbeatTimeoutMillis = Long.parseLong(args[3]);
        boolean keepWeights = Boolean.parseBoolean(args[4]);
        int status = 0;
        try (EventsFile.Writer events = new EventsFile.Writer(dir.attempt(id, attempt).resolve("events.jsonl"))) {
            status = run(dir, id, attempt, heartbeatTimeoutMillis, keepWeights, events);
        }
        // Everything the trial reported is in the events file: leave at once, without shutdown hooks
        // (DJL's and PyTorch's threads would keep the JVM alive, and its hooks only delay the moment
        // Slurm sees the job's CPUs free for the next trial).
        System.out.flush();
        Runtime.getRuntime().halt(status);
    }

    private static int run(SharedDirectory dir, long id, int attempt, long heartbeatTimeoutMillis,
            boolean keepWeights, EventsFile.Writer events) throws Exception {
        // first, so that a signal Slurm sends early (it may come up to a minute before the time it
        // was asked for) is not lost; the job script ignores USR1 until this handler replaces it
        AtomicBoolean timeLimitNear = new AtomicBoolean();
        Signal.handle(new Signal("USR1"), s -> {
            if (!timeLimitNear.getAndSet(true)) {
                events.write("log", "line", "Slurm's time limit is near: the trial is asked to stop");
            }
        });
        ClassLoader loader = dir.workerLoader(SlurmWorker.class.getClassLoader());
        Thread.currentThread().setContextClassLoader(loader);
        SharedDirectory.Payload payload = dir.readPayload(loader);
        Sample sample = dir.readSample(id, loader);
        String gpus = Optional.ofNullable(System.getenv("CUDA_VISIBLE_DEVICES")).orElse("");
        int cpus = Integer.parseInt(Optional.ofNullable(System.getenv("SLURM_CPUS_PER_TASK")).orElse("1"));
        Device device = device(gpus);
        events.write("log", "line", String.format("attempt %d: job %s on %s, CUDA_VISIBLE_DEVICES=%s, %d CPU(s)",
                attempt, System.getenv("SLURM_JOB_ID"), System.getenv("SLURMD_NODENAME"), gpus.isEmpty() ? "(none)" : gpus,
                cpus));
        Block block;
        try {
            block = payload.builder().apply(sample);
        } catch (RuntimeException | Error e) {
            events.write("started", "device", device.toString());
            events.write("failed", "text", "could not build the model of " + sample + ":\n" + stackTrace(e));
            events.write("end");
            return 0;
        }
        try (WorkerTrial trial = new WorkerTrial(id, sample, device, block, cpus, events)) {
            watch(dir, id, heartbeatTimeoutMillis, trial, timeLimitNear, events);
            events.write("started", "device", device.toString());
            try {
                Nas.runTrial(trial, payload.evaluator());
                if (timeLimitNear.get()) {
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
            }
        }
        events.write("end");
        return 0;
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

    /** Watches the stop file, Slurm's time-limit signal and the heartbeat on a daemon thread. */
    private static void watch(SharedDirectory dir, long id, long heartbeatTimeoutMillis, WorkerTrial trial,
            AtomicBoolean timeLimitNear, EventsFile.Writer events) {
        Thread t = new Thread(() -> {
            boolean stopSeen = false;
            while (true) {
                try {
                    Thread.sleep(WATCH_MILLIS);
                    if (!stopSeen && (timeLimitNear.get() || Files.exists(dir.stopFile(id)))) {
                        stopSeen = true;
                        trial.requestStop();
                    }
                    long age = System.currentTimeMillis() - Files.getLastModifiedTime(dir.heartbeat()).toMillis();
                    if (age > heartbeatTimeoutMillis) {
                        events.write("log", "line", "the experiment's heartbeat is " + age / 1000
                                + " s old: its JVM is gone, so this worker ends itself");
                        events.close();
                        Runtime.getRuntime().halt(3);
                    }
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    // a heartbeat briefly unreadable (being rewritten) is not a dead experiment
                }
            }
        }, "jnas-worker-watch");
        t.setDaemon(true);
        t.start();
    }

    private static String stackTrace(Throwable e) {
        StringWriter s = new StringWriter();
        e.printStackTrace(new PrintWriter(s));
        return s.toString();
    }
}
