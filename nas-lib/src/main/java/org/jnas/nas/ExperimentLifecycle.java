package org.jnas.nas;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.jnas.nas.results.ExperimentListener;
import org.jnas.nas.results.ExperimentResults;
import org.jnas.nas.results.ExperimentStatus;
import org.jnas.nas.internal.engine.TrialBackend;
import org.jnas.nas.trial.TrialEvaluator;
import org.jnas.nas.ui.Dashboard;

/**
 * The life of an experiment's one search: created, then either started (an {@link ExperimentRun})
 * or stopped before it started, and ended once. Also what is told of it (listeners) and closed
 * with it (dashboards). Thread-safe.
 */
final class ExperimentLifecycle {
    private final List<ExperimentListener> listeners = new CopyOnWriteArrayList<>();
    private final List<Dashboard> dashboards = new CopyOnWriteArrayList<>();
    /**
     * Whether the search has ended, waited for on {@code endLock}'s monitor rather than with a
     * {@code CountDownLatch}: JShell on JDK 17 stops an interrupted cell with {@code Thread.stop},
     * and a thread stopped while it waits in a latch's queue stays there, so the latch's end wakes it
     * and no later waiter (a cell that awaited the search again waited out its whole timeout). A
     * monitor's waiter leaves the wait set as it unwinds.
     */
    private final Object endLock = new Object();
    private boolean ended; // guarded by endLock

    private volatile ExperimentRun run;
    private volatile boolean stoppedBeforeStart;

    /**
     * Starts the search of {@code exp}: refusals first (bad combinations of settings, a one-shot
     * search's, a strategy another running experiment holds, the backend's: no GPU under the GPU
     * policy, a Slurm cluster's checks), then the store, then the configuration is frozen and the
     * engine started. A start refused stores nothing and leaves the configuration open to mend, so
     * the same experiment can be started again.
     */
    synchronized void start(Experiment exp) {
        if (run != null || stoppedBeforeStart) {
            throw new IllegalStateException("experiment " + exp.id() + " was started before; it is " + status());
        }
        ExperimentConfig config = exp.config();
        StartChecks.refuseBadCombinations(config);
        StartChecks.refuseGoalAgainstEvaluator(config, exp.evaluator());
        StartChecks.refuseObjectivesAgainstStrategy(config, exp.strategy());
        TrialEvaluator trials = OneShotRuns.trialEvaluator(exp);
        StrategyLeases.Lease lease = StrategyLeases.take("'" + config.name() + "' (" + exp.id() + ")", exp.strategy());
        try {
            TrialBackend backend = ExperimentRun.backend(exp, trials);
            Optional<StoreRecorder> recorder;
            try {
                recorder = config.persist()
                        ? Optional.of(StoreRecorder.open(exp, ConfigJson.write(exp), exp.space().name()))
                        : Optional.empty();
                config.freeze(() -> limitsChanged(exp), () -> exp.trials().size());
            } catch (RuntimeException | Error failure) {
                backend.close();
                throw failure;
            }
            // from here the run owns the backend, and closes it if it cannot start
            run = ExperimentRun.start(exp, backend, recorder, new ExperimentEvents.Sink(listeners, this::end));
        } catch (RuntimeException | Error failure) {
            lease.release();
            throw failure;
        }
        lease.heldBy(run.engine);
        limitsChanged(exp); // a change made while the search was starting
    }

    private void limitsChanged(Experiment exp) {
        ExperimentRun r = run;
        if (r != null) {
            r.limitsChanged(exp);
        }
    }

    /** The started search; empty before the start. */
    Optional<ExperimentRun> run() {
        return Optional.ofNullable(run);
    }

    /** Stops the running search, or ends one that has not started. */
    synchronized void stop() {
        if (run != null) {
            run.engine.stop();
        } else if (!stoppedBeforeStart) {
            stoppedBeforeStart = true;
            end();
        }
    }

    ExperimentStatus status() {
        ExperimentRun r = run;
        if (r == null) {
            return stoppedBeforeStart ? ExperimentStatus.STOPPED : ExperimentStatus.CREATED;
        }
        return r.status();
    }

    String endReason() {
        ExperimentRun r = run;
        return r != null ? r.engine.endReason() : stoppedBeforeStart ? "stopped before it started" : "";
    }

    private void end() {
        synchronized (endLock) {
            ended = true;
            endLock.notifyAll();
        }
    }

    boolean await(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (endLock) {
            for (long left = timeout.toNanos(); !ended && left > 0; left = deadline - System.nanoTime()) {
                TimeUnit.NANOSECONDS.timedWait(endLock, left);
            }
            return ended;
        }
    }

    private void awaitEnd() throws InterruptedException {
        synchronized (endLock) {
            while (!ended) {
                endLock.wait();
            }
        }
    }

    /** Waits for the end, drawing {@code shown}'s progress line on {@code output} about once a second, then its table. */
    void awaitEnd(Optional<PrintStream> output, ExperimentResults shown) throws InterruptedException {
        if (output.isEmpty()) {
            awaitEnd();
            return;
        }
        PrintStream out = output.get();
        int shownLength = 0;
        while (!await(Duration.ofSeconds(1))) {
            // blanks over the end of a longer line before it (a running trial's progress comes and goes)
            String line = shown.progress().line();
            out.print("\r" + line + " ".repeat(Math.max(0, shownLength - line.length())));
            shownLength = line.length();
            out.flush();
        }
        out.println("\r" + " ".repeat(shownLength) + "\r" + shown.text()); // the progress line, then the table (a digest past 100 trials)
        out.println();
        out.flush();
    }

    void addListener(ExperimentListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    void removeListener(ExperimentListener listener) {
        listeners.remove(listener);
    }

    /** Closes {@code dashboard} with the experiment. */
    Dashboard closeWithExperiment(Dashboard dashboard) {
        dashboards.add(dashboard);
        return dashboard;
    }

    /** Closes the dashboards, stops the search and waits up to {@code grace} for it, then closes its engine. */
    void close(Duration grace) {
        for (Dashboard d : dashboards) {
            d.close();
        }
        dashboards.clear();
        stop();
        try {
            await(grace);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ExperimentRun r = run;
        if (r != null) {
            r.engine.close();
        }
    }
}
