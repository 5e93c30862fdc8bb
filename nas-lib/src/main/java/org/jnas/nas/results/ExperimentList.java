package org.jnas.nas.results;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.jnas.nas.trial.Direction;

/**
 * The stored experiments ({@code Experiment.list()}) as a table: id, name, status, creation time,
 * trial counts and best metric, as HTML or aligned text, newest first.
 */
public final class ExperimentList {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT)
            .withZone(ZoneId.systemDefault());
    private static final List<String> HEADER =
            List.of("id", "name", "status", "created", "trials", "succeeded", "failed", "best", "strategy");

    private final List<ExperimentSummary> summaries;

    private ExperimentList(List<ExperimentSummary> summaries) {
        this.summaries = summaries;
    }

    /** The list of these summaries (as {@code ExperimentStore.list()} returns them, oldest first). */
    public static ExperimentList create(List<ExperimentSummary> summaries) {
        List<ExperimentSummary> newestFirst = new ArrayList<>(Objects.requireNonNull(summaries, "summaries"));
        Collections.reverse(newestFirst);
        return new ExperimentList(List.copyOf(newestFirst));
    }

    /** The summaries, newest first. */
    public List<ExperimentSummary> summaries() {
        return summaries;
    }

    private static List<String> cells(ExperimentSummary s) {
        return List.of(s.id(), s.name(), s.status().name(), TIME.format(s.created()),
                Integer.toString(s.trials()), Integer.toString(s.succeeded()), Integer.toString(s.failed()),
                s.bestMetric().isPresent()
                        ? Html.number(s.bestMetric().getAsDouble()) + (s.direction() == Direction.MAXIMIZE ? " (max)" : " (min)")
                        : "", s.strategyName());
    }

    /** An HTML table (no script); each row's {@code data-id} is the experiment id. */
    public String html() {
        StringBuilder sb = new StringBuilder("<table class=\"jnas-experiments\" style=\"border-collapse:collapse;"
                + "font:13px/1.4 sans-serif\"><thead><tr>");
        for (String h : HEADER) {
            sb.append("<th style=\"text-align:left;padding:2px 8px;border-bottom:1px solid #999\">").append(h).append("</th>");
        }
        sb.append("</tr></thead><tbody>");
        for (ExperimentSummary s : summaries) {
            sb.append("<tr data-id=\"").append(Html.escape(s.id())).append("\">");
            for (String c : cells(s)) {
                sb.append("<td style=\"padding:2px 8px;border-bottom:1px solid #ddd\">").append(Html.escape(c)).append("</td>");
            }
            sb.append("</tr>");
        }
        sb.append("</tbody></table>");
        if (summaries.isEmpty()) {
            sb.append("<p>No stored experiments.</p>");
        }
        return sb.toString();
    }

    /** Aligned text, one experiment per line. */
    public String text() {
        List<List<String>> rows = new ArrayList<>();
        rows.add(HEADER);
        summaries.forEach(s -> rows.add(cells(s)));
        int[] width = new int[HEADER.size()];
        for (List<String> r : rows) {
            for (int i = 0; i < width.length; i++) {
                width[i] = Math.max(width[i], r.get(i).length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (List<String> r : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < width.length; i++) {
                line.append(String.format(Locale.ROOT, "%-" + width[i] + "s  ", r.get(i)));
            }
            sb.append(line.toString().stripTrailing()).append('\n');
        }
        if (summaries.isEmpty()) {
            sb.append("(no stored experiments)\n");
        }
        return sb.toString();
    }

    /** The text form. */
    @Override
    public String toString() {
        return text();
    }
}
