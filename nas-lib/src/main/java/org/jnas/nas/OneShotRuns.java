package org.jnas.nas;

import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import java.nio.file.Path;
import java.util.function.Function;
import org.jnas.nas.internal.store.ExperimentStore;
import org.jnas.nas.oneshot.OneShot;
import org.jnas.nas.space.ModelSpace;
import org.jnas.nas.space.Sample;
import org.jnas.nas.trial.TrialEvaluator;

/**
 * What differs when an experiment's strategy is a one-shot search: its one trial trains the
 * supernet (built by the strategy, not from the trial's empty sample), and its checkpoint lives in
 * a directory of the experiment's own.
 */
final class OneShotRuns {
    private OneShotRuns() {
    }

    /**
     * What the experiment's trials run: the supernet's training for a one-shot strategy (checked
     * now, before anything is stored), else the evaluator with each trial's profile.
     */
    static TrialEvaluator trialEvaluator(Experiment exp) {
        if (!(exp.strategy() instanceof OneShot oneShot)) {
            return new ProfiledEvaluator(exp.evaluator(), exp.builder(), exp.config()::inputShape);
        }
        return oneShot.trialEvaluator(modelSpace(exp), exp.evaluator(), checkpoints(exp));
    }

    /** The blocks the experiment's trials get: none worth building for the supernet's trial. */
    static Function<Sample, Block> trialBuilder(Experiment exp) {
        return exp.strategy() instanceof OneShot ? sample -> new SequentialBlock() : exp.builder();
    }

    static ModelSpace modelSpace(Experiment exp) {
        if (!(exp.space() instanceof ModelSpace space)) {
            throw new IllegalArgumentException(exp.strategyName() + " builds a supernet of a ModelSpace; this experiment's"
                    + " space is a " + exp.space().getClass().getSimpleName() + ": use Experiment.create(ModelSpace, ...)");
        }
        return space;
    }

    /** {@code <directory>/supernet} when the configuration has a directory, else {@code <home>/supernets/<id>}. */
    static Path checkpoints(Experiment exp) {
        ExperimentConfig c = exp.config();
        return c.directory().map(d -> d.resolve("supernet"))
                .orElseGet(() -> c.home().orElseGet(ExperimentStore::defaultHome).resolve("supernets").resolve(exp.id()));
    }
}
