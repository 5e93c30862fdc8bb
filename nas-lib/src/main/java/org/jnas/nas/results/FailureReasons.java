package org.jnas.nas.results;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import org.jnas.nas.trial.TrialRecord;
import org.jnas.nas.trial.TrialStatus;

/**
 * Why trials failed, as the views and the dashboard show it under the trials: each distinct reason
 * (the first line of a failed trial's error: the exception and its message) once, with the trials
 * it failed, the most frequent first. A table of FAILED rows says nothing of why, and a model that
 * does not fit the data fails every trial the same way. It stays small however long the search
 * runs: at most {@value #REASONS} reasons of at most {@value #CHARACTERS} characters, each naming at
 * most {@value #IDS} trials.
 *
 * <pre>{@code
 * FailureReasons.of(exp.trials()).reasons();   // [Reason[line=java.lang.IllegalArgumentException: ..., trials=[1, 2], count=2]]
 * }</pre>
 */
public final class FailureReasons {
    static final int REASONS = 3;
    static final int IDS = 5;
    static final int CHARACTERS = 300;
    private static final String WHERE_ALL = "each failed trial's error() holds its stack trace";

    /**
     * One reason.
     *
     * @param line the first line of the error, cut to {@value #CHARACTERS} characters
     * @param trials the ids of the first trials it failed, at most {@value #IDS}
     * @param count how many trials it failed
     */
    public record Reason(String line, List<Long> trials, int count) {
        public Reason {
            trials = List.copyOf(trials);
        }

        /** "trial 3" or "trials 1, 2, 3, 4, 5 and 4 more". */
        String trialsText() {
            StringJoiner joined = new StringJoiner(", ", count == 1 ? "trial " : "trials ", "");
            trials.forEach(id -> joined.add(Long.toString(id)));
            return joined + (count > trials.size() ? " and " + (count - trials.size()) + " more" : "");
        }
    }

    private final List<Reason> shown;
    private final int others;

    private FailureReasons(List<Reason> shown, int others) {
        this.shown = shown;
        this.others = others;
    }

    /** The reasons of the FAILED trials among {@code trials}. */
    public static FailureReasons of(List<TrialRecord> trials) {
        Map<String, List<Long>> ids = new LinkedHashMap<>();
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (TrialRecord t : trials) {
            if (t.status() == TrialStatus.FAILED) {
                String line = firstLine(t.error().orElse("it reported no result"));
                counts.merge(line, 1, Integer::sum);
                List<Long> first = ids.computeIfAbsent(line, l -> new ArrayList<>());
                if (first.size() < IDS) {
                    first.add(t.id());
                }
            }
        }
        // most frequent first; of two as frequent, the one met first (the map keeps that order)
        List<Reason> reasons = new ArrayList<>();
        counts.forEach((line, count) -> reasons.add(new Reason(line, ids.get(line), count)));
        reasons.sort(Comparator.comparingInt(Reason::count).reversed());
        int shown = Math.min(REASONS, reasons.size());
        return new FailureReasons(List.copyOf(reasons.subList(0, shown)), reasons.size() - shown);
    }

    /** The most frequent reasons, at most {@value #REASONS}, most frequent first; empty when no trial failed. */
    public List<Reason> reasons() {
        return shown;
    }

    /** How many more distinct reasons there are than {@link #reasons()} holds. */
    public int otherReasons() {
        return others;
    }

    boolean isEmpty() {
        return shown.isEmpty();
    }

    /** "Why trials failed:" and a line per reason, or "" when none failed. */
    String text() {
        if (isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder("Why trials failed (" + WHERE_ALL + "):\n");
        shown.forEach(r -> sb.append("  ").append(r.trialsText()).append(": ").append(r.line()).append('\n'));
        if (others > 0) {
            sb.append("  and ").append(others).append(" other reason").append(others == 1 ? "" : "s").append('\n');
        }
        return sb.toString();
    }

    /** The same as script-free HTML, or "" when none failed. */
    String html() {
        if (isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder("<div class=\"jnas-failures\" style=\"font:12px/1.6 sans-serif;margin:4px 0\">"
                + "<b>Why trials failed</b> <span style=\"color:#777\">(" + Html.escape(WHERE_ALL) + ")</span><ul style=\"margin:0\">");
        shown.forEach(r -> sb.append("<li>").append(Html.escape(r.trialsText())).append(": <code style=\"color:#c62828\">")
                .append(Html.escape(r.line())).append("</code></li>"));
        if (others > 0) {
            sb.append("<li>and ").append(others).append(" other reason").append(others == 1 ? "" : "s").append("</li>");
        }
        return sb.append("</ul></div>").toString();
    }

    private static String firstLine(String error) {
        // lazily: a stack trace can be long, and the live view reads every failed trial's each redraw
        String line = error.lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse("");
        return line.length() <= CHARACTERS ? line : line.substring(0, CHARACTERS - 1) + "\u2026";
    }
}
