package org.jnas.nas.results;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import org.jnas.nas.space.Choice;
import org.jnas.nas.trial.Direction;
import org.jnas.nas.trial.Objective;
import org.jnas.nas.trial.TrainingProgress;
import org.jnas.nas.trial.TrialRecord;
import org.jnas.nas.trial.TrialStatus;

/**
 * What the views show of a search's trials: every trial while there are few, else a digest whose
 * size does not grow with the search (the counts by status, the best trials, the running ones, and
 * how to get them all). A notebook keeps every output it was sent, and a live view is redrawn every
 * second: a table of every trial would make both grow without bound.
 */
final class TrialDigest {
    /** Up to this many trials the views show every one of them: each row, each point, each curve. */
    static final int EVERY_TRIAL_UP_TO = 100;
    /** Beyond it, the table shows this many best trials... */
    static final int BEST_SHOWN = 20;
    /** ...and at most this many running ones (the latest)... */
    static final int RUNNING_SHOWN = 20;
    /** ...and, in a multi-objective search, at most this many Pareto-optimal ones not among the best. */
    static final int PARETO_SHOWN = 20;

    private final List<TrialRecord> trials;
    private final List<Choice> choices;
    private final Direction direction;
    /** The ids of the Pareto front of all trials; empty for a single-objective search. */
    private final Optional<Set<Long>> front;
    private final Map<TrialStatus, Integer> counts = new EnumMap<>(TrialStatus.class);
    private final List<TrialRecord> shown;
    private final int best;
    private final int pareto;
    private final int running;
    /** How far each running trial's training has got, by trial id: its status cell says so. */
    private final Map<Long, TrainingProgress> training;

    private TrialDigest(List<TrialRecord> trials, List<Choice> choices, Direction direction, List<Objective> objectives,
            Map<Long, TrainingProgress> training) {
        this.trials = trials;
        this.training = Map.copyOf(training);
        this.choices = choices;
        this.direction = direction;
        List<TrialRecord> frontTrials = objectives.isEmpty() ? List.of() : Objective.paretoFront(trials, objectives);
        Set<Long> frontIds = new HashSet<>();
        frontTrials.forEach(t -> frontIds.add(t.id()));
        this.front = objectives.isEmpty() ? Optional.empty() : Optional.of(frontIds);
        List<TrialRecord> runningNow = new ArrayList<>();
        for (TrialRecord t : trials) {
            counts.merge(t.status(), 1, Integer::sum);
            if (t.status() == TrialStatus.RUNNING) {
                runningNow.add(t);
            }
        }
        if (isLarge()) {
            runningNow.sort((a, b) -> Long.compare(b.id(), a.id()));
            List<TrialRecord> top = direction.best(trials, BEST_SHOWN);
            List<TrialRecord> latest = runningNow.subList(0, Math.min(RUNNING_SHOWN, runningNow.size()));
            this.shown = new ArrayList<>(top);
            // the front in id order, those among the best already shown once
            Set<Long> topIds = new HashSet<>();
            top.forEach(t -> topIds.add(t.id()));
            List<TrialRecord> moreOfFront = frontTrials.stream().filter(t -> !topIds.contains(t.id())).limit(PARETO_SHOWN).toList();
            this.shown.addAll(moreOfFront);
            this.shown.addAll(latest);
            this.best = top.size();
            this.pareto = moreOfFront.size();
            this.running = latest.size();
        } else {
            this.shown = trials;
            this.best = 0;
            this.pareto = 0;
            this.running = 0;
        }
    }

    /**
     * The digest of {@code trials}; with {@code objectives}, the Pareto-optimal trials are marked and
     * shown; a running trial in {@code training} shows the share of its training done in its status.
     */
    static TrialDigest of(List<TrialRecord> trials, List<Choice> choices, Direction direction, List<Objective> objectives,
            Map<Long, TrainingProgress> training) {
        return new TrialDigest(trials, choices, direction, objectives, training);
    }

    /** Whether there are too many trials to show each: the views then show the digest. */
    boolean isLarge() {
        return isLarge(trials.size());
    }

    /** Whether a search of {@code trials} trials gets the digest, and its charts aggregate. */
    static boolean isLarge(int trials) {
        return trials > EVERY_TRIAL_UP_TO;
    }

    /** The table of the trials shown: all of them, or the best and the running ones. */
    private TrialTable table() {
        return TrialTable.create(shown, choices, direction, front);
    }

    /** The script-free HTML of the trials shown: the table, and for a large search what it leaves out. */
    String html(boolean sortable) {
        TrialTable table = table();
        String rows = table.html(sortable, training);
        if (!isLarge()) {
            return rows;
        }
        return "<div class=\"jnas-digest\" style=\"font:13px/1.6 sans-serif;margin:4px 0\">"
                + "<div class=\"jnas-counts\">" + Html.escape(counts(" \u00b7 ")) + "</div>"
                + "<div>" + Html.escape(caption()) + ":</div></div>" + rows
                + "<div class=\"jnas-all-trials\" style=\"font:12px/1.6 sans-serif;color:#555;margin:4px 0\">"
                + Html.escape(whereAll()) + "</div>";
    }

    /** The aligned text of the trials shown, best first, and for a large search what it leaves out. */
    String text() {
        String rows = table().text(training);
        if (!isLarge()) {
            return rows;
        }
        return counts(", ") + "\n" + caption() + ". " + whereAll() + "\n\n" + rows;
    }

    /** E.g. "9,700 succeeded, 200 failed, 92 early stopped, 8 running": the statuses met, in a fixed order. */
    private String counts(String separator) {
        StringJoiner joined = new StringJoiner(separator);
        for (TrialStatus s : List.of(TrialStatus.SUCCEEDED, TrialStatus.FAILED, TrialStatus.EARLY_STOPPED,
                TrialStatus.CANCELLED, TrialStatus.RUNNING, TrialStatus.WAITING)) {
            int n = counts.getOrDefault(s, 0);
            if (n > 0) {
                joined.add(Html.count(n) + " " + s.name().toLowerCase(Locale.ROOT).replace('_', ' '));
            }
        }
        return joined.toString();
    }

    private String caption() {
        String text = "The " + best + " best of " + Html.count(trials.size()) + " trials";
        if (front.isPresent()) {
            int all = front.get().size();
            text += pareto == 0 ? " (" + Html.count(all) + " on the Pareto front, all among them)"
                    : ", then " + (best + pareto == all ? "the " + pareto + " others" : pareto + " more of the " + Html.count(all))
                            + " on the Pareto front";
        }
        if (running > 0) {
            int all = counts.getOrDefault(TrialStatus.RUNNING, 0);
            text += running == all ? ", then the " + running + " running" : ", then the latest " + running + " of " + all + " running";
        }
        return text;
    }

    private String whereAll() {
        return "All " + Html.count(trials.size()) + " trials: table() (a Tablesaw Table), trialTable().writeCsv(path) (CSV),"
                + " or the dashboard.";
    }
}
