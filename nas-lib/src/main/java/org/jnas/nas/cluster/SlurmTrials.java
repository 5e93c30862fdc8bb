package org.jnas.nas.cluster;

import ai.djl.nn.Block;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 * Trials as Slurm jobs ({@link SlurmBackend}): {@link #launch} hands the trial to an idle worker
 * ({@link WarmWorkers}) or submits a job for it; one poller thread runs a single {@code squeue} for
 * all of the experiment's jobs, reads each running trial's events file from where it left off,
 * turns ended jobs into trial outcomes and keeps the heartbeat fresh. Stop requests are files;
 * cancelling is {@code scancel}.
 *
 * <p>A worker takes its next trial only after the experiment has read the end of its last one
 * (the end event says the worker waits), and that read forgets the ended trial's job: so a
 * {@link #cancel} of a trial never reaches the job's next trial.
 */
final class SlurmTrials implements TrialBackend {
    private static final Logger LOG = LoggerFactory.getLogger(SlurmTrials.class);
    private static final long POLL_MILLIS = 200;
    /** How often the heartbeat is touched, at most: well within the workers' timeout. */
    private static final long HEARTBEAT_MILLIS = 2000;
    private static final int LOG_TAIL_LINES = 30;
    private static final long CLOSE_WAIT_MILLIS = 5000;
    /** Where a worker saves its trained block's parameters, in its attempt's folder (with keepTopWeights). */
    static final String WEIGHTS_FILE = "weights.params";

    private final SlurmBackend settings;
    private final Slurm slurm;
    private final SharedDirectory dir;
    private final String jobName;
    private final List<Path> classPath;
    private final Function<Sample, Block> builder;
    private final boolean keepWeights;
    private final Map<Long, TrialJob> jobs = new ConcurrentHashMap<>();
    private final WarmWorkers warm;
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
        this.warm = new WarmWorkers(slurm, dir, settings.workerIdleTime());
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


    @Override
    public void launch(long id, Sample sample, TrialEvents events) {
        TrialJob job = new TrialJob(id, sample, events);
        try {
            dir.writeSample(id, sample);
            Optional<String> worker = reuses() ? warm.handOver(id, 1) : Optional.empty();
            if (worker.isPresent()) {
                attach(job, 1, worker.get());
            } else {
                submit(job, 1);
            }
        } catch (IOException | RuntimeException e) {
            job.submitError = e instanceof IOException ? "cannot write the trial's files: " + e : e.getMessage();
            if (job.jobId != null) {
                slurm.cancel(List.of(job.jobId)); // a job that got the trial but cannot be tracked must not hold a slot
            }
        }
        jobs.put(id, job); // the poller reports a failed submission, on its own thread
    }

    /** Whether workers run several trials: not with a time limit, which Slurm counts per job, not per trial. */
    private boolean reuses() {
        return settings.reuseWorkers() && settings.timeLimit().isEmpty();
    }

    private void submit(TrialJob job, int attempt) throws IOException {
        Path attemptDir = dir.attempt(job.trial, attempt);
        Files.createDirectories(attemptDir);
        Path script = attemptDir.resolve("job.sh");
        Files.writeString(script, script(job.trial, attempt));
        attach(job, attempt, slurm.submit(script, settings.sbatchArgs()));
    }

    /** The attempt now runs in {@code jobId}, recorded in the trial's jobs file for a re-attach. */
    private void attach(TrialJob job, int attempt, String jobId) throws IOException {
        job.jobId = jobId; // first: a job that cannot be tracked is cancelled by its id
        Files.createDirectories(dir.attempt(job.trial, attempt));
        job.attempt = attempt;
        job.reader = new EventsFile.Reader(dir.events(job.trial, attempt));
        job.startedNanos = System.nanoTime();
        Files.writeString(dir.jobsFile(job.trial), attempt + " " + jobId + "\n", StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** The batch script of the trial's attempt as a job of its own ({@link JobScript}). */
    String script(long id, int attempt) {
        return JobScript.of(settings, dir, jobName, classPath, id, attempt, keepWeights, reuses());
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
        TrialJob job = jobs.remove(id);
        if (job != null && job.jobId != null) {
            slurm.cancel(List.of(job.jobId));
        }
        return Cancelled.ENDED;
    }

    /**
     * Re-attaches each unfinished trial to its last job, and cancels the experiment's other jobs
     * still in Slurm: workers of the earlier run left idle would otherwise hold their slots until
     * their heartbeat went stale.
     */
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
                TrialJob job = new TrialJob(r.id(), r.sample(), trialEvents);
                job.attempt = Integer.parseInt(last[0]);
                job.jobId = last[1];
                job.reader = new EventsFile.Reader(dir.events(r.id(), job.attempt));
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
        Set<String> attached = jobs.values().stream().map(j -> j.jobId).collect(Collectors.toSet());
        slurm.cancel(queue.entrySet().stream().filter(e -> !e.getValue().hasEnded() && !attached.contains(e.getKey()))
                .map(Map.Entry::getKey).toList());
        return alive;
    }

    private void pollLoop() {
        while (!closed) {
            try {
                heartbeatIfDue();
                if (!jobs.isEmpty() || !warm.isEmpty()) {
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
        warm.polled(queue);
        for (TrialJob job : List.copyOf(jobs.values())) {
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
    private void deliver(TrialJob job) {
        job.deliver(() -> jobs.get(job.trial) == job, timeLimit(), dir, builder);
    }

    /**
     * A job ended without its worker saying the trial ended: what Slurm says becomes the outcome.
     *
     * @return whether the trial is over (false: it was submitted again)
     */
    private boolean ended(TrialJob job, Slurm.JobStatus status) {
        String what = "job " + job.jobId + " (attempt " + job.attempt + ") ended " + status.state()
                + (status.reason().isEmpty() || status.reason().equals("None") ? "" : " (" + status.reason() + ")");
        if (status.isRetryable() && job.attempt <= settings.retries()) {
            try {
                submit(job, job.attempt + 1);
                job.events.log(what + "; submitted the trial again as job " + job.jobId + " (attempt " + job.attempt + ")");
                job.lastPending = "";
                return false;
            } catch (IOException | RuntimeException e) {
                slurm.cancel(List.of(job.jobId)); // the new job, when only its recording failed
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
            Path log = dir.jobLog(job.jobId);
            job.events.failed(what + " " + exit + " before its worker reported the end of the trial; the end of its log ("
                    + log + (reuses() ? ", which holds the output of every trial the job ran, each after a line"
                    + " 'jnas worker: trial N attempt A'" : "") + "):\n" + SharedDirectory.tail(log, LOG_TAIL_LINES));
        }
        return true;
    }

    private String timeLimit() {
        return "the Slurm time limit of " + settings.timeLimit().map(Object::toString).orElse("its partition");
    }

    /** Forgets the trial's job (so that no cancel reaches the job's next trial), then frees its slot. */
    private void finish(TrialJob job) {
        if (jobs.remove(job.trial, job)) {
            if (job.ended && job.workerWaits) {
                // a re-attached trial's start is unknown here: it does not count towards the longest
                Duration took = job.startedNanos == 0 ? Duration.ZERO : Duration.ofNanos(System.nanoTime() - job.startedNanos);
                warm.idle(job.jobId, took);
            }
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

    /** Idle workers' jobs, for tests. */
    List<String> idleWorkers() {
        return warm.idleJobs();
    }

    /**
     * Stops polling; idle workers and jobs still tracked (a search that was not stopped) are
     * cancelled, so none is left behind.
     */
    @Override
    public void close() {
        closed = true;
        List<String> left = new ArrayList<>(warm.close());
        for (TrialJob job : jobs.values()) {
            if (job.jobId != null) {
                left.add(job.jobId);
            }
        }
        jobs.clear();
        slurm.cancel(left);
        awaitGone(left);
    }

    /**
     * Waits a moment (at most {@link #CLOSE_WAIT_MILLIS}) for cancelled jobs to leave Slurm's queue,
     * so that a search that is over no longer holds their CPUs and GPUs when it says it ended.
     */
    private void awaitGone(List<String> cancelled) {
        long deadline = System.nanoTime() + CLOSE_WAIT_MILLIS * 1_000_000;
        try {
            while (!cancelled.isEmpty() && System.nanoTime() < deadline) {
                Map<String, Slurm.JobStatus> queue = slurm.queue(jobName);
                if (cancelled.stream().allMatch(id -> queue.getOrDefault(id, Slurm.JobStatus.GONE).hasEnded())) {
                    return;
                }
                Thread.sleep(POLL_MILLIS / 2);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warn("cannot tell whether the cancelled jobs {} have ended: {}", cancelled, e.toString());
        }
    }
}
