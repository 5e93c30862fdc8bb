package org.jnas.nas.ui;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.jnas.nas.results.ExperimentListener;
import org.jnas.nas.results.ExperimentStatus;
import org.jnas.nas.space.Choice;
import org.jnas.nas.trial.Direction;
import org.jnas.nas.trial.Objective;
import org.jnas.nas.trial.TrainingProgress;
import org.jnas.nas.trial.TrialRecord;

/**
 * What the dashboard needs of one experiment: a running one (live, controllable) or one read back
 * from the store (read-only). Every method may be called from the dashboard's HTTP threads at any
 * time, concurrently with the experiment's own threads, so implementations must be thread-safe and
 * quick (no training, no blocking on trials).
 */
public interface DashboardSource {

    /** The experiment's id, as used in URLs ({@code /api/experiments/<id>}); stable and unique. */
    String id();

    /** The experiment's name, as the user configured it. */
    String name();

    /** Where the experiment is in its life now. */
    ExperimentStatus status();

    /** Whether larger or smaller metrics are better (decides "best" and best-so-far lines). */
    Direction direction();

    /**
     * The settings to show on the overview page, in display order (e.g. name, strategy, trial
     * concurrency, max trials, max duration, seed). Values are shown with {@code toString()};
     * numbers, strings, booleans and lists of them are sent as JSON values.
     */
    Map<String, Object> config();

    /**
     * The objectives of a multi-objective search; empty (the default) for a single-objective one.
     * With two or more, the trial table marks the Pareto-optimal trials and the charts page draws
     * the first objective against the second.
     */
    default List<Objective> objectives() {
        return List.of();
    }

    /** The choices of the model space, in space order; empty when unknown (labels then come from samples). */
    default List<Choice> choices() {
        return List.of();
    }

    /** The number of trials allowed to train at once now. */
    int trialConcurrency();

    /** The trial budget now; empty when unbounded. */
    OptionalLong maxTrials();

    /** How long the search may run; empty (the default) when it has no limit or is not run here. */
    default Optional<Duration> maxDuration() {
        return Optional.empty();
    }

    /** Why the search ended, e.g. "strategy exhausted"; empty (the default) while it runs and when not known (a stored one). */
    default String endReason() {
        return "";
    }

    /** When the running search's {@link #maxDuration()} is up; empty (the default) when it is not running here or has no limit. */
    default Optional<Instant> deadline() {
        return Optional.empty();
    }

    /**
     * Where the supernet of a running one-shot search that learns architecture probabilities stands
     * ({@link org.jnas.nas.results.ExperimentResults#supernetProgress()}): the overview counts its
     * epochs from the start and the steps of the epoch it trains, and offers no trial budget or
     * concurrency to change (the search is one trial). Empty (the default) otherwise; a stored
     * one-shot search's epochs come from its supernet's epochs.
     */
    default Optional<TrainingProgress> supernetProgress() {
        return Optional.empty();
    }

    /**
     * How far the running trials that report it have got in their training, by trial id
     * ({@link org.jnas.nas.results.ExperimentResults#trainingProgress()}): the overview's progress
     * moves with them. Empty (the default) for a stored experiment.
     */
    default Map<Long, TrainingProgress> trainingProgress() {
        return Map.of();
    }

    /**
     * When the experiment started, or empty before it started. The default takes the earliest
     * trial submission.
     */
    default Optional<Instant> startTime() {
        return trials().stream().map(TrialRecord::submitted).filter(Objects::nonNull).min(Comparator.naturalOrder());
    }

    /**
     * When the experiment ended, or empty while it runs. The default takes the latest trial end
     * once {@link #status()} says the experiment has ended.
     */
    default Optional<Instant> endTime() {
        if (!status().isDone()) {
            return Optional.empty();
        }
        return trials().stream().flatMap(t -> t.ended().stream()).max(Comparator.naturalOrder());
    }

    /**
     * Why the experiment's results are not kept in the store, when they are not (e.g. the database is
     * locked by another process, or the JNAS home is not writable); empty when they are kept, or when
     * the experiment is not meant to be stored. The dashboard shows it on every page of the experiment.
     */
    default Optional<String> storeProblem() {
        return Optional.empty();
    }

    /**
     * Cancelled trials whose code still runs (it ignored the stop and could not be stopped); the
     * dashboard says so on every page of the experiment while there are any.
     */
    default int runawayTrials() {
        return 0;
    }

    /** Immutable snapshots of all trials so far, ordered by id. */
    List<TrialRecord> trials();

    /**
     * Subscribes the dashboard to the experiment's events (trial started, intermediate, ended,
     * experiment ended). A read-only source may do nothing here: a stored experiment has no events.
     */
    void addListener(ExperimentListener listener);

    /** Undoes {@link #addListener}; called when a browser disconnects or the dashboard closes. */
    void removeListener(ExperimentListener listener);

    /**
     * True for an experiment viewed from the store: the dashboard then disables and refuses stop
     * and the setters (HTTP 409) without calling them.
     */
    boolean readOnly();

    /** Stops the experiment as {@code Experiment.stop()} does; returns at once. Never called when read-only. */
    void stop();

    /**
     * Changes the number of trials that train at once, effective for the next trials.
     *
     * @throws IllegalArgumentException for a value the experiment refuses (the message is shown to the user)
     */
    void setTrialConcurrency(int trialConcurrency);

    /**
     * Changes the trial budget while the experiment runs.
     *
     * @throws IllegalArgumentException for a value the experiment refuses (the message is shown to the user)
     */
    void setMaxTrials(long maxTrials);

    /**
     * The diagram of a trial's architecture as a standalone SVG document, or empty when there is none
     * (unknown trial, or the space cannot draw it). The page shows it through an {@code <img>}, so
     * scripts in it never run.
     */
    default Optional<String> architectureSvg(long trialId) {
        return Optional.empty();
    }
}
