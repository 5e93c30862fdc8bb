package org.jnas.nas.results;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.jnas.nas.trial.TrainingProgress;
import org.jnas.nas.trial.TrialRecord;
import org.jnas.nas.trial.TrialStatus;

/**
 * The whole picture of a search as one HTML fragment, for the notebook kernel and the dashboard
 * alike, and as text. The live view is cheap enough to redraw every second while trials run
 * (progress, a script-free table and why trials failed); the full view adds the charts and is meant for the final
 * update and for stored experiments. Each view reads the trials once. Past
 * {@value TrialDigest#EVERY_TRIAL_UP_TO} trials every view shows a {@link TrialDigest} and the
 * charts aggregate, so that what a notebook keeps stays the same size however long a search runs.
 */
final class Views {
    /** How many of a one-shot search's most likely architectures the views rank. */
    static final int RANKED = 10;

    private Views() {}

    /** The progress of {@code results} from {@code trials}, a snapshot of its trials. */
    static ExperimentProgress progress(ExperimentResults results, List<TrialRecord> trials) {
        return progress(results, trials, ArchitectureRanking.of(trials, results.choices()), trainingNow(results, trials));
    }

    /**
     * The progress of {@code results} from {@code trials}, whose one-shot ranking is {@code ranking}
     * and whose running trials' training has got as far as {@code training}.
     */
    private static ExperimentProgress progress(ExperimentResults results, List<TrialRecord> trials,
            ArchitectureRanking ranking, Map<Long, TrainingProgress> training) {
        ExperimentProgress progress = ExperimentProgress.of(results.status(), trials, results.maxTrials(), results.elapsed(),
                        results.direction())
                .withStoreProblem(results.storeProblem()).withRunawayTrials(results.runawayTrials())
                .withSkipped(results.skipped()).withTrialProgress(training).withMaxDuration(results.maxDuration());
        // a search that learns probabilities is one supernet trial: how far it is, is its epochs
        // (RandomOneShot's architectures are trials, so it counts those, as the dashboard does); a
        // running search knows them from the start, a stored one from its epochs
        Optional<TrainingProgress> supernet = results.supernetProgress();
        OptionalInt maxEpochs = supernet.isPresent() ? OptionalInt.of(supernet.get().epochs()) : ranking.maxEpochs();
        if (maxEpochs.isEmpty() || !ranking.scoreName().equals(ArchitectureRanking.PROBABILITY_SCORE)) {
            return progress;
        }
        ExperimentProgress epochs = progress.withSupernetEpochs(ranking.epochCount(), maxEpochs.getAsInt(), ranking.latestMetric());
        // the steps of the epoch after the last reported one, while the supernet's trial trains it
        return supernet.filter(s -> progress.running() > 0 && s.steps() > 0 && s.epoch() == ranking.epochCount())
                .map(s -> epochs.withEpochSteps(s.step(), s.steps())).orElse(epochs);
    }

    /**
     * The training progress of the trials that run in {@code trials}: one that ended since its
     * progress was read is counted as done, and not a second time as training.
     */
    private static Map<Long, TrainingProgress> trainingNow(ExperimentResults results, List<TrialRecord> trials) {
        Map<Long, TrainingProgress> reported = results.trainingProgress();
        if (reported.isEmpty()) {
            return reported;
        }
        Map<Long, TrainingProgress> running = new HashMap<>();
        for (TrialRecord t : trials) {
            TrainingProgress p = reported.get(t.id());
            if (p != null && t.status() == TrialStatus.RUNNING) {
                running.put(t.id(), p);
            }
        }
        return running;
    }

    /**
     * The objectives that no succeeded trial reports: a misspelt metric leaves the Pareto front
     * empty, and NSGA-II without a score, with no other sign.
     */
    private static List<String> missingObjectives(ExperimentResults results, List<TrialRecord> trials) {
        Set<String> reported = new TreeSet<>();
        trials.stream().filter(t -> t.status() == TrialStatus.SUCCEEDED).forEach(t -> reported.addAll(t.finalMetrics().keySet()));
        if (reported.isEmpty()) {
            return List.of();
        }
        return results.objectives().stream().filter(o -> !reported.contains(o.metric()))
                .map(o -> "No succeeded trial reports the objective's metric '" + o.metric()
                        + "', so no trial is on the Pareto front; they report " + String.join(", ", reported))
                .toList();
    }

    /** Why the search ended (nothing while it runs or when not known) and the missing objectives, under the progress. */
    private static String notesHtml(ExperimentResults results, List<TrialRecord> trials) {
        List<String> notes = new ArrayList<>();
        if (!results.endReason().isEmpty()) {
            notes.add("Ended: " + results.endReason());
        }
        notes.addAll(missingObjectives(results, trials));
        StringBuilder sb = new StringBuilder();
        for (String note : notes) {
            sb.append("<div class=\"jnas-note\" style=\"font:13px sans-serif;color:#555;margin:0 0 4px\">")
                    .append(Html.escape(note)).append("</div>");
        }
        return sb.toString();
    }

