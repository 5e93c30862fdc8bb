package org.jnas.nas.results;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.jnas.nas.trial.Direction;
import org.jnas.nas.trial.TrainingProgress;
import org.jnas.nas.trial.TrialRecord;
import org.jnas.nas.trial.TrialStatus;

/**
 * Where a search stands: trials done out of the budget, running, failed, time elapsed and the best
 * metric so far, whether the results are being kept in the store, and cancelled trials whose code
 * still runs. An immutable snapshot, as a
 * terminal line ({@link #line()}, also its {@code toString()}) and as HTML ({@link #html()}).
 *
 * @param status the experiment's status
 * @param done trials that have ended, whatever the outcome
 * @param total the trial budget; empty when unbounded
 * @param running trials training now
 * @param failed trials that failed
 * @param elapsed time since the experiment started
 * @param best the best final metric so far in the direction, if any
 * @param bestTrial the id of the trial that reached it, if any
 * @param direction whether larger metrics are better
 * @param storeProblem why the results are not kept in the store, when they are not
 *     ({@link ExperimentResults#storeProblem()})
 * @param runawayTrials cancelled trials whose code still runs ({@link ExperimentResults#runawayTrials()})
 * @param skipped architectures ruled out without training ({@link ExperimentResults#skipped()})
 * @param supernetEpochs the epochs a one-shot search's supernet has trained, for a search that
 *     learns architecture probabilities (DARTS and the others but RandomOneShot, whose architectures
 *     are trials): its progress counts these epochs instead of its one trial
 * @param maxSupernetEpochs the epochs that supernet is to train; 0 when progress counts trials
 * @param epochStep the steps the supernet has trained of the epoch it trains now ({@link TrainingProgress})
 * @param epochSteps the steps of that epoch; 0 when no epoch is training or its steps are not known
 * @param trialProgress how far running trials have got in their training, by id, for those that
 *     report it ({@link ExperimentResults#trainingProgress()}); empty when none does
 * @param maxDuration how long the search may run ({@link ExperimentResults#maxDuration()}); empty when unbounded
 */
