package org.jnas.nas.internal.engine;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jnas.nas.internal.BackgroundThreads;

/**
 * How the engine stops one trial, on its timer: it tells the backend to stop the trial, and cancels
 * the trial when it has not ended after the stop grace period; and it stops a trial that runs past
 * its maximum duration. A search's stop, a strategy's early stop and a trial's timeout all come
 * here. Once closed (the search has ended), nothing more is scheduled.
 */
final class TrialStops implements AutoCloseable {
    private final String searchName;
    private final Duration gracePeriod;
    private final Optional<Duration> maxTrialDuration;
    private final TrialBackend backend;
    private final Consumer<TrialState> announceEnd;
    private final ScheduledThreadPoolExecutor timer;

    /**
     * @param settings the search's; its stop grace period and maximum trial duration never change
     *     while it runs ({@link TrialEngine#update})
     * @param announceEnd tells the strategy and the observer that a cancelled trial ended
     */
    TrialStops(EngineSettings settings, TrialBackend backend, Consumer<TrialState> announceEnd) {
        this.searchName = settings.name();
        this.gracePeriod = settings.stopGracePeriod();
        this.maxTrialDuration = settings.maxTrialDuration();
        this.backend = backend;
        this.announceEnd = announceEnd;
        this.timer = new ScheduledThreadPoolExecutor(1, r -> BackgroundThreads.newThread(r, "jnas-timer-" + searchName));
        timer.setRemoveOnCancelPolicy(true);
    }

    /** Tells a trial to stop and cancels it if it has not ended after the grace period. */
    void requestStop(TrialState state, TrialState.StopReason reason) {
        if (!state.requestStop(reason)) {
            return;
        }
        backend.requestStop(state.id());
        try {
            timer.schedule(() -> cancel(state), gracePeriod.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            // the search has ended: nothing left to cancel
        }
    }

    private void cancel(TrialState state) {
        TrialState.StopReason reason = state.stopReason();
        String why = "did not return within the stop grace period " + gracePeriod
                + " after it was told to stop (" + reason + ")";
        if (!state.beginCancel(reason.status, why)) {
            return;
        }
        // A thread of its own: the backend waits a moment for the trial's code to end, and the
        // timer must not wait for one trial after another.
        BackgroundThreads.newThread(() -> {
            TrialBackend.Cancelled how = backend.cancel(state.id());
            state.cancelled(!how.stillRuns() ? "; it was interrupted and has ended"
                    : "; its code still runs" + (how.where().isEmpty() ? "" : " (thread " + how.where() + ")")
                    + ": it ignores interrupts, and only code defined in a notebook cell can be stopped");
            announceEnd.accept(state);
        }, "jnas-cancel-" + searchName + "-" + state.id()).start();
    }

    /** Schedules a trial's stop for when it runs past its maximum duration, if there is one. */
    Optional<ScheduledFuture<?>> scheduleTimeout(TrialState state) {
        if (maxTrialDuration.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(timer.schedule(() -> requestStop(state, TrialState.StopReason.TRIAL_TIMEOUT),
                    maxTrialDuration.get().toNanos(), TimeUnit.NANOSECONDS));
        } catch (RejectedExecutionException e) {
            return Optional.empty(); // the search has ended
        }
    }

    /** Ends the timer: what it still had scheduled never runs. */
    @Override
    public void close() {
        timer.shutdownNow();
    }
}
