package org.jnas.nas.results;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleFunction;
import org.jnas.nas.space.Choice;
import org.jnas.nas.space.Sample;

/** An {@link ArchitectureRanking} drawn: its supernet's epochs and its ranked architectures, as HTML or text. */
final class RankingHtml {
    private RankingHtml() {
    }

    /** The heading of the ranked architectures: what ranks them. */
    static String heading(ArchitectureRanking ranking) {
        return ranking.isScored() ? "Architectures by inherited-weight accuracy" : "Most likely architectures";
    }

    /** The per-epoch table and the {@code k} best architectures as script-free HTML; empty for an empty ranking. */
    static String html(ArchitectureRanking ranking, int k) {
        if (ranking.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder("<div class=\"jnas-oneshot\">");
        List<Map<String, Double>> metrics = ranking.epochs();
        if (!metrics.isEmpty()) {
            epochsHtml(sb, metrics, ranking.epochsDone());
        }
        List<Choice> choices = ranking.choices();
        sb.append("<h4>").append(heading(ranking)).append("</h4><table class=\"jnas-ranking\"><tr><th>rank</th>");
        choices.forEach(c -> sb.append("<th>").append(Html.escape(c.label())).append("</th>"));
        sb.append("<th>").append(ranking.scoreName()).append("</th></tr>");
        List<ArchitectureRanking.Entry> top = ranking.top(k);
        for (int r = 0; r < top.size(); r++) {
            Sample s = top.get(r).sample();
            sb.append("<tr><td>").append(r + 1).append("</td>");
            choices.forEach(c -> sb.append("<td>").append(s.has(c.label()) ? Html.escape(c.describe(s.get(c.label()))) : "")
                    .append("</td>"));
            sb.append("<td>").append(Html.number(top.get(r).score())).append("</td></tr>");
        }
        return sb.append("</table></div>").toString();
    }

    private static void epochsHtml(StringBuilder sb, List<Map<String, Double>> metrics, String epochsDone) {
        sb.append("<h4>Supernet per epoch (").append(epochsDone).append(")</h4><table class=\"jnas-epochs\">");
        List<String> keys = metrics.get(metrics.size() - 1).keySet().stream().filter(key -> !key.equals("default")).toList();
        sb.append("<tr><th>epoch</th>");
        keys.forEach(key -> sb.append("<th>").append(Html.escape(key)).append("</th>"));
        sb.append("</tr>");
        Map<String, DoubleFunction<String>> formats = new HashMap<>();
        keys.forEach(key -> formats.put(key, Html.columnFormat(metrics.stream().filter(m -> m.containsKey(key))
                .mapToDouble(m -> m.get(key)))));
        for (int e = 0; e < metrics.size(); e++) {
            sb.append("<tr><td>").append(e + 1).append("</td>");
            Map<String, Double> m = metrics.get(e);
            keys.forEach(key -> sb.append("<td>").append(m.containsKey(key) ? formats.get(key).apply(m.get(key)) : "")
                    .append("</td>"));
            sb.append("</tr>");
        }
        sb.append("</table>");
    }

    /** The {@code k} best architectures as text lines; empty for an empty ranking. */
    static String text(ArchitectureRanking ranking, int k) {
        if (ranking.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder(ranking.isScored()
                ? "Architectures by inherited-weight accuracy (" + ranking.scoredCount() + " scored):\n"
                : "Most likely architectures after epoch " + ranking.epochsDone() + ":\n");
        List<ArchitectureRanking.Entry> top = ranking.top(k);
        for (int r = 0; r < top.size(); r++) {
            ArchitectureRanking.Entry e = top.get(r);
            sb.append(String.format("%3d  %-8s %s%n", r + 1, Html.number(e.score()), e.sample().describe(ranking.choices())));
        }
        return sb.toString();
    }
}