public record ExperimentProgress(
        ExperimentStatus status,
        int done,
        OptionalLong total,
        int running,
        int failed,
        Duration elapsed,
        OptionalDouble best,
        OptionalLong bestTrial,
        Direction direction,
        Optional<String> storeProblem,
        int runawayTrials,
        long skipped,
        int supernetEpochs,
        int maxSupernetEpochs,
        long epochStep,
        long epochSteps,
        Map<Long, TrainingProgress> trialProgress,
        Optional<Duration> maxDuration) {

    public ExperimentProgress {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(total, "total");
        Objects.requireNonNull(elapsed, "elapsed");
        Objects.requireNonNull(best, "best");
        Objects.requireNonNull(bestTrial, "bestTrial");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(storeProblem, "storeProblem");
        if (runawayTrials < 0) {
            throw new IllegalArgumentException("runawayTrials must be >= 0: " + runawayTrials);
        }
        if (skipped < 0) {
            throw new IllegalArgumentException("skipped must be >= 0: " + skipped);
        }
        if (supernetEpochs < 0 || maxSupernetEpochs < 0) {
            throw new IllegalArgumentException("supernet epochs must be >= 0: " + supernetEpochs + " of " + maxSupernetEpochs);
        }
        if (epochStep < 0 || epochStep > epochSteps) {
            throw new IllegalArgumentException("an epoch's step must be in 0.." + epochSteps + ": " + epochStep);
        }
        Objects.requireNonNull(maxDuration, "maxDuration");
        trialProgress = Collections.unmodifiableMap(new TreeMap<>(Objects.requireNonNull(trialProgress, "trialProgress")));
    }

    /**
     * The progress of these trials.
     *
     * @param status the experiment's status
     * @param records the trials so far
     * @param maxTrials the trial budget, if any
     * @param elapsed time since the experiment started
     * @param direction whether larger metrics are better
     */
    public static ExperimentProgress of(ExperimentStatus status, List<TrialRecord> records, OptionalLong maxTrials,
            Duration elapsed, Direction direction) {
        int done = 0;
        int running = 0;
        int failed = 0;
        for (TrialRecord t : records) {
            if (t.status().isDone()) {
                done++;
            }
            if (t.status() == TrialStatus.RUNNING) {
                running++;
            }
            if (t.status() == TrialStatus.FAILED) {
                failed++;
            }
        }
        Optional<TrialRecord> best = direction.best(records, 1).stream().findFirst();
        return new ExperimentProgress(status, done, maxTrials, running, failed, elapsed,
                best.map(t -> OptionalDouble.of(t.metric().getAsDouble())).orElse(OptionalDouble.empty()),
                best.map(t -> OptionalLong.of(t.id())).orElse(OptionalLong.empty()), direction, Optional.empty(), 0, 0, 0, 0, 0, 0, Map.of(), Optional.empty());
    }

    /** This progress with {@code storeProblem} saying why the results are not kept (empty: they are). */
    public ExperimentProgress withStoreProblem(Optional<String> storeProblem) {
        return new ExperimentProgress(status, done, total, running, failed, elapsed, best, bestTrial, direction,
                storeProblem, runawayTrials, skipped, supernetEpochs, maxSupernetEpochs, epochStep, epochSteps, trialProgress, maxDuration);
    }

    /** This progress with {@code runawayTrials} cancelled trials whose code still runs. */
    public ExperimentProgress withRunawayTrials(int runawayTrials) {
        return new ExperimentProgress(status, done, total, running, failed, elapsed, best, bestTrial, direction,
                storeProblem, runawayTrials, skipped, supernetEpochs, maxSupernetEpochs, epochStep, epochSteps, trialProgress, maxDuration);
    }

    /** This progress with {@code skipped} architectures ruled out without training. */
    public ExperimentProgress withSkipped(long skipped) {
        return new ExperimentProgress(status, done, total, running, failed, elapsed, best, bestTrial, direction,
                storeProblem, runawayTrials, skipped, supernetEpochs, maxSupernetEpochs, epochStep, epochSteps, trialProgress, maxDuration);
    }

    /**
     * This progress counting {@code done} of a one-shot search's {@code max} supernet epochs instead
     * of its trials. While the supernet trains, no trial has a final metric yet; its metric after
     * its latest epoch, {@code latest} (what its final metric will be if it ends there), stands in
     * for the best, so a long search shows a figure before its end.
     */
    public ExperimentProgress withSupernetEpochs(int done, int max, OptionalDouble latest) {
        boolean standIn = best.isEmpty() && latest.isPresent();
        return new ExperimentProgress(status, this.done, total, running, failed, elapsed, standIn ? latest : best,
                bestTrial, direction, storeProblem, runawayTrials, skipped, done, max, 0, 0, Map.of(), maxDuration);
    }

    /**
     * This progress of a supernet's epochs ({@link #withSupernetEpochs}) with {@code step} of the
     * {@code steps} of the epoch it trains now done: the bar moves within a long epoch, and the line
     * says e.g. {@code 3/12 supernet epochs (epoch 4: 37/64 steps)}.
     */
    public ExperimentProgress withEpochSteps(long step, long steps) {
        return new ExperimentProgress(status, done, total, running, failed, elapsed, best, bestTrial, direction,
                storeProblem, runawayTrials, skipped, supernetEpochs, maxSupernetEpochs, step, steps, trialProgress, maxDuration);
    }

    /**
     * This progress with how far the running trials that report it have got in their training, by
     * id: the bar counts each one's share of its epochs as done, and the line names them, e.g.
     * {@code running 2 (trial 7 epoch 2/5 37%, trial 8 epoch 1/5 4%)}.
     */
    public ExperimentProgress withTrialProgress(Map<Long, TrainingProgress> trialProgress) {
        return new ExperimentProgress(status, done, total, running, failed, elapsed, best, bestTrial, direction,
                storeProblem, runawayTrials, skipped, supernetEpochs, maxSupernetEpochs, epochStep, epochSteps, trialProgress, maxDuration);
    }

    /**
     * This progress of a search that may run for {@code maxDuration} (empty: no limit): the bar
     * shows the time gone when that is further than the trials or epochs done, since the search ends
     * at whichever limit comes first, and the line says e.g. {@code 0:42 of 5:00}.
     */
    public ExperimentProgress withMaxDuration(Optional<Duration> maxDuration) {
        return new ExperimentProgress(status, done, total, running, failed, elapsed, best, bestTrial, direction,
                storeProblem, runawayTrials, skipped, supernetEpochs, maxSupernetEpochs, epochStep, epochSteps, trialProgress, maxDuration);
    }

    /** Whether this progress counts a one-shot search's supernet epochs ({@link #withSupernetEpochs}) rather than trials. */
    public boolean countsSupernetEpochs() {
        return maxSupernetEpochs > 0;
    }

    /**
     * How near the search is to its end (0..1): the fraction of its budget done (trials, or a
     * supernet's epochs) or of its {@link #maxDuration} gone, whichever is further, and 1 once it
     * is DONE (a space smaller than the budget ends early); NaN when it has neither limit.
     */
    public double fraction() {
        double budget = budgetFraction();
        double f = maxDuration.isEmpty() ? budget
                : Math.max(Double.isNaN(budget) ? 0 : budget,
                        Math.min(1.0, elapsed.toMillis() / (double) Math.max(1, maxDuration.get().toMillis())));
        return status == ExperimentStatus.DONE && !Double.isNaN(f) ? 1.0 : f;
    }

    private double budgetFraction() {
        if (countsSupernetEpochs()) {
            double inEpoch = epochSteps > 0 ? epochStep / (double) epochSteps : 0;
            return Math.min(1.0, (supernetEpochs + inEpoch) / maxSupernetEpochs);
        }
        if (total.isEmpty() || total.getAsLong() <= 0) {
            return Double.NaN;
        }
        double training = trialProgress.values().stream().mapToDouble(TrainingProgress::fraction).sum();
        return Math.min(1.0, (done + training) / total.getAsLong());
    }

    /** The time elapsed, e.g. {@code 0:42}, and the limit, e.g. {@code 0:42 of 5:00}, when there is one. */
    private String clock() {
        return Html.clock(elapsed.toSeconds()) + maxDuration.map(d -> " of " + Html.clock(d.toSeconds())).orElse("");
    }

    /** E.g. {@code running 2 (trial 7 epoch 2/5 37%, trial 8 epoch 1/5 4%)}: the first few that report progress. */
    private String runningText() {
        if (trialProgress.isEmpty()) {
            return "running " + running;
        }
        StringBuilder sb = new StringBuilder("running ").append(running).append(" (");
        int named = 0;
        for (Map.Entry<Long, TrainingProgress> e : trialProgress.entrySet()) {
            if (named == NAMED_RUNNING) {
                sb.append(", +").append(trialProgress.size() - named).append(" more");
                break;
            }
            sb.append(named++ == 0 ? "" : ", ").append("trial ").append(e.getKey()).append(' ').append(e.getValue().describe());
        }
        return sb.append(')').toString();
    }

    private String count() {
        if (countsSupernetEpochs()) {
            return supernetEpochs + "/" + maxSupernetEpochs + " supernet epochs"
                    + (epochSteps > 0 ? " (epoch " + (supernetEpochs + 1) + ": " + epochStep + "/" + epochSteps + " steps)" : "");
        }
        return total.isEmpty() ? done + " trials" : done + "/" + total.getAsLong() + " trials";
    }
    private String bestText() {
        if (best.isEmpty()) {
            return "-";
        }
        // a supernet's metric before it ends is its latest epoch's: it has no trial's final to name
        return Html.number(best.getAsDouble()) + (bestTrial.isPresent() ? " (trial " + bestTrial.getAsLong() + ")"
                : " (epoch " + supernetEpochs + ")");
    }

    /** {@link #line(int)} with a 24-character bar. */
    public String line() {
        return line(24);
    }

    /**
     * One terminal line, e.g. {@code [##########..............] 12/30 trials  running 2  failed 1
     * best 0.9812 (trial 7)  0:42  RUNNING} (with e.g. {@code running 2 (trial 13 epoch 2/3 41%, trial 14
     * epoch 1/3 5%)} when running trials report their training's progress; a one-shot search's begins e.g. {@code [######..................]
     * 3/12 supernet epochs}; with e.g. {@code 0:42 of 5:00} when the search may run 5 minutes; with e.g. {@code skipped 9} after {@code failed} when a
     * constraint ruled architectures out), followed by e.g. {@code   results not kept: database
     * locked by another process} when they are not, and e.g. {@code   code of 1 cancelled trial still
     * runs} when a cancelled trial's code ignored its stop. No control characters: print it with
     * {@code \r} in front to redraw in place.
     *
     * @param barWidth characters inside the brackets (0 for no bar); a search with neither a trial
     *     budget nor a {@link #maxDuration} has no bar
     */
    public String line(int barWidth) {
        StringBuilder sb = new StringBuilder();
        // a search without a limit has no end to measure against: no bar, as in the HTML
        if (barWidth > 0 && !Double.isNaN(fraction())) {
            int filled = (int) Math.round(fraction() * barWidth);
            sb.append('[').append("#".repeat(filled)).append(".".repeat(barWidth - filled)).append("] ");
        }
        sb.append(count()).append("  ").append(runningText()).append("  failed ").append(failed);
        if (skipped > 0) {
            sb.append("  skipped ").append(skipped);
        }
        sb.append("  best ").append(bestText()).append("  ").append(clock());
        sb.append("  ").append(status);
        storeProblem.ifPresent(why -> sb.append("  ").append(notKept(why)));
        if (runawayTrials > 0) {
            sb.append("  ").append(runaway());
        }
        return sb.toString();
    }

    /** An HTML snippet: a progress bar (plain HTML, no script) and the figures beside it. */
    public String html() {
        double f = fraction();
        String pct = Double.isNaN(f) ? "" : String.format(Locale.ROOT, "%.1f", 100 * f);
        StringBuilder sb = new StringBuilder("<div class=\"jnas-progress\" style=\"font:13px/1.6 sans-serif;margin:4px 0\">");
        if (!pct.isEmpty()) {
            sb.append("<div style=\"display:inline-block;vertical-align:middle;width:200px;height:10px;background:#e0e0e0;"
                    + "border-radius:5px;overflow:hidden;margin-right:8px\"><div style=\"width:").append(pct)
                    .append("%;height:100%;background:#43a047\"></div></div>");
        }
        sb.append("<b>").append(Html.escape(count())).append("</b>");
        sb.append(" &middot; ").append(Html.escape(runningText()));
        sb.append(" &middot; failed ").append(failed);
        if (skipped > 0) {
            sb.append(" &middot; <span class=\"jnas-skipped\" title=\"").append(Html.escape(SKIPPED_HINT))
                    .append("\">skipped ").append(skipped).append("</span>");
        }
        sb.append(" &middot; best ").append(Html.escape(bestText()))
                .append(" <span style=\"color:#777\">(").append(direction == Direction.MAXIMIZE ? "max" : "min").append(")</span>");
        sb.append(" &middot; elapsed ").append(clock());
        sb.append(" &middot; <span class=\"jnas-status\">").append(status).append("</span>");
        storeProblem.ifPresent(why -> sb.append(" &middot; <span class=\"jnas-store-problem\" style=\"color:#c62828;"
                + "font-weight:bold\">").append(Html.escape(notKept(why))).append("</span>"));
        if (runawayTrials > 0) {
            sb.append(" &middot; <span class=\"jnas-runaway\" style=\"color:#c62828;font-weight:bold\" title=\"")
                    .append(Html.escape(RUNAWAY_HINT)).append("\">").append(Html.escape(runaway())).append("</span>");
        }
        sb.append("</div>");
        return sb.toString();
    }

    /** How many running trials' progress the line names; a search may run many at once. */
    private static final int NAMED_RUNNING = 3;

    private static final String SKIPPED_HINT = "architectures that break the search's constraint: never trained,"
            + " not counted as trials";

    private static final String RUNAWAY_HINT = "these trials ignored their stop and their interrupt: only code"
            + " defined in a notebook cell can be stopped; their errors name their threads";

    private String runaway() {
        return "code of " + runawayTrials + " cancelled trial" + (runawayTrials == 1 ? "" : "s") + " still runs";
    }

    private static String notKept(String why) {
        return "results not kept: " + why.replaceAll("\\s+", " ");
    }

    /** The terminal line. */
    @Override
    public String toString() {
        return line();
    }
}
