package org.jnas.nas.ui;

import java.time.Instant;
import java.util.Objects;
import java.util.OptionalDouble;
import org.jnas.nas.trial.Direction;
import org.jnas.nas.results.ExperimentStatus;

/**
 * One line of the list of stored experiments.
 *
 * @param id the experiment's id
 * @param name its name
 * @param status its status as stored (CRASHED when its process died while it ran)
 * @param direction whether larger or smaller metrics are better
 * @param trials the number of trials stored
 * @param succeeded how many of them succeeded
 * @param bestMetric the best final metric, or empty when no trial succeeded
 * @param started when it started, or null before it started
 * @param ended when it ended, or null while it runs (or when it crashed)
 */
public record ExperimentSummary(
        String id,
        String name,
        ExperimentStatus status,
        Direction direction,
        long trials,
        long succeeded,
        OptionalDouble bestMetric,
        Instant started,
        Instant ended) {

    public ExperimentSummary {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(bestMetric, "bestMetric");
    }
}
