package org.jnas.nas.cluster;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.pytorch.jni.JniUtils;
import com.google.gson.JsonObject;
import java.util.Map;
import java.util.Objects;
import org.jnas.nas.internal.engine.TrialEvents;
import org.jnas.nas.space.Sample;
import org.jnas.nas.trial.ConcurrentModel;
import org.jnas.nas.trial.TrainingProgress;
import org.jnas.nas.trial.TrialContext;

/**
 * The {@link TrialContext} of a trial in a worker JVM: like a local trial's, but its reports go to
 * the trial's events file. Native resources are made on first use, so an evaluator that needs no
 * PyTorch never loads it; PyTorch's threads are then set to the CPUs Slurm gave the job.
 */
final class WorkerTrial implements TrialContext, AutoCloseable {
    static final long PROGRESS_EVERY_NANOS = 1_000_000_000L;

    private final long id;
    private final Sample sample;
    private final Device device;
    private final Block block;
    private final int cpus;
    private final EventsFile.Writer events;
    private volatile boolean stopRequested;
    private NDManager manager;
    private Model model;
    private boolean progressWritten;
    private long lastProgress;

    WorkerTrial(long id, Sample sample, Device device, Block block, int cpus, EventsFile.Writer events) {
        this.id = id;
        this.sample = sample;
        this.device = device;
        this.block = block;
        this.cpus = cpus;
        this.events = events;
    }

    void requestStop() {
        stopRequested = true;
    }

    @Override
    public long id() { return id; }

    @Override
    public Sample sample() { return sample; }

    @Override
    public Device device() { return device; }

    @Override
    public Block block() { return block; }

    @Override
    public synchronized Model model() {
        if (model == null) {
            manager(); // sets the threads before the first native call
            model = ConcurrentModel.newInstance("trial-" + id, device);
            model.setBlock(block);
        }
        return model;
    }

    @Override
    public synchronized NDManager manager() {
        if (manager == null) {
            manager = NDManager.newBaseManager(device);
            try {
                JniUtils.setNumThreads(cpus);
            } catch (RuntimeException | LinkageError e) {
                log("PyTorch threads not set: %s", e);
            }
        }
        return manager;
    }


    @Override
    public void reportIntermediate(Map<String, ? extends Number> metrics) {
        events.metrics("intermediate", TrialEvents.checkedMetrics(metrics, "reportIntermediate"));
    }


    @Override
    public void reportFinal(Map<String, ? extends Number> metrics) {
        events.metrics("final", TrialEvents.checkedMetrics(metrics, "reportFinal"));
    }

    /**
     * Writes the progress at most once per {@link #PROGRESS_EVERY_NANOS}: an evaluator may report it
     * every batch, and each line goes to the shared file system and is read on the next poll.
     */
    @Override
    public void reportProgress(TrainingProgress progress) {
        Objects.requireNonNull(progress, "progress");
        long now = System.nanoTime();
        synchronized (this) {
            if (progressWritten && now - lastProgress < PROGRESS_EVERY_NANOS) {
                return;
            }
            progressWritten = true;
            lastProgress = now;
        }
        JsonObject o = new JsonObject();
        o.addProperty("epochs", progress.epochs());
        o.addProperty("epoch", progress.epoch());
        o.addProperty("step", progress.step());
        o.addProperty("steps", progress.steps());
        events.write("progress", o);
    }

    @Override
    public void log(String format, Object... args) {
        events.write("log", "line", args.length == 0 ? format : String.format(format, args));
    }

    @Override
    public boolean isStopRequested() {
        return stopRequested;
    }

    @Override
    public synchronized void close() {
        try {
            if (model != null) {
                model.close();
            }
        } finally {
            if (manager != null) {
                manager.close();
            }
        }
    }

}
