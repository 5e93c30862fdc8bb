package org.jnas.nas.cluster;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import com.google.gson.JsonObject;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.LongFunction;
import java.util.stream.Collectors;
import org.jnas.nas.internal.BackgroundThreads;
import org.jnas.nas.internal.engine.TrialBackend;
import org.jnas.nas.internal.engine.TrialEvents;
import org.jnas.nas.space.Sample;
import org.jnas.nas.trial.TrialEvaluator;
import org.jnas.nas.trial.TrialRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trials as Slurm jobs ({@link SlurmBackend}): {@link #launch} submits one job per trial; one
 * poller thread runs a single {@code squeue} for all of the experiment's jobs, reads each running
 * trial's events file from where it left off, turns ended jobs into trial outcomes and keeps the
 * heartbeat fresh. Stop requests are files; cancelling is {@code scancel}.
 */
final class SlurmTrials implements TrialBackend {
    private static final Logger LOG = LoggerFactory.getLogger(SlurmTrials.class);
    private static final long POLL_MILLIS = 200;
    /** How often the heartbeat is touched, at most: well within the workers' timeout. */
    private static final long HEARTBEAT_MILLIS = 2000;
    private static final int LOG_TAIL_LINES = 30;
    /** Where a worker saves its trained block's parameters, in its attempt's folder (with keepTopWeights). */
    static final String WEIGHTS_FILE = "weights.params";

    private final SlurmBackend settings;
    private final Slurm slurm;
    private final SharedDirectory dir;
    private final String jobName;
    private final List<Path> classPath;
    private final Function<Sample, Block> builder;
    private final boolean keepWeights;
    private final Map<Long, Job> jobs = new ConcurrentHashMap<>();
    private volatile boolean closed;
    private long lastHeartbeat;

    private SlurmTrials(SlurmBackend settings, Slurm slurm, SharedDirectory dir, String jobName, List<Path> classPath,
            Function<Sample, Block> builder, boolean keepWeights) {
        this.settings = settings;
        this.slurm = slurm;
        this.dir = dir;
        this.jobName = jobName;
        this.classPath = classPath;
        this.builder = builder;
        this.keepWeights = keepWeights;
    }

    /**
     * Checks everything a job needs, ships the code and the experiment, and starts the poller.
     * With {@code keepWeights} each worker saves its trained parameters for the experiment's
     * weight keeper.
     */
    static SlurmTrials open(SlurmBackend settings, Slurm slurm, Path root, String experimentId,
            Function<Sample, Block> builder, TrialEvaluator evaluator, boolean keepWeights) {
        slurm.check();
        settings.partition().ifPresent(p -> {
            if (!slurm.hasPartition(p)) {
                throw new IllegalArgumentException("Slurm has no partition '" + p + "'; it has: " + slurm.partitions());
            }
        });
        SharedDirectory dir = SharedDirectory.create(root);
        dir.writePayload(builder, evaluator);
        List<Path> classPath = dir.shipClassPath();
        SlurmTrials trials = new SlurmTrials(settings, slurm, dir, "jnas-" + experimentId, classPath, builder,
                keepWeights);
        trials.heartbeat();
        BackgroundThreads.newThread(trials::pollLoop, "jnas-slurm-" + experimentId).start();
        return trials;
    }

    /** One trial's current job. Its fields are touched by the poller only, after {@link #launch}. */
    private final class Job {
        final long trial;
        final Sample sample;
        final TrialEvents events;
        int attempt;
        volatile String jobId;
        String submitError;
        EventsFile.Reader reader;
        String lastPending = "";
        boolean ended;
        /**
         * After a re-attach: reports of the earlier run's store not to deliver twice. Its start is
         * delivered again: the store then holds the trial as running, not as the crashed run left it.
         */
        int skipIntermediates;
        Set<String> skipLogs = new HashSet<>();

        Job(long trial, Sample sample, TrialEvents events) {
            this.trial = trial;
            this.sample = sample;
            this.events = events;
        }
    }

    @Override
    public void launch(long id, Sample sample, TrialEvents events) {
        Job job = new Job(id, sample, events);
        try {
            dir.writeSample(id, sample);
            submit(job, 1);
        } catch (IOException | RuntimeException e) {
            job.submitError = e instanceof IOException ? "cannot write the trial's files: " + e : e.getMessage();
        }
        jobs.put(id, job); // the poller reports a failed submission, on its own thread
    }

    private void submit(Job job, int attempt) throws IOException {
        Path attemptDir = dir.attempt(job.trial, attempt);
        Files.createDirectories(attemptDir);
        Path script = attemptDir.resolve("job.sh");
        Files.writeString(script, script(job.trial, attempt));
        job.attempt = attempt;
        job.reader = new EventsFile.Reader(attemptDir.resolve("events.jsonl"));
        job.jobId = slurm.submit(script, settings.sbatchArgs());
        Files.writeString(dir.jobsFile(job.trial), attempt + " " + job.jobId + "\n", StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** The batch script: resources as #SBATCH lines, the setup, then the worker JVM in the shell's place (so Slurm's signals reach it). */
    String script(long id, int attempt) {
        StringBuilder s = new StringBuilder("#!/bin/bash\n");
        s.append("#SBATCH --job-name=").append(jobName).append('\n');
        s.append("#SBATCH --output=").append(dir.attempt(id, attempt).resolve("log.txt")).append('\n');
        s.append("#SBATCH --no-requeue\n");
        s.append("#SBATCH --cpus-per-task=").append(settings.cpusPerTrial()).append('\n');
        if (settings.gpusPerTrial() > 0) {
            s.append("#SBATCH --gres=gpu:").append(settings.gpusPerTrial()).append('\n');
        }
        settings.partition().ifPresent(p -> s.append("#SBATCH --partition=").append(p).append('\n'));
        settings.memory().ifPresent(m -> s.append("#SBATCH --mem=").append(m).append('\n'));
        settings.timeMinutes().ifPresent(m -> {
            s.append("#SBATCH --time=").append(m).append('\n');
            // asked to stop before the limit; Slurm sends it up to a minute late, so at most halfway
            s.append("#SBATCH --signal=B:USR1@").append(Math.min(60, m * 30)).append('\n');
        });
        s.append("set -e\n");
        // a USR1 that comes before the worker's handler must not kill the job: ignored here, and
        // the JVM that replaces this shell installs its own handler
        settings.timeMinutes().ifPresent(m -> s.append("trap '' USR1\n"));
        s.append("cd ").append(quote(dir.root.toString())).append('\n');
        settings.setup().forEach(line -> s.append(line).append('\n'));
        s.append("exec ").append(quote(settings.java().toString()));
        settings.javaOptions().forEach(o -> s.append(' ').append(quote(o)));
        s.append(" -cp ").append(quote(classPath.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator))));
        s.append(' ').append(SlurmWorker.class.getName()).append(' ').append(quote(dir.root.toString())).append(' ')
                .append(id).append(' ').append(attempt).append(' ').append(settings.heartbeatTimeout().toMillis()).append(' ')
                .append(keepWeights).append('\n');
        return s.toString();
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    @Override
    public void requestStop(long id) {
        try {
            Files.writeString(dir.stopFile(id), "stop\n");
        } catch (IOException e) {
            LOG.warn("trial {}: the stop request cannot be written: {}", id, e.toString());
        }
    }

    @Override
    public Cancelled cancel(long id) {
        Job job = jobs.remove(id);
        if (job != null && job.jobId != null) {
            slurm.cancel(List.of(job.jobId));
        }
        return Cancelled.ENDED;
    }

    @Override
    public Set<Long> reattach(Collection<TrialRecord> unfinished, LongFunction<TrialEvents> events) {
        Map<String, Slurm.JobStatus> queue = slurm.queue(jobName);
        Set<Long> alive = new HashSet<>();
        for (TrialRecord r : unfinished) {
            try {
                List<String> lines = Files.exists(dir.jobsFile(r.id())) ? Files.readAllLines(dir.jobsFile(r.id())) : List.of();
                if (lines.isEmpty()) {
                    continue;
                }
                String[] last = lines.get(lines.size() - 1).split(" ");
                Slurm.JobStatus status = queue.get(last[1]); // null: Slurm has forgotten it
                TrialEvents trialEvents = events.apply(r.id());
                if (trialEvents == null) {
                    continue;
                }
                // a job that ended while no experiment watched still left its reports in its events file
                Job job = new Job(r.id(), r.sample(), trialEvents);
                job.attempt = Integer.parseInt(last[0]);
                job.jobId = last[1];
                job.reader = new EventsFile.Reader(dir.attempt(r.id(), job.attempt).resolve("events.jsonl"));
                job.skipIntermediates = r.intermediates().size();
                job.skipLogs = new HashSet<>(r.log());
                trialEvents.log("re-attached to job " + job.jobId + " (" + (status == null ? "gone from Slurm" : status.state())
                        + ") after a restart of the experiment");
                jobs.put(r.id(), job);
                alive.add(r.id());
            } catch (IOException | RuntimeException e) {
                LOG.warn("trial {}: cannot re-attach: {}", r.id(), e.toString());
            }
        }
        return alive;
    }

    private void pollLoop() {
        while (!closed) {
            try {
                heartbeatIfDue();
                if (!jobs.isEmpty()) {
                    poll();
                }
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.warn("polling Slurm failed: {}", e.toString());
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException stop) {
                    return;
                }
            }
        }
    }

    private void poll() {
        Map<String, Slurm.JobStatus> queue = slurm.queue(jobName);
        for (Job job : List.copyOf(jobs.values())) {
            if (job.submitError != null) {
                job.events.failed(job.submitError);
                finish(job);
                continue;
            }
            Slurm.JobStatus status = queue.get(job.jobId);
            deliver(job);
            if (job.ended) {
                finish(job);
                continue;
            }
            if (status == null) {
                status = slurm.show(job.jobId); // left the queue's listing
            }
            if (status.isPending() && !status.reason().equals("None") && !status.reason().equals(job.lastPending)) {
                job.lastPending = status.reason();
                job.events.log("job " + job.jobId + " is pending in Slurm's queue: " + status.reason());
            }
            if (status.hasEnded()) {
                deliver(job); // what the worker wrote before its job ended
                if (jobs.get(job.trial) == job && (job.ended || ended(job, status))) {
                    finish(job);
                }
            }
        }
    }

    /** Delivers the events the worker wrote since the last poll, unless the trial was cancelled meanwhile. */
    private void deliver(Job job) {
        for (JsonObject e : job.reader.readNew()) {
            if (jobs.get(job.trial) != job) {
                return;
            }
            TrialEvents events = job.events;
            switch (e.get("event").getAsString()) {
                case "started" -> events.started(e.get("device").getAsString());
                case "intermediate" -> {
                    if (job.skipIntermediates > 0) {
                        job.skipIntermediates--;
                    } else {
                        events.intermediate(metrics(e));
                    }
                }
                case "final" -> events.finalResult(metrics(e));
                case "log" -> {
                    String line = e.get("line").getAsString();
                    if (!job.skipLogs.remove(line)) {
                        events.log(line);
                    }
                }
                case "returned" -> returned(job, e);
                case "stopped-at-time-limit" -> events.cancelled("job " + job.jobId + " (attempt " + job.attempt
                        + ") was asked to stop (signal USR1) before " + timeLimit() + ", and returned; its reports are kept");
                case "threw" -> {
                    String text = e.get("text").getAsString();
                    if (e.get("interrupted").getAsBoolean()) {
                        events.threw(new InterruptedException("the worker's evaluator was interrupted:\n" + text));
                    } else {
                        events.failed(text);
                    }
                }
                case "failed" -> events.failed(e.get("text").getAsString());
                case "end" -> job.ended = true;
                default -> LOG.debug("trial {}: unknown event {}", job.trial, e);
            }
        }
    }

    /**
     * Hands the engine the trained block, rebuilt here from the trial's sample with the parameters
     * the worker saved (the same block a local trial hands over), or none; the worker's file is
     * deleted after: the experiment's weight keeper copies what it keeps.
     */
    private void returned(Job job, JsonObject e) {
        if (!e.has("weights")) {
            job.events.returned(null);
            return;
        }
        Path file = dir.attempt(job.trial, job.attempt).resolve(e.get("weights").getAsString());
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            Block trained;
            try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
                trained = builder.apply(job.sample);
                trained.loadParameters(manager, in);
            } catch (IOException | MalformedModelException | RuntimeException failure) {
                job.events.log("the trained weights in " + file + " could not be read: " + failure);
                trained = null;
            }
            job.events.returned(trained); // while the manager holds its parameters
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

    /**
     * A job ended without its worker saying the trial ended: what Slurm says becomes the outcome.
     *
     * @return whether the trial is over (false: it was submitted again)
     */
    private boolean ended(Job job, Slurm.JobStatus status) {
        String what = "job " + job.jobId + " (attempt " + job.attempt + ") ended " + status.state()
                + (status.reason().isEmpty() || status.reason().equals("None") ? "" : " (" + status.reason() + ")");
        if (status.isRetryable() && job.attempt <= settings.retries()) {
            try {
                submit(job, job.attempt + 1);
                job.events.log(what + "; submitted the trial again as job " + job.jobId + " (attempt " + job.attempt + ")");
                job.lastPending = "";
                return false;
            } catch (IOException | RuntimeException e) {
                job.events.failed(what + "; submitting it again failed: " + e.getMessage());
                return true;
            }
        }
        if (status.isTimeout()) {
            job.events.cancelled(what + ": it reached " + timeLimit() + " and was cancelled");
        } else if (status.state().equals("CANCELLED")) {
            job.events.cancelled(what + ": it was cancelled outside the experiment (scancel, or an administrator)");
        } else {
            String exit = status.state().equals("GONE") ? "" : slurm.show(job.jobId).reason();
            job.events.failed(what + " " + exit + " before its worker reported the end of the trial; the end of its log ("
                    + logFile(job) + "):\n" + tail(logFile(job)));
        }
        return true;
    }

    private String timeLimit() {
        return "the Slurm time limit of " + settings.timeLimit().map(Object::toString).orElse("its partition");
    }

    private Path logFile(Job job) {
        return dir.attempt(job.trial, job.attempt).resolve("log.txt");
    }

    static String tail(Path log) {
        try {
            if (!Files.exists(log)) {
                return "(no log was written)";
            }
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(the log cannot be read: " + e + ")";
        }
    }

    private void finish(Job job) {
        if (jobs.remove(job.trial, job)) {
            job.events.released();
        }
    }

    private void heartbeatIfDue() {
        long now = System.currentTimeMillis();
        if (now - lastHeartbeat >= Math.min(HEARTBEAT_MILLIS, settings.heartbeatTimeout().toMillis() / 4)) {
            heartbeat();
        }
    }

    private void heartbeat() {
        try {
            Path hb = dir.heartbeat();
            if (!Files.exists(hb)) {
                Files.writeString(hb, "");
            }
            Files.setLastModifiedTime(hb, FileTime.from(Instant.now()));
            lastHeartbeat = System.currentTimeMillis();
        } catch (IOException e) {
            LOG.warn("the heartbeat {} cannot be written: {}", dir.heartbeat(), e.toString());
        }
    }

    /** Jobs still tracked, for tests. */
    int trackedJobs() {
        return jobs.size();
    }

    /** Stops polling; jobs still tracked (a search that was not stopped) are cancelled, so none is left behind. */
    @Override
    public void close() {
        closed = true;
        List<String> left = new ArrayList<>();
        for (Job job : jobs.values()) {
            if (job.jobId != null) {
                left.add(job.jobId);
            }
        }
        jobs.clear();
        slurm.cancel(left);
    }
}
