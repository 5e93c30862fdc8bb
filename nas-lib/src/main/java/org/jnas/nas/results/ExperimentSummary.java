package org.jnas.nas.results;

import java.time.Instant;
import java.util.OptionalDouble;
import org.jnas.nas.trial.Direction;
import org.jnas.nas.internal.store.ExperimentStore;

/**
 * One line of {@link ExperimentStore#list()}.
 *
 * @param id the experiment's id (what {@code view} and {@code resume} take)
 * @param name the user's name for it
 * @param status its status; RUNNING in the file but without a live process reads CRASHED
 * @param created when it was created
 * @param ended when it ended, or null
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
        Instant ended,
        String spaceName,
        String strategyName,
        Direction direction,
        int trials,
        int succeeded,
        int failed,
        int running,
        OptionalDouble bestMetric) {

    /** One readable line: id, name, status, trials and best metric. */
    @Override
    public String toString() {
        String best = bestMetric.isPresent() ? String.format("%.4f", bestMetric.getAsDouble()) : "-";
        return String.format("%s  %-20s %-8s %s  trials %d (ok %d, failed %d)  best %s",
                id, name, status, created, trials, succeeded, failed, best);
    }
}
