package org.jnas.nas.cluster;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.jnas.nas.internal.engine.TrialEvents;
import org.jnas.nas.space.Sample;
import org.jnas.nas.trial.TrainingProgress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One trial's current attempt in a Slurm job (a job submitted for it, or an idle worker's job it
 * was handed to), and the delivery of what its worker wrote to its own events file. Its fields are
 * touched by the poller only, after {@link SlurmTrials#launch}.
 */
final class TrialJob {
    private static final Logger LOG = LoggerFactory.getLogger(TrialJob.class);

    final long trial;
    final Sample sample;
    final TrialEvents events;
    int attempt;
    volatile String jobId;
    String submitError;
    EventsFile.Reader reader;
    String lastPending = "";
    boolean ended;
    /** Whether the worker waits for another trial after this one's end (its end event says so). */
    boolean workerWaits;
    /** When the attempt was submitted or handed over ({@link System#nanoTime}). */
    long startedNanos;
    /**
     * After a re-attach: reports of the earlier run's store not to deliver twice. Its start is
     * delivered again: the store then holds the trial as running, not as the crashed run left it.
     */
    int skipIntermediates;
    Set<String> skipLogs = new HashSet<>();

    TrialJob(long trial, Sample sample, TrialEvents events) {
        this.trial = trial;
        this.sample = sample;
        this.events = events;
    }

    /**
     * Delivers the events the worker wrote since the last poll, while {@code tracked} (not once the
     * trial was cancelled).
     *
     * @param timeLimit the time limit in words, for a trial stopped at its USR1
     * @param builder rebuilds the trained block for kept weights
     */
    void deliver(BooleanSupplier tracked, String timeLimit, SharedDirectory dir, Function<Sample, Block> builder) {
        for (JsonObject e : reader.readNew()) {
            if (!tracked.getAsBoolean()) {
                return;
            }
            // the worker's time of this event only: what the experiment reports itself (a job that
            // died, a failed submission) happens on the experiment's clock
            events.occurredAt(e.has("at") ? Instant.ofEpochMilli(e.get("at").getAsLong()) : null);
            try {
                dispatch(e, timeLimit, dir, builder);
            } finally {
                events.occurredAt(null);
            }
        }
    }

    /** Hands one event of the worker's to the engine. */
    private void dispatch(JsonObject e, String timeLimit, SharedDirectory dir, Function<Sample, Block> builder) {
        switch (e.get("event").getAsString()) {
            case "started" -> events.started(e.get("device").getAsString());
            case "intermediate" -> {
                if (skipIntermediates > 0) {
                    skipIntermediates--;
                } else {
                    events.intermediate(metrics(e));
                }
            }
            case "final" -> events.finalResult(metrics(e));
            case "progress" -> events.progressed(new TrainingProgress(e.get("epochs").getAsInt(), e.get("epoch").getAsInt(),
                    e.get("step").getAsLong(), e.get("steps").getAsLong()));
            case "log" -> {
                String line = e.get("line").getAsString();
                if (!skipLogs.remove(line)) {
                    events.log(line);
                }
            }
            case "returned" -> returned(e, dir, builder);
            case "stopped-at-time-limit" -> events.cancelled("job " + jobId + " (attempt " + attempt
                    + ") was asked to stop (signal USR1) before " + timeLimit + ", and returned; its reports are kept");
            case "threw" -> {
                String text = e.get("text").getAsString();
                if (e.get("interrupted").getAsBoolean()) {
                    events.threw(new InterruptedException("the worker's evaluator was interrupted:\n" + text));
                } else {
                    events.failed(text);
                }
            }
            case "failed" -> events.failed(e.get("text").getAsString());
            case "end" -> {
                ended = true;
                workerWaits = e.has("waits") && e.get("waits").getAsBoolean();
            }
            default -> LOG.debug("trial {}: unknown event {}", trial, e);
        }
    }

    /**
     * Hands the engine the trained block, rebuilt here from the trial's sample with the parameters
     * the worker saved (the same block a local trial hands over), or none; the worker's file is
     * deleted after: the experiment's weight keeper copies what it keeps.
     */
    private void returned(JsonObject e, SharedDirectory dir, Function<Sample, Block> builder) {
        if (!e.has("weights")) {
            events.returned(null);
            return;
        }
        Path file = dir.attempt(trial, attempt).resolve(e.get("weights").getAsString());
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            Block trained;
            try {
                trained = SharedDirectory.readWeights(file, builder, sample, manager);
            } catch (IOException | MalformedModelException | RuntimeException failure) {
                events.log("the trained weights in " + file + " could not be read: " + failure);
                trained = null;
            }
            events.returned(trained); // while the manager holds its parameters
        } finally {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a stale file only costs disk space
            }
        }
    }

    private static Map<String, Double> metrics(JsonObject e) {
        Map<String, Double> m = new LinkedHashMap<>();
        e.getAsJsonObject("metrics").entrySet().forEach(kv -> m.put(kv.getKey(), kv.getValue().getAsDouble()));
        return m;
    }
}
