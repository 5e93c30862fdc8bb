package org.jnas.nas.results;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import org.jnas.nas.trial.Direction;

/**
 * One stored experiment at a glance: a line of {@code Experiment.list()} and of the dashboard's
 * list of experiments.
 *
 * @param id the experiment's id (what {@code Experiment.view} and {@code resume} take)
 * @param name the user's name for it
 * @param status its status; RUNNING in the store but without a live process reads CRASHED
 * @param created when it was created
 * @param ended when it ended, once it did
 * @param spaceName the model space's name
 * @param strategyName the strategy's name
 * @param direction whether larger metrics are better
 * @param trials how many trials are stored
 * @param succeeded how many succeeded
 * @param failed how many failed
 * @param running how many were running (at the crash, for a crashed experiment)
 * @param bestMetric the best final default metric in the direction, if any
 */
public record ExperimentSummary(
        String id,
        String name,
        ExperimentStatus status,
        Instant created,
        Optional<Instant> ended,
        String spaceName,
        String strategyName,
        Direction direction,
        int trials,
        int succeeded,
        int failed,
        int running,
        OptionalDouble bestMetric) {

    public ExperimentSummary {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(ended, "ended");
        Objects.requireNonNull(spaceName, "spaceName");
        Objects.requireNonNull(strategyName, "strategyName");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(bestMetric, "bestMetric");
    }

    /** One readable line: id, name, status, trials and best metric. */
    @Override
    public String toString() {
        String best = bestMetric.isPresent() ? Html.number(bestMetric.getAsDouble()) : "-";
        return String.format(Locale.ROOT, "%s  %-20s %-8s %s  trials %d (ok %d, failed %d)  best %s",
                id, name, status, created, trials, succeeded, failed, best);
    }
}
