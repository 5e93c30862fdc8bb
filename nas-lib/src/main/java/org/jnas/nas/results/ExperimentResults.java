package org.jnas.nas.results;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.jnas.nas.space.Choice;
import org.jnas.nas.trial.Direction;
import org.jnas.nas.trial.Objective;
import org.jnas.nas.trial.TrainingProgress;
import org.jnas.nas.trial.TrialRecord;
import tech.tablesaw.api.Table;

/**
 * The results of a search, running ({@code Experiment}) or read back from the store
 * ({@code ExperimentView}): its trials, and what a notebook, a terminal or the dashboard shows of
 * them. Tools such as the notebook kernel render any results through {@link #liveHtml()} and
 * {@link #fullHtml()}.
 */
public interface ExperimentResults {

    /** The experiment's id (the store's key: what {@code Experiment.view} and {@code resume} take). */
    String id();

    /** Where the experiment is in its life. */
    ExperimentStatus status();

    /** Whether larger or smaller metrics are better. */
    Direction direction();

    /**
     * The objectives of a multi-objective search, each a final metric with its direction; empty
     * (the default) for a single-objective one.
     */
    default List<Objective> objectives() {
        return List.of();
    }

    /**
     * The Pareto-optimal trials of the {@link #objectives()}, in id order ({@link
     * Objective#paretoFront}).
     *
     * @throws IllegalStateException for a single-objective search
     */
    default List<TrialRecord> paretoFront() {
        List<Objective> objectives = objectives();
        if (objectives.isEmpty()) {
            throw new IllegalStateException("a single-objective search has no Pareto front: set config().objectives(...)");
        }
        return Objective.paretoFront(trials(), objectives);
    }

    /** The space's choices, in order (the table's choice columns). */
    List<Choice> choices();

    /** Snapshots of all trials, by id. */
    List<TrialRecord> trials();

    /** The trial budget; empty when unbounded. */
    OptionalLong maxTrials();

    /** Time from the start of the search to its end, or to now while it runs. */
    Duration elapsed();

    /**
     * How long the search may run (a resumed search: from its resumption, as {@link #elapsed()});
     * empty (the default) when it has no limit.
     */
    default Optional<Duration> maxDuration() {
        return Optional.empty();
    }

    /**
     * Why the search ended, e.g. "strategy exhausted" or "maxTrials 20 reached", as the views say
     * after its status; empty (the default) while it runs and where it is not known (a search read
     * back from the store).
     */
    default String endReason() {
        return "";
    }

    /**
     * Why the results are not kept in the store, when they are not: e.g. "database locked by another
     * process" while a running experiment holds its results in memory and retries. Empty when all
     * is stored, and when the experiment is not meant to be. The progress line and the views say it
     * too.
     */
    default Optional<String> storeProblem() {
        return Optional.empty();
    }

    /**
     * Cancelled trials whose code still runs in this process, taking CPU or a device: their
     * evaluators ignored the stop request and the interrupt, and their code could not be stopped
     * (only code defined in a notebook cell can be). Each says so in its error. The progress line
     * and the views say it too; 0 when none, and for results read back from the store.
     */
    default int runawayTrials() {
        return 0;
    }

    /**
     * Architectures the strategy ruled out without training them, e.g. for breaking a constraint
     * ({@code Middleware.constraint}); they are not trials and do not use the trial budget. The
     * progress line and the views show them; 0 when none, and for results read back from the store.
     */
    default long skipped() {
        return 0;
    }

    /**
     * Where the supernet of this running one-shot search stands, when it learns architecture
     * probabilities (DARTS, GumbelDARTS, Proxyless, ENAS): the epochs it is to train, which the
     * progress line counts from the start, before the first epoch has ended and said how many there
     * are, and the step of the epoch it trains, which moves the bar within a long epoch. Empty (the
     * default) for a multi-trial search, RandomOneShot, whose progress counts trials, and a search
     * read back from the store.
     */
    default Optional<TrainingProgress> supernetProgress() {
        return Optional.empty();
    }

    /**
     * How far the running trials that report it ({@link org.jnas.nas.trial.TrialContext#reportProgress},
     * which the built-in evaluators call every batch) have got in their training, by trial id: the
     * progress line names each with its epoch and the share of it done, and its bar moves with
     * them. Empty (the default) when none reports, and for a search read back from the store.
     */
    default Map<Long, TrainingProgress> trainingProgress() {
        return Map.of();
    }

    /** The best succeeded trial in the direction ({@link Direction#best}). */
    default Optional<TrialRecord> bestTrial() {
        return direction().best(trials(), 1).stream().findFirst();
    }

    /**
     * The progress now: done/total, running, failed, elapsed, best so far, any store problem and
     * cancelled trials whose code still runs.
     */
    default ExperimentProgress progress() {
        return Views.progress(this, trials());
    }

    /**
     * The trial table: one row per trial, a column per choice and per final metric, and in a
     * multi-objective search a {@code pareto} column.
     */
    default TrialTable trialTable() {
        return TrialTable.create(trials(), choices(), direction(), objectives());
    }

    /** The trial table as a Tablesaw {@link Table}, yours to sort, filter and export. */
    default Table table() {
        return trialTable().table();
    }

    /**
     * Progress and the trial table as script-free HTML: cheap, for redrawing about once a second.
     * Its size does not grow with the search: past 100 trials it shows the counts by status, the
     * 20 best trials and the running ones, and says how to get them all ({@link #table()}).
     */
    default String liveHtml() {
        return Views.live(this);
    }

    /**
     * Progress, the trial table and the charts as inline SVG, without scripts (survives nbconvert).
     * Past 100 trials the table shows what {@link #liveHtml()} shows, and the charts aggregate
     * (bins, bands, box plots) instead of drawing each trial.
     */
    default String fullHtml() {
        return fullHtml(false);
    }

    /** The full view; {@code sortable} adds the table's tiny inline sorting script. */
    default String fullHtml(boolean sortable) {
        return Views.full(this, sortable);
    }

    /**
     * The terminal view: the progress line and the trial table as text, best first (past 100
     * trials, the same digest as {@link #liveHtml()}).
     */
    default String text() {
        return Views.text(this);
    }

    /** Prints {@link #text()} to {@code System.out} (for {@code jshell} and plain programs). */
    default void print() {
        System.out.println(text());
    }
}
