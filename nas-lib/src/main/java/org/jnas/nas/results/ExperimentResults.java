package org.jnas.nas.results;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.jnas.nas.ui.Dashboard;
import tech.tablesaw.api.Table;
import org.jnas.nas.Experiment;
import org.jnas.nas.ExperimentView;
import org.jnas.nas.ExportFormat;
import org.jnas.nas.space.Choice;
import org.jnas.nas.trial.Direction;
import org.jnas.nas.trial.TrialRecord;

/**
 * The results of a search, running ({@link Experiment}) or read back from the store
 * ({@link ExperimentView}): trials, the trial table, progress, and the views a notebook, a
 * terminal or the dashboard show. Tools such as the notebook kernel render any
 * {@code ExperimentResults} through {@link #liveHtml()} and {@link #fullHtml()}.
 */
public interface ExperimentResults {

    /** The experiment's id (the store's key: what {@code Experiment.view} and {@code resume} take). */
    String id();

    /** Where the experiment is in its life. */
    ExperimentStatus status();

    /** Whether larger or smaller metrics are better. */
    Direction direction();

    /** The space's choices, in order (the table's choice columns). */
    List<Choice> choices();

    /** Snapshots of all trials, by id. */
    List<TrialRecord> trials();

    /** The trial budget ({@code Long.MAX_VALUE}: unbounded). */
    long maxTrials();

    /** Time from the start of the search to its end, or to now while it runs. */
    Duration elapsed();

    /** The best succeeded trial in the direction. */
    Optional<TrialRecord> bestTrial();

    /** The {@code k} best trials exported as {@code Map}s ({@link ExportFormat#DICT}) or Java source ({@link ExportFormat#CODE}). */
    List<Object> exportTopModels(int k, ExportFormat format);

    /** Serves the dashboard for these results on 127.0.0.1:{@code port} (0: any free port); close it when done. */
    Dashboard dashboard(int port);

    /** The progress now: done/total, running, failed, elapsed, best so far ({@code line()} for a terminal, {@code html()}). */
    default Progress progressReport() {
        return Progress.of(status(), trials(), maxTrials(), elapsed(), direction());
    }

    /** The trial table: one row per trial, a column per choice and per final metric. */
    default TrialTable trialTable() {
        return TrialTable.create(trials(), choices(), direction());
    }

    /** The trial table as a Tablesaw {@link Table}, yours to sort, filter and export. */
    default Table table() {
        return trialTable().table();
    }

    /** Progress and the trial table as script-free HTML: cheap, for redrawing about once a second. */
    default String liveHtml() {
        return Views.live(progressReport(), trials(), choices(), direction());
    }

    /** Progress, the trial table and the charts as inline SVG, without scripts (survives nbconvert). */
    default String fullHtml() {
        return fullHtml(false);
    }

    /** The full view; {@code sortable} adds the table's tiny inline sorting script. */
    default String fullHtml(boolean sortable) {
        return Views.full(progressReport(), trials(), choices(), direction(), sortable);
    }

    /** The terminal view: the progress line and the trial table as text, best first. */
    default String text() {
        return Views.text(progressReport(), trials(), choices(), direction());
    }

    /** Prints {@link #text()} to {@code System.out} (for {@code jshell} and plain programs). */
    default void print() {
        System.out.println(text());
    }
}
