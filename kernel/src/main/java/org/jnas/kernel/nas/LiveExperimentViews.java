package org.jnas.kernel.nas;

import org.jnas.nas.internal.BackgroundThreads;
import java.time.Duration;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jnas.kernel.display.DisplayHandle;
import org.jnas.kernel.display.MimeBundle;
import org.jnas.nas.Experiment;
import org.jnas.nas.results.ExperimentListener;
import org.jnas.nas.results.ExperimentResults;
import org.jnas.nas.results.ExperimentStatus;
import org.jnas.nas.space.Choice;
import org.jnas.nas.trial.Direction;
import org.jnas.nas.trial.Objective;
import org.jnas.nas.trial.TrainingProgress;
import org.jnas.nas.trial.TrialRecord;

/**
 * Live views of experiments: every output showing a running experiment is redrawn in place
 * (update_display_data) by one daemon updater thread, at most once a period and only when a trial
 * started, reported or ended, a training moved within its epoch (or the status changed), and a last time with the charts when the
 * experiment ends (in the experiment's thread, before its {@code await()} returns). An experiment shown twice has one view with two outputs: one listener, one
 * scheduled task, one rendering per update. A view is dropped when its experiment ends; a view of
 * an experiment that is never started stays, checking its status once a period.
 */
final class LiveExperimentViews {
    private static final Logger LOG = Logger.getLogger(LiveExperimentViews.class.getName());
    /** Lets the display_data of a just-rendered view go out before an immediate final update. */
    private static final long MIN_SHOWN_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    /** How often the view of a search with a maximum duration is redrawn when nothing else moves: its clock and bar do. */
    private static final long CLOCK_NANOS = TimeUnit.SECONDS.toNanos(1);

    /**
     * The bytes a second a view may send when only its progress moved: a one-shot search's view
     * carries its probability chart and was resent whole every second while the supernet trained an
     * epoch, where a multi-trial view is small enough to stay at once a period (sizes and counts in
     * docs/performance.md, "The live view of a one-shot search"). Trial events and status changes
     * are drawn at once.
     */
    static final long PROGRESS_BYTES_PER_SECOND = 25_000;

    private final ScheduledExecutorService updater;
    private final long periodMillis;
    private final long progressBytesPerSecond;
    private final Map<Experiment, View> views = new IdentityHashMap<>();

    LiveExperimentViews(Duration period) {
        this(period, PROGRESS_BYTES_PER_SECOND);
    }

