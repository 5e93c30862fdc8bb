package org.jnas.nas.internal.engine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jnas.nas.space.Sample;
import org.jnas.nas.trial.TrainingProgress;
import org.jnas.nas.trial.TrialRecord;
import org.jnas.nas.trial.TrialStatus;

/**
 * One trial as the engine keeps it while it runs: what its backend reported, turned into
 * {@link TrialRecord} snapshots. Ends once ({@link #end}); what is reported after that is
 * dropped. Thread-safe.
 */
final class TrialState {

    /** Why a trial was told to stop; decides the status it ends with. */
    enum StopReason {
        /** The strategy (early-stopping middleware) decided against it. */
        EARLY_STOP(TrialStatus.EARLY_STOPPED),
        /** The search is stopping or out of time. */
        SEARCH_STOP(TrialStatus.CANCELLED),
        /** The trial ran past its maximum duration. */
        TRIAL_TIMEOUT(TrialStatus.CANCELLED);

        final TrialStatus status;

        StopReason(TrialStatus status) {
            this.status = status;
        }
    }

    private final long id;
    private final Sample sample;
    private final Instant submitted;

    // guarded by this
    private TrialStatus status;
    private String device = "";
    private Instant started;
    private Instant ended;
    private final List<Map<String, Double>> intermediates = new ArrayList<>();
    private Map<String, Double> finalMetrics = Map.of();
    private String error = "";
    private final List<String> log = new ArrayList<>();
    private StopReason stopReason;
    private TrainingProgress progress;
    private boolean announced;
    /** Ended by a cancel that has yet to say how it went; its end is announced by the canceller. */
    private boolean cancelling;

    TrialState(long id, Sample sample, Instant submitted) {
        this.id = id;
        this.sample = sample;
        this.submitted = submitted;
        this.status = TrialStatus.WAITING;
    }

    /** A trial that runs elsewhere since before a restart: RUNNING, with what was recorded of it. */
    TrialState(TrialRecord earlier) {
        this(earlier.id(), earlier.sample(), earlier.submitted());
        status = TrialStatus.RUNNING;
        device = earlier.device().orElse("");
        started = earlier.started().orElse(earlier.submitted());
        intermediates.addAll(earlier.intermediates());
        finalMetrics = earlier.finalMetrics();
        log.addAll(earlier.log());
    }

    long id() {
        return id;
    }

    Sample sample() {
        return sample;
    }

    synchronized boolean begin(String deviceName, Instant at) {
        if (status.isDone()) {
            return false;
        }
        device = deviceName;
        started = at;
        status = TrialStatus.RUNNING;
        return true;
    }

    /** Adds an intermediate result and returns its step, or -1 once the trial has ended. */
    synchronized int addIntermediate(Map<String, Double> metrics) {
        if (status.isDone()) {
            return -1;
        }
        intermediates.add(metrics);
        return intermediates.size() - 1;
    }

    synchronized boolean setFinal(Map<String, Double> metrics) {
        if (status.isDone()) {
            return false;
        }
        finalMetrics = metrics;
        return true;
    }

    /** How far the trial's training has got; dropped once it has ended. */
    synchronized void progressed(TrainingProgress next) {
        if (status == TrialStatus.RUNNING) {
            progress = next;
        }
    }

    /** How far the running trial's training has got, if it said. */
    synchronized Optional<TrainingProgress> progress() {
        return status == TrialStatus.RUNNING ? Optional.ofNullable(progress) : Optional.empty();
    }

    synchronized void log(String line) {
        log.add(line);
    }

    /** Sets the stop reason; the first one wins. False when the trial was told to stop before. */
    synchronized boolean requestStop(StopReason reason) {
        if (stopReason != null) {
            return false;
        }
        stopReason = reason;
        return true;
    }

    synchronized StopReason stopReason() {
        return stopReason;
    }

    /**
     * How a trial whose evaluator returned normally ended: with a final result (or, failing
     * that, its last intermediate one, which then becomes the final result) it succeeded, unless
     * it was told to stop; without any result it failed.
     */
    synchronized boolean endReturned(Instant at) {
        if (finalMetrics.isEmpty() && !intermediates.isEmpty() && !status.isDone()) {
            finalMetrics = intermediates.get(intermediates.size() - 1);
            log.add("no final result reported: the last intermediate result is used as the final one");
        }
        if (finalMetrics.isEmpty()) {
            return end(stopReason != null ? stopReason.status : TrialStatus.FAILED, stopReason != null ? ""
                    : "the evaluator returned without reporting a result: call trial.reportFinal(metric)"
                            + " (or Nas.reportFinalResult) at the end of the evaluation, in its own thread or"
                            + " through the TrialContext (Nas.* reports from another thread are refused)", at);
        }
        return end(stopReason != null ? stopReason.status : TrialStatus.SUCCEEDED, "", at);
    }

    /** An evaluator that threw: interrupted because it was told to stop, else failed. */
    synchronized boolean endThrew(Throwable failure, Instant at) {
        TrialStatus endStatus = stopReason != null && Failures.isInterruption(failure)
                ? stopReason.status : TrialStatus.FAILED;
        return end(endStatus, Failures.describe(failure), at);
    }

    /** Ends the trial once; false when it had ended already (e.g. cancelled meanwhile). */
    synchronized boolean end(TrialStatus endStatus, String errorText, Instant at) {
        if (status.isDone()) {
            return false;
        }
        status = endStatus;
        ended = at;
        if (started == null) {
            started = ended;
        }
        if (errorText != null && !errorText.isEmpty()) {
            error = errorText;
        }
        return true;
    }

    /**
     * Ends a trial that is being cancelled; its end is not announced before {@link #cancelled}
     * adds how the cancel went (its thread, leaving the trial meanwhile, must not announce it first).
     */
    synchronized boolean beginCancel(TrialStatus endStatus, String errorText) {
        if (!end(endStatus, errorText, Instant.now())) {
            return false;
        }
        cancelling = true;
        return true;
    }

    /** Completes {@link #beginCancel}: {@code outcome} is added to the error text. */
    synchronized void cancelled(String outcome) {
        error = error + outcome;
        cancelling = false;
    }

    synchronized boolean isEnded() {
        return status.isDone();
    }

    synchronized TrialStatus status() {
        return status;
    }

    /** Marks the end announced; true only the first time, once the trial has ended. */
    synchronized boolean announce() {
        if (!status.isDone() || announced || cancelling) {
            return false;
        }
        announced = true;
        return true;
    }

    synchronized TrialRecord snapshot() {
        return new TrialRecord(id, sample, status, Optional.of(device), submitted, Optional.ofNullable(started),
                Optional.ofNullable(ended), intermediates, finalMetrics, Optional.of(error), log);
    }
}
