package org.jnas.nas;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.jnas.nas.cluster.SlurmBackend;
import org.jnas.nas.evaluator.SupervisedEvaluator;
import org.jnas.nas.strategy.Nsga2;
import org.jnas.nas.strategy.Strategy;
import org.jnas.nas.trial.Direction;
import org.jnas.nas.trial.Objective;
import org.jnas.nas.trial.TrialEvaluator;

/**
 * The combinations of settings that each setter alone cannot refuse, refused when the experiment
 * starts, before anything is stored or shipped to a cluster, with what to change.
 */
final class StartChecks {
    private StartChecks() {}

    /**
     * Refuses NSGA-II objectives other than the configuration's: the strategy would search for one
     * front while the tables mark another (say a metric maximised by one and minimised by the other).
     */
    static void refuseObjectivesAgainstStrategy(ExperimentConfig config, Strategy strategy) {
        if (!(strategy instanceof Nsga2 nsga2) || config.objectives().isEmpty() || nsga2.objectives().isEmpty()) {
            return;
        }
        if (!directions(nsga2.objectives()).equals(directions(config.objectives()))) {
            throw new IllegalArgumentException("NSGA-II searches for " + nsga2.objectives() + " but the configuration's"
                    + " objectives, whose front the tables mark, are " + config.objectives()
                    + ": give both the same objectives");
        }
    }

    /** Each objective's metric and direction: what NSGA-II and the tables read of them (not a weight). */
    private static Map<String, Direction> directions(List<Objective> objectives) {
        return objectives.stream().collect(Collectors.toMap(Objective::metric, Objective::direction));
    }

    /**
     * Refuses a configured direction of the {@code default} metric (its own, or an objective's on
     * {@code default}) that a built-in evaluator contradicts: it knows which way its metric is better,
     * and a regression search told {@code Objective.maximize("default")} (the docs' example, of a
     * classification) would quietly look for the largest error.
     */
    static void refuseGoalAgainstEvaluator(ExperimentConfig config, TrialEvaluator evaluator) {
        if (!(evaluator instanceof SupervisedEvaluator)) {
            return; // a functional evaluator's direction is a default, which the configuration sets
        }
        Direction configured = config.directionOr(evaluator::direction);
        if (configured != evaluator.direction()) {
            throw new IllegalArgumentException("the configuration's " + configured + " of the default metric disagrees with the "
                    + evaluator.getClass().getSimpleName() + ", whose default metric is better "
                    + (evaluator.direction() == Direction.MAXIMIZE ? "larger" : "smaller") + ": use Objective."
                    + evaluator.direction().name().toLowerCase(Locale.ROOT) + "(\"default\")"
                    + " (or leave the direction to the evaluator)");
        }
    }

    /** @throws IllegalStateException or IllegalArgumentException naming the settings that do not go together */
    static void refuseBadCombinations(ExperimentConfig config) {
        if (config.measureLatency().isEmpty()) {
            return;
        }
        if (config.inputShape().isEmpty()) {
            throw new IllegalStateException("measuring latency (measureLatency or latencyLimit) needs the input shape:"
                    + " set config().inputShape(...), e.g. new Shape(1, 1, 28, 28)");
        }
        if (config.backend() instanceof SlurmBackend) {
            throw new IllegalArgumentException("measureLatency and latencyLimit measure on the trial's device, which"
                    + " a Slurm backend does not do yet: unset them (inputShape alone adds params and macs), or use"
                    + " Backends.local()");
        }
    }
}