    LiveExperimentViews(Duration period, long progressBytesPerSecond) {
        this.periodMillis = period.toMillis();
        this.progressBytesPerSecond = progressBytesPerSecond;
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
            return BackgroundThreads.newThread(r, "jnas-live-views");
        });
        // An ended view's task leaves the queue at once instead of at its next due time.
        executor.setRemoveOnCancelPolicy(true);
        this.updater = executor;
    }

    private static final class Shared {
        static final LiveExperimentViews INSTANCE = new LiveExperimentViews(Duration.ofSeconds(1));
    }

    /** The kernel's live views, updated once a second. */
    static LiveExperimentViews shared() {
        return Shared.INSTANCE;
    }

    /**
     * The bundle for showing {@code exp}: the full static view once it has ended, else its live
     * view with a display id that the updater keeps up to date.
     */
    MimeBundle render(Experiment exp) {
        if (exp.status().isDone()) {
            return finalBundle(exp);
        }
        DisplayHandle handle = DisplayHandle.forRendering();
        // Rendered before the view is scheduled: the first rendering loads Tablesaw and may take
        // longer than a period, and no update may overtake the display it updates.
        MimeBundle first = liveBundle(exp).withDisplayId(handle.id());
        View view;
        synchronized (this) {
            view = views.get(exp);
            if (view == null) {
                view = new View(exp);
                views.put(exp, view);
                view.start();
            }
            view.handles.add(handle);
            view.lastShownNanos = System.nanoTime();
        }
        if (exp.status().isDone()) {
            // It ended while the first picture was drawn, perhaps before the view listened: show
            // the end now (the view still sends its own final update, the same picture).
            return finalBundle(exp).withDisplayId(handle.id());
        }
        return first;
    }

    /** Experiments with a live view now (for tests). */
    synchronized int activeViews() {
        return views.size();
    }

    /** Progress and the trial table: HTML, and the progress line plus the text table. */
    static MimeBundle liveBundle(Experiment exp) {
        Snapshot now = Snapshot.of(exp);
        return MimeBundle.of("text/html", now.liveHtml(), plainText(now));
    }

    /** Progress, the trial table and the charts as inline SVG (no script: survives nbconvert). */
    static MimeBundle finalBundle(Experiment exp) {
        Snapshot now = Snapshot.of(exp);
        return MimeBundle.of("text/html", now.fullHtml(), plainText(now));
    }

    /**
     * An experiment's results at one moment: the HTML and the text of a bundle are drawn from one
     * copy of its trials, so they agree, and a running experiment's trials (the engine's snapshots
     * of thousands of them) are copied once per update instead of once per view.
     */
    private record Snapshot(String id, ExperimentStatus status, Direction direction, List<Choice> choices,
            List<TrialRecord> trials, OptionalLong maxTrials, Duration elapsed, Optional<Duration> maxDuration,
            Optional<String> storeProblem,
            int runawayTrials, List<Objective> objectives, Optional<TrainingProgress> supernetProgress,
            Map<Long, TrainingProgress> trainingProgress) implements ExperimentResults {
        static Snapshot of(ExperimentResults r) {
            return new Snapshot(r.id(), r.status(), r.direction(), r.choices(), r.trials(), r.maxTrials(), r.elapsed(),
                    r.maxDuration(), r.storeProblem(), r.runawayTrials(), r.objectives(), r.supernetProgress(), r.trainingProgress());
        }
    }

    static String plainText(ExperimentResults results) {
        return "Experiment " + results.id() + "\n" + results.text();
    }

    /** One experiment's outputs, redrawn together. */
    private final class View implements ExperimentListener {
        private final Experiment exp;
        private final List<DisplayHandle> handles = new CopyOnWriteArrayList<>();
        private final AtomicBoolean changed = new AtomicBoolean();
        private volatile long lastShownNanos;
        private long lastDrawnNanos = System.nanoTime();
        private long lastDrawnBytes;
        private ExperimentStatus shownStatus;
        /** The training progress last drawn: it moves within epochs, which send no event. */
        private List<Object> shownProgress = List.of();
        private ScheduledFuture<?> task;
        private boolean finished;

        View(Experiment exp) {
            this.exp = exp;
            this.shownStatus = exp.status();
        }

        void start() {
            exp.addListener(this);
            task = updater.scheduleWithFixedDelay(() -> tick(false), periodMillis, periodMillis, TimeUnit.MILLISECONDS);
        }

        @Override
        public void onTrialStarted(TrialRecord trial) {
            changed.set(true);
        }

        @Override
        public void onIntermediate(TrialRecord trial) {
            changed.set(true);
        }

        @Override
        public void onTrialEnded(TrialRecord trial) {
            changed.set(true);
        }

        /**
         * Draws the final view in the experiment's thread, before {@code exp.await()} returns: a
         * cell that awaits the search (the last cell of a notebook run by nbconvert) is still
         * running when the final update goes out, so every frontend gets it.
         */
        @Override
        public void onExperimentEnded(ExperimentStatus status) {
            long sinceShown = System.nanoTime() - lastShownNanos;
            if (sinceShown < MIN_SHOWN_NANOS) {
                try {
                    TimeUnit.NANOSECONDS.sleep(MIN_SHOWN_NANOS - sinceShown);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            tick(true);
        }

        /**
         * Redraws the outputs if something changed, and draws the final view once the experiment has
         * ended. The final view is drawn by {@link #onExperimentEnded}, in the experiment's thread,
         * so that it is out before {@code await()} returns; the periodic tick ({@code ending} false)
         * draws it only for a view that started listening too late to be told, which it knows once
         * the experiment's end has been announced to every listener ({@code await} has returned).
         * Never throws: a periodic task that throws is cancelled, and an experiment must not see it.
         */
        private synchronized void tick(boolean ending) {
            try {
                if (finished) {
                    return;
                }
                ExperimentStatus status = exp.status();
                if (status.isDone()) {
                    if (ending || endAnnounced()) {
                        finish();
                    }
                    return;
                }
                List<Object> progress = List.of(exp.supernetProgress(), exp.trainingProgress());
                long sinceDrawn = System.nanoTime() - lastDrawnNanos;
                if (!changed.getAndSet(false) && status == shownStatus) {
                    // only the training's progress (or the clock of a search with a maximum duration) moved
                    boolean clockMoved = exp.maxDuration().isPresent() && sinceDrawn >= CLOCK_NANOS;
                    if (progress.equals(shownProgress) && !clockMoved
                            || sinceDrawn < TimeUnit.SECONDS.toNanos(1) * lastDrawnBytes / progressBytesPerSecond) {
                        return;
                    }
                }
                shownStatus = status;
                shownProgress = progress;
                lastDrawnNanos = System.nanoTime();
                MimeBundle bundle = liveBundle(exp);
                lastDrawnBytes = bundle.data().values().stream().mapToLong(String::length).sum();
                for (DisplayHandle h : handles) {
                    h.update(bundle);
                }
            } catch (RuntimeException | LinkageError e) {
                LOG.log(Level.WARNING, "live view of experiment " + exp.id() + " could not be updated", e);
            }
        }

        private boolean endAnnounced() {
            try {
                return exp.await(Duration.ZERO);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }

        private void finish() {
            synchronized (LiveExperimentViews.this) {
                views.remove(exp);
                finished = true;
            }
            exp.removeListener(this);
            task.cancel(false);
            // No handle can be added any more: render() adds only to views still in the map.
            MimeBundle bundle = finalBundle(exp);
            for (DisplayHandle h : handles) {
                h.update(bundle);
            }
        }
    }
}