    /** Progress and the trial table (best first, no script), for frequent in-place updates. */
    static String live(ExperimentResults results) {
        List<TrialRecord> trials = results.trials();
        Map<Long, TrainingProgress> training = trainingNow(results, trials);
        TrialDigest digest = TrialDigest.of(trials, results.choices(), results.direction(), results.objectives(), training);
        ArchitectureRanking ranking = ArchitectureRanking.of(trials, results.choices());
        return "<div class=\"jnas-view\">" + progress(results, trials, ranking, training).html() + notesHtml(results, trials)
                + digest.html(false)
                + FailureReasons.of(trials).html() + oneShot(results, ranking) + "</div>";
    }

    /**
     * Progress, the trial table and the charts (final metric per trial, intermediate curves, the
     * first objective against the second with the Pareto front in a multi-objective search, metric
     * by choice) as inline SVG; charts without data are left out.
     *
     * @param sortable add the table's inline sorting script (leave it out for nbconvert and
     *     untrusted notebooks, which drop scripts)
     */
    static String full(ExperimentResults results, boolean sortable) {
        List<TrialRecord> records = results.trials();
        Map<Long, TrainingProgress> training = trainingNow(results, records);
        TrialDigest digest = TrialDigest.of(records, results.choices(), results.direction(), results.objectives(), training);
        StringBuilder sb = new StringBuilder("<div class=\"jnas-view\">");
        ArchitectureRanking ranking = ArchitectureRanking.of(records, results.choices());
        sb.append(progress(results, records, ranking, training).html()).append(notesHtml(results, records));
        sb.append(digest.html(sortable));
        sb.append(FailureReasons.of(records).html());
        sb.append(oneShot(results, ranking));
        boolean anyMetric = records.stream().anyMatch(t -> t.metric().isPresent());
        boolean anyIntermediate = records.stream().anyMatch(t -> !t.intermediates().isEmpty());
        if (anyMetric || anyIntermediate) {
            sb.append("<div class=\"jnas-charts\" style=\"display:flex;flex-wrap:wrap;gap:8px;margin-top:8px\">");
            if (anyMetric) {
                sb.append("<div>").append(TrialCharts.metricPerTrial(records, results.direction()).svg()).append("</div>");
            }
            if (anyIntermediate) {
                sb.append("<div>").append(TrialCharts.intermediateCurves(records, results.direction()).svg()).append("</div>");
            }
            if (anyMetric && results.objectives().size() >= 2) {
                sb.append("<div>").append(Chart.pareto(results, results.objectives().get(0).metric(),
                        results.objectives().get(1).metric()).svg()).append("</div>");
            }
            if (anyMetric && !results.choices().isEmpty()) {
                sb.append("<div>").append(TrialCharts.metricByChoice(records, results.choices(), results.direction()).svg())
                        .append("</div>");
            }
            sb.append("</div>");
        }
        sb.append("</div>");
        return sb.toString();
    }

    /** The progress line and the trial table as text, best first. */
    static String text(ExperimentResults results) {
        List<TrialRecord> trials = results.trials();
        ArchitectureRanking ranking = ArchitectureRanking.of(trials, results.choices());
        FailureReasons failures = FailureReasons.of(trials);
        Map<Long, TrainingProgress> training = trainingNow(results, trials);
        String ended = results.endReason().isEmpty() ? "" : " (" + results.endReason() + ")";
        String objectives = missingObjectives(results, trials).stream().map(n -> "\n" + n).collect(Collectors.joining());
        return progress(results, trials, ranking, training).line() + ended + objectives + "\n\n"
                + TrialDigest.of(trials, results.choices(), results.direction(), results.objectives(), training).text()
                + (failures.isEmpty() ? "" : "\n" + failures.text())
                + (ranking.isEmpty() ? "" : "\n" + ranking.text(RANKED));
    }

    /**
     * A one-shot search's supernet per epoch, its architecture probabilities as a chart and its
     * most likely architectures; nothing for a multi-trial search. Its size grows with the epochs
     * and labels only, and it changes once an epoch, so the live view carries the chart too.
     */
    private static String oneShot(ExperimentResults results, ArchitectureRanking ranking) {
        if (ranking.isEmpty()) {
            return "";
        }
        // RandomOneShot learns no probabilities: its ranking is by inherited-weight accuracy, with no chart
        return ranking.html(RANKED) + (ranking.probabilities().isEmpty() ? ""
                : "<div>" + ProbabilityChart.of(ranking, results.choices()).svg() + "</div>");
    }
}
