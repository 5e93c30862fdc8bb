package org.jnas.nas;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.jnas.nas.trial.Direction;
import org.jnas.nas.trial.Objective;
import org.jnas.nas.trial.TrialRecord;

/**
 * What a search optimises, as configured: the direction of the {@code default} metric, if set, and
 * the objectives of a multi-objective search (empty for one objective). The two must agree on the
 * {@code default} metric; being one value, they are read and replaced together.
 */
record SearchGoal(Optional<Direction> direction, List<Objective> objectives) {
    static final SearchGoal EVALUATORS = new SearchGoal(Optional.empty(), List.of());

    SearchGoal withDirection(Direction d) {
        Objects.requireNonNull(d, "direction");
        checkAgree(d, objectives);
        return new SearchGoal(Optional.of(d), objectives);
    }

    /** @throws IllegalArgumentException when none is given, a metric is named twice, or one disagrees with the direction */
    SearchGoal withObjectives(Objective... objectives) {
        List<Objective> list = List.of(Objects.requireNonNull(objectives, "objectives"));
        Objective.paretoFront(List.of(), list); // checks the list: not empty, no metric twice
        direction.ifPresent(d -> checkAgree(d, list));
        return new SearchGoal(direction, list);
    }

    /** The direction set, else an objective's on the {@code default} metric, else {@code evaluators}. */
    Direction directionOr(Supplier<Direction> evaluators) {
        return direction.or(() -> objectives.stream().filter(o -> o.metric().equals(TrialRecord.DEFAULT_METRIC))
                .map(Objective::direction).findFirst()).orElseGet(evaluators);
    }

    private static void checkAgree(Direction d, List<Objective> objectives) {
        for (Objective o : objectives) {
            if (o.metric().equals(TrialRecord.DEFAULT_METRIC) && o.direction() != d) {
                throw new IllegalArgumentException("direction " + d + " disagrees with the objective " + o.direction()
                        + " on the default metric");
            }
        }
    }
}
