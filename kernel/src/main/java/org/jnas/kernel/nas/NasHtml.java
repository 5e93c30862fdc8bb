package org.jnas.kernel.nas;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;
import org.jnas.nas.space.Choice;
import org.jnas.nas.space.ModelSpace;
import org.jnas.nas.space.Sample;
import org.jnas.nas.trial.TrialRecord;
import org.jnas.nas.results.Html;

/** Small HTML (no script, inline styles) and text forms of spaces, samples and trials. */
final class NasHtml {
    private static final String TABLE = "<table style=\"border-collapse:collapse;font:13px/1.4 sans-serif\">";
    private static final String TH = "<th style=\"text-align:left;padding:2px 8px;border-bottom:1px solid #999\">";
    private static final String TD = "<td style=\"padding:2px 8px;border-bottom:1px solid #ddd;vertical-align:top\">";
    private static final int SHOWN_CANDIDATES = 12;

    private NasHtml() {}

    private static String escape(Object value) {
        return Html.escape(String.valueOf(value));
    }

    private static void row(StringBuilder sb, Object... cells) {
        sb.append("<tr>");
        for (Object c : cells) {
            sb.append(TD).append(escape(c)).append("</td>");
        }
        sb.append("</tr>");
    }

    private static void header(StringBuilder sb, String... names) {
        sb.append("<thead><tr>");
        for (String n : names) {
            sb.append(TH).append(escape(n)).append("</th>");
        }
        sb.append("</tr></thead><tbody>");
    }

    /** The space's summary line, then one row per choice: label, kind, candidates (named where they have names). */
    static String space(ModelSpace space) {
        String summary = space.summary();
        String caption = summary.lines().findFirst().orElse(space.name());
        StringBuilder sb = new StringBuilder("<div class=\"jnas-space\"><div style=\"font:bold 13px sans-serif;margin:4px 0\">")
                .append(escape(caption)).append("</div>").append(TABLE);
        header(sb, "label", "kind", "candidates", "values");
        for (Choice c : space.choices()) {
            List<String> values = c.candidates().stream().map(c::describe).toList();
            String shown = values.size() <= SHOWN_CANDIDATES ? values.toString()
                    : values.subList(0, SHOWN_CANDIDATES).toString().replaceFirst("]$",
                            ", ... (" + (values.size() - SHOWN_CANDIDATES) + " more)]");
            row(sb, c.label(), c.kind(), c.size(), shown);
        }
        return sb.append("</tbody></table></div>").toString();
    }

    /** One row per label: the chosen value. */
    static String sample(Sample sample) {
        StringBuilder sb = new StringBuilder("<div class=\"jnas-sample\">").append(TABLE);
        header(sb, "label", "value");
        for (Map.Entry<String, Object> e : sample.values().entrySet()) {
            row(sb, e.getKey(), e.getValue());
        }
        return sb.append("</tbody></table></div>").toString();
    }

    private static String seconds(TrialRecord t) {
        return String.format(Locale.ROOT, "%.2f s", t.duration().toMillis() / 1000.0);
    }

    private static String intermediates(TrialRecord t) {
        StringBuilder sb = new StringBuilder("[");
        for (Double d : t.intermediateDefaults()) {
            sb.append(sb.length() > 1 ? ", " : "").append(d == null ? "-" : Html.number(d));
        }
        return sb.append(']').toString();
    }

    /** The final metrics by name, to 4 significant digits: {@code {default=0.9133, loss=0.2867}}. */
    private static String metrics(TrialRecord t) {
        StringJoiner joined = new StringJoiner(", ", "{", "}");
        new TreeMap<>(t.finalMetrics()).forEach((name, value) -> joined.add(name + "=" + Html.number(value)));
        return joined.toString();
    }

    /** E.g. {@code Trial 3 SUCCEEDED on cpu() in 1.20 s, metrics {default=0.91}, sample {...}}, then the error. */
    static String trialText(TrialRecord t) {
        StringBuilder sb = new StringBuilder("Trial ").append(t.id()).append(' ').append(t.status());
        t.device().ifPresent(d -> sb.append(" on ").append(d));
        sb.append(" in ").append(seconds(t)).append(", metrics ").append(metrics(t))
                .append(", intermediates ").append(intermediates(t)).append(", sample ").append(t.sample().toJson());
        t.error().ifPresent(e -> sb.append('\n').append(e));
        return sb.toString();
    }

    /** A two-column table: id, status, device, duration, sample, metrics, intermediates, error, log. */
    static String trial(TrialRecord t) {
        StringBuilder sb = new StringBuilder("<div class=\"jnas-trial\">").append(TABLE);
        header(sb, "trial " + t.id(), String.valueOf(t.status()));
        row(sb, "device", t.device().orElse(""));
        row(sb, "duration", seconds(t));
        for (Map.Entry<String, Object> e : t.sample().values().entrySet()) {
            row(sb, e.getKey(), e.getValue());
        }
        for (Map.Entry<String, Double> e : new TreeMap<>(t.finalMetrics()).entrySet()) {
            row(sb, e.getKey().equals(TrialRecord.DEFAULT_METRIC) ? "metric" : e.getKey(), Html.number(e.getValue()));
        }
        row(sb, "intermediates", intermediates(t));
        sb.append("</tbody></table>");
        t.error().ifPresent(e -> sb.append("<pre style=\"color:#b71c1c;white-space:pre-wrap\">").append(escape(e))
                .append("</pre>"));
        if (!t.log().isEmpty()) {
            sb.append("<pre style=\"color:#555;white-space:pre-wrap\">").append(escape(String.join("\n", t.log()))).append("</pre>");
        }
        return sb.append("</div>").toString();
    }
}
