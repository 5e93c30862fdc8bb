package org.jnas.nas.results;

import java.util.List;
import org.jnas.nas.space.Choice;
import org.jnas.nas.trial.Direction;
import org.jnas.nas.trial.TrialRecord;

/**
 * The whole picture of a search as one HTML fragment, for the notebook kernel and the dashboard
 * alike. The live view is cheap enough to redraw every second while trials run (progress and a
 * script-free table); the full view adds the charts and is meant for the final update and for
 * stored experiments.
 */
final class Views {
    private Views() {}

    /** Progress and the trial table (best first, no script), for frequent in-place updates. */
    static String live(ExperimentProgress progress, TrialTable table) {
        return "<div class=\"jnas-view\">" + progress.html() + table.html() + "</div>";
    }

    /**
     * Progress, the trial table and the charts (final metric per trial, intermediate curves,
     * metric by choice) as inline SVG; charts without data are left out.
     *
     * @param sortable add the table's inline sorting script (leave it out for nbconvert and
     *     untrusted notebooks, which drop scripts)
     */
    static String full(ExperimentProgress progress, TrialTable table, List<TrialRecord> records, List<Choice> choices,
            Direction direction, boolean sortable) {
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
}
