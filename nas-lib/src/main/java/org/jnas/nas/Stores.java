package org.jnas.nas;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jnas.nas.internal.store.ExperimentStore;
import org.jnas.nas.internal.store.StoredExperiment;
import org.jnas.nas.results.ExperimentStatus;
import org.jnas.nas.results.ExperimentSummary;
import org.jnas.nas.space.Choice;
import org.jnas.nas.space.Sample;
import org.jnas.nas.trial.TrialRecord;

/** The store as the facade uses it: opened for one call and closed again. */
final class Stores {
    private Stores() {}

    /** The store under {@code home}, by default the JNAS home. */
    static ExperimentStore open(Optional<Path> home) {
        return home.map(ExperimentStore::open).orElseGet(ExperimentStore::open);
    }

    /** Summaries of the stored experiments, oldest first. */
    static List<ExperimentSummary> list(Optional<Path> home) {
        try (ExperimentStore store = open(home)) {
            return store.list();
        }
    }

    static StoredExperiment load(Optional<Path> home, String id) {
        try (ExperimentStore store = open(home)) {
            return store.load(id);
        }
    }

    /**
     * A stored experiment that may be continued here: not running elsewhere, searched in a space
     * with the same choices as {@code now} and by the strategy named {@code strategyName}.
     */
    static StoredExperiment loadForResume(Optional<Path> home, String id, List<Choice> now, String strategyName) {
        StoredExperiment stored;
        try (ExperimentStore store = open(home)) {
            stored = store.load(id, true);
        }
        if (stored.status() == ExperimentStatus.RUNNING || stored.status() == ExperimentStatus.STOPPING) {
            throw new IllegalStateException("experiment '" + id + "' is still running in another live process;"
                    + " stop it there (or let it end) before resuming it here");
        }
        checkSameChoices(id, stored.info().choices(), now);
        String searchedBy = stored.info().strategyName();
        if (!searchedBy.isEmpty() && !searchedBy.equals(strategyName)) {
            // its saved state (the replayed calls, a supernet's checkpoint) belongs to that strategy
            throw new IllegalArgumentException("experiment '" + id + "' was searched by " + searchedBy
                    + ", not " + strategyName + ": resume it with the strategy it was searched by, built the"
                    + " same way (a one-shot search may change its epochs), or search with " + strategyName
                    + " in a new experiment");
        }
        Map<String, Choice> choices = byLabel(now);
        return new StoredExperiment(stored.info(), stored.status(), stored.created(), stored.ended(),
                stored.strategyState(), stored.strategyCalls(),
                stored.trials().stream().map(t -> inCandidates(t, choices)).toList());
    }

    /**
     * {@code trial} with each value of its sample replaced by the candidate it equals: JSON read an
     * enum back as its name and a {@code Shape} as a map, which the resumed experiment's tables and
     * exports would show beside the new trials' own values.
     */
    private static TrialRecord inCandidates(TrialRecord trial, Map<String, Choice> choices) {
        Map<String, Object> values = new LinkedHashMap<>();
        trial.sample().values().forEach((label, value) -> {
            Choice choice = choices.get(label);
            int i = choice == null ? -1 : choice.indexOf(value);
            values.put(label, i < 0 ? value : choice.candidates().get(i));
        });
        return new TrialRecord(trial.id(), Sample.of(values), trial.status(), trial.device(), trial.submitted(),
                trial.started(), trial.ended(), trial.intermediates(), trial.finalMetrics(), trial.error(), trial.log());
    }

    /**
     * Throws unless both lists hold the same choices in the same order, naming by label each choice
     * that changed, those the searched space had and {@code now} lacks, and those it adds.
     */
    static void checkSameChoices(String id, List<Choice> stored, List<Choice> now) {
        Map<String, Choice> searched = byLabel(stored);
        Map<String, Choice> given = byLabel(now);
        List<String> problems = new ArrayList<>();
        for (Choice a : stored) {
            Choice b = given.get(a.label());
            if (b != null && !a.sameAs(b)) {
                problems.add("choice '" + a.label() + "' was " + a.kind() + " " + a.candidates() + " and is now "
                        + b.kind() + " " + b.candidates());
            }
        }
        // by label, not by place: a space of other labels is told which, not that its first differs
        List<String> missing = searched.keySet().stream().filter(l -> !given.containsKey(l)).map(l -> "'" + l + "'").toList();
        List<String> added = given.keySet().stream().filter(l -> !searched.containsKey(l)).map(l -> "'" + l + "'").toList();
        if (!missing.isEmpty()) {
            problems.add("its choice" + (missing.size() == 1 ? " " : "s ") + String.join(", ", missing) + " not in this space");
        }
        if (!added.isEmpty()) {
            problems.add("this space's choice" + (added.size() == 1 ? " " : "s ") + String.join(", ", added) + " not in it");
        }
        if (problems.isEmpty() && !List.copyOf(searched.keySet()).equals(List.copyOf(given.keySet()))) {
            problems.add("its choices came in the order " + searched.keySet() + ", this space's in " + given.keySet());
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("the space does not match stored experiment '" + id + "': "
                    + String.join("; ", problems) + "; resume with the space the experiment searched");
        }
    }

    private static Map<String, Choice> byLabel(List<Choice> choices) {
        Map<String, Choice> byLabel = new LinkedHashMap<>();
        choices.forEach(c -> byLabel.put(c.label(), c));
        return byLabel;
    }
}
