package org.jnas.nas.cluster;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The experiment's side of worker reuse: the jobs whose worker JVM ended its trial and waits for
 * the next one, and the handover of a trial to one of them. Only the experiment ends an idle worker
 * ({@code scancel}), so a worker never times out while a trial is being handed to it: one nobody
 * needs within the idle time is cancelled here; at close the experiment cancels the rest.
 *
 * <p>A trial goes only to a worker whose job Slurm lists as RUNNING with enough time left: its
 * time is unlimited, or at least twice the longest trial so far (Slurm's {@code --time} is the
 * job's, not the trial's).
 */
final class WarmWorkers {
    private final Slurm slurm;
    private final SharedDirectory dir;
    private final long idleNanos;
    /** Idle workers' job ids, oldest first, with when each became idle ({@link System#nanoTime}). */
    private final Map<String, Long> idleSince = new LinkedHashMap<>();
    private Map<String, Slurm.JobStatus> lastQueue = Map.of();
    private Duration longestTrial = Duration.ZERO;
    private boolean closed;

    WarmWorkers(Slurm slurm, SharedDirectory dir, Duration idleTime) {
        this.slurm = slurm;
        this.dir = dir;
        this.idleNanos = idleTime.toNanos();
    }

    /** The worker of {@code jobId} ended a trial that ran {@code took} and waits for the next. */
    synchronized void idle(String jobId, Duration took) {
        if (took.compareTo(longestTrial) > 0) {
            longestTrial = took;
        }
        if (closed) {
            slurm.cancel(List.of(jobId));
        } else {
            idleSince.put(jobId, System.nanoTime());
        }
    }

    /**
     * Hands the attempt of trial {@code id} to the longest-idle worker that can run it; workers
     * whose job has too little time left are cancelled on the way.
     *
     * @return the job that now runs the trial, or empty when none can (submit a job then)
     */
    synchronized Optional<String> handOver(long id, int attempt) throws IOException {
        List<String> tooShort = new ArrayList<>();
        try {
            for (Iterator<String> it = idleSince.keySet().iterator(); it.hasNext(); ) {
                String jobId = it.next();
                Slurm.JobStatus status = lastQueue.get(jobId);
                if (status == null || !status.isRunning()) {
                    continue; // not seen running yet, or ending: the next poll decides
                }
                it.remove();
                if (!status.hasTimeLeft(longestTrial.multipliedBy(2))) {
                    tooShort.add(jobId);
                    continue;
                }
                dir.writeHandover(jobId, id, attempt);
                return Optional.of(jobId);
            }
            return Optional.empty();
        } finally {
            slurm.cancel(tooShort);
        }
    }

    /** After each {@code squeue}: forgets workers whose job ended, cancels those idle for too long. */
    synchronized void polled(Map<String, Slurm.JobStatus> queue) {
        lastQueue = queue;
        List<String> expired = new ArrayList<>();
        long now = System.nanoTime();
        for (Iterator<Map.Entry<String, Long>> it = idleSince.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Long> e = it.next();
            Slurm.JobStatus status = queue.getOrDefault(e.getKey(), Slurm.JobStatus.GONE);
            if (status.hasEnded()) {
                it.remove(); // an idle worker's end is no trial's outcome
            } else if (now - e.getValue() > idleNanos) {
                it.remove();
                expired.add(e.getKey());
            }
        }
        slurm.cancel(expired);
    }

    synchronized boolean isEmpty() {
        return idleSince.isEmpty();
    }

    /** Idle workers' jobs, for tests. */
    synchronized List<String> idleJobs() {
        return List.copyOf(idleSince.keySet());
    }

    /**
     * Forgets every idle worker; one that becomes idle later is cancelled at once.
     *
     * @return the idle workers' jobs, for the caller to cancel
     */
    synchronized List<String> close() {
        closed = true;
        List<String> idle = List.copyOf(idleSince.keySet());
        idleSince.clear();
        return idle;
    }
}
