package org.jnas.nas.results;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jnas.nas.space.Choice;
import org.jnas.nas.trial.Direction;
import org.jnas.nas.trial.TrialRecord;
import org.jnas.nas.internal.store.StoredExperiment;

/**
 * The whole picture of a search as one HTML fragment (or text), for the notebook kernel and the
 * dashboard alike: progress, trial table and, when asked, the charts.
 *
 * <p>{@link #live} is cheap enough to redraw every second while trials run (progress and a
 * script-free table); {@link #full} adds the charts and is meant for the final update and for
 * stored experiments ({@link #full(StoredExperiment, long)}).
 */
public final class Views {
    private Views() {}

    /** Progress and the trial table (best first, no script), for frequent in-place updates. */
    public static String live(Progress progress, List<TrialRecord> records, List<Choice> choices, Direction direction) {
        Objects.requireNonNull(progress, "progress");
        return "<div class=\"jnas-view\">" + progress.html()
                + TrialTable.create(records, choices, direction).html() + "</div>";
    }

    /**
     * Progress, the trial table and the charts (final metric per trial, intermediate curves,
     * metric by choice) as inline SVG; charts without data are left out.
     *
     * @param sortable add the table's inline sorting script (leave it out for nbconvert and
     *     untrusted notebooks, which drop scripts)
     */
    public static String full(Progress progress, List<TrialRecord> records, List<Choice> choices, Direction direction,
            boolean sortable) {
        Objects.requireNonNull(progress, "progress");
        TrialTable table = TrialTable.create(records, choices, direction);
        StringBuilder sb = new StringBuilder("<div class=\"jnas-view\">");
        sb.append(progress.html());
        sb.append(sortable ? table.sortableHtml() : table.html());
        boolean anyMetric = records.stream().anyMatch(t -> t.metric().isPresent());
        boolean anyIntermediate = records.stream().anyMatch(t -> !t.intermediates().isEmpty());
        if (anyMetric || anyIntermediate) {
            sb.append("<div class=\"jnas-charts\" style=\"display:flex;flex-wrap:wrap;gap:8px;margin-top:8px\">");
            if (anyMetric) {
                sb.append("<div>").append(TrialCharts.metricPerTrial(records, direction).svg()).append("</div>");
            }
            if (anyIntermediate) {
                sb.append("<div>").append(TrialCharts.intermediateCurves(records, direction).svg()).append("</div>");
            }
            if (anyMetric && !choices.isEmpty()) {
                sb.append("<div>").append(TrialCharts.metricByChoice(records, choices, direction).svg()).append("</div>");
            }
            sb.append("</div>");
        }
        sb.append("</div>");
        return sb.toString();
    }

    /**
     * The full view of a stored experiment ({@code Experiment.view(id)}), elapsed time from its
     * creation to its end (or to now).
     *
     * @param maxTrials its trial budget, or {@code Long.MAX_VALUE} when unbounded or unknown
     */
    public static String full(StoredExperiment experiment, long maxTrials) {
        Objects.requireNonNull(experiment, "experiment");
        return full(progress(experiment, maxTrials), experiment.trials(), experiment.choices(), experiment.direction(), true);
    }

    /** The progress of a stored experiment. */
    public static Progress progress(StoredExperiment experiment, long maxTrials) {
        Duration elapsed = experiment.created() == null ? Duration.ZERO
                : Duration.between(experiment.created(), experiment.ended() != null ? experiment.ended() : Instant.now());
        return Progress.of(experiment.status(), experiment.trials(), maxTrials, elapsed, experiment.direction());
    }

    /** The terminal form: the progress line, a blank line, and the text table (best first). */
    public static String text(Progress progress, List<TrialRecord> records, List<Choice> choices, Direction direction) {
        Objects.requireNonNull(progress, "progress");
        return progress.line() + "\n\n" + TrialTable.create(records, choices, direction).text(true);
    }
}
