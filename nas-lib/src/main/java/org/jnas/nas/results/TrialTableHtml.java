package org.jnas.nas.results;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.jnas.nas.trial.TrainingProgress;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.columns.Column;

/**
 * Writes a {@link TrialTable} as one HTML fragment: its style sheet, the table and, for a sortable
 * table, an inline script that sorts the rows on a header click. The style sheets and the script
 * are resources beside this class, read once. Each rendering has its own table id, so that two
 * tables in one notebook never style or sort each other.
 */
final class TrialTableHtml {
    /** What stands for the table's id in the resources. */
    private static final String TABLE_ID = "TABLE_ID";
    private static final String STYLE = resource("trial-table.css");
    private static final String SORTABLE_STYLE = resource("trial-table-sortable.css");
    private static final String SORTABLE_SCRIPT = resource("trial-table-sortable.js");
    private static final AtomicLong TABLE_IDS = new AtomicLong();

    private TrialTableHtml() {}

    /**
     * The fragment.
     *
     * @param rows the table's row indexes in the order to show them
     * @param sortable add the sorting script, and the values it sorts by
     * @param training by trial id, how far a running trial's training has got: its status cell
     *     says the share done, and the epoch on hover
     */
    static String write(TrialTable trials, int[] rows, boolean sortable, Map<Long, TrainingProgress> training) {
        String tableId = "jnas-trials-" + TABLE_IDS.incrementAndGet();
        StringBuilder sb = new StringBuilder(256 + rows.length * 200);
        sb.append("<div class=\"jnas-trial-table\">");
        sb.append("<style>").append(STYLE.replace(TABLE_ID, tableId))
                .append(sortable ? SORTABLE_STYLE.replace(TABLE_ID, tableId) : "").append("</style>");
        sb.append("<table id=\"").append(tableId).append("\"><thead><tr>");
        for (Column<?> c : trials.columns()) {
            String title = c.name().equals(TrialTable.METRIC)
                    ? "final metric (" + trials.direction().name().toLowerCase(Locale.ROOT) + ")"
                    : c.name().equals(TrialTable.PARETO) ? "on the Pareto front of the objectives" : Html.escape(c.name());
            sb.append("<th").append(trials.numeric(c) ? " class=\"num\"" : "").append(" title=\"").append(title)
                    .append("\">").append(Html.escape(c.name())).append("</th>");
        }
        sb.append("</tr></thead><tbody>");
        for (int row : rows) {
            String rowClass = (trials.isBest(row) ? " best" : "") + (trials.isPareto(row) ? " pareto" : "");
            sb.append("<tr").append(rowClass.isEmpty() ? "" : " class=\"" + rowClass.substring(1) + "\"").append('>');
            for (Column<?> c : trials.columns()) {
                String text = trials.cell(c, row);
                Optional<String> running = TrialTableText.status(trials, c, row, training);
                sb.append("<td");
                if (trials.numeric(c)) {
                    sb.append(" class=\"num\"");
                    if (sortable && !c.isMissing(row)) {
                        sb.append(" data-v=\"").append(c instanceof DoubleColumn d ? Double.toString(d.getDouble(row)) : text).append('"');
                    }
                } else if (c.name().equals(TrialTable.STATUS)) {
                    sb.append(" class=\"s-").append(Html.escape(text)).append('"');
                    if (running.isPresent()) {
                        sb.append(" title=\"").append(training.get(trials.trialId(row)).describe()).append('"');
                    }
                }
                sb.append('>').append(Html.escape(running.orElse(text))).append("</td>");
            }
            sb.append("</tr>");
        }
        sb.append("</tbody></table>");
        if (sortable) {
            sb.append("<script>").append(SORTABLE_SCRIPT.replace(TABLE_ID, tableId)).append("</script>");
        }
        sb.append("</div>");
        return sb.toString();
    }

    /** A resource beside this class, its comment lines dropped and its other lines trimmed and joined. */
    private static String resource(String name) {
        String text;
        try (InputStream in = TrialTableHtml.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("trial table resource " + name + " missing from the jar");
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read trial table resource " + name, e);
        }
        StringBuilder joined = new StringBuilder();
        boolean inComment = false;
        for (String line : text.split("\n")) {
            String s = line.strip();
            if (inComment || s.startsWith("/*")) {
                inComment = !s.endsWith("*/");
            } else {
                joined.append(s);
            }
        }
        return joined.toString();
    }
}
