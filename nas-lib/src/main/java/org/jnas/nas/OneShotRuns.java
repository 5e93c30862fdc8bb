package org.jnas.nas;

import ai.djl.Model;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.jnas.nas.internal.store.ExperimentStore;
import org.jnas.nas.oneshot.OneShot;
import org.jnas.nas.results.ArchitectureRanking;
import org.jnas.nas.space.ModelSpace;
import org.jnas.nas.space.Sample;
import org.jnas.nas.trial.TrainingProgress;
import org.jnas.nas.trial.TrialEvaluator;

/**
 * What differs when an experiment's strategy is a one-shot search: its one trial trains the
 * supernet (built by the strategy, not from the trial's empty sample), its checkpoint lives in a
 * directory of the experiment's own, and what it exports comes from the supernet: a subnet with
 * inherited weights, or its ranking retrained from scratch.
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
            return new ProfiledEvaluator(exp.evaluator(), exp.builder(), exp.config());
        }
        return oneShot.trialEvaluator(modelSpace(exp), exp.evaluator(), checkpoints(exp));
    }

    /** See {@link Experiment#supernetProgress()}. */
    static Optional<TrainingProgress> supernetProgress(Experiment exp) {
        return exp.strategy() instanceof OneShot oneShot ? oneShot.supernetProgress() : Optional.empty();
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

    static Model extractSubnet(Experiment exp, Sample sample) {
        if (!(exp.strategy() instanceof OneShot oneShot)) {
            throw new IllegalStateException("extractSubnet takes an architecture out of a supernet, and "
                    + exp.strategyName() + " trains none: use loadModel(trialId) with keepTopWeights");
        }
        return oneShot.extractSubnet(modelSpace(exp), checkpoints(exp), sample);
    }

    /** See {@link Experiment#retrainTop}. */
    static Experiment retrainTop(Experiment exp, int k, TrialEvaluator evaluator) {
        List<ArchitectureRanking.Entry> top = ArchitectureRanking.of(exp).top(k);
        if (top.isEmpty()) {
            throw new IllegalStateException("experiment " + exp.id() + " has no one-shot ranking to retrain from: its"
                    + " strategy is " + exp.strategyName() + (exp.strategy() instanceof OneShot ? " and no epoch has completed" : ""));
        }
        Experiment retrain = Experiment.create(modelSpace(exp), evaluator,
                new RankedSamples(exp.id(), top.stream().map(ArchitectureRanking.Entry::sample).toList()));
        ExperimentConfig c = exp.config();
        retrain.config().name(c.name() + "_retrain").maxTrials(top.size()).devicePolicy(c.devicePolicy());
        c.home().ifPresent(retrain.config()::home);
        return retrain;
    }

    /** {@code <directory>/supernet} when the configuration has a directory, else {@code <home>/supernets/<id>}. */
    static Path checkpoints(Experiment exp) {
        ExperimentConfig c = exp.config();
        return c.directory().map(d -> d.resolve("supernet"))
                .orElseGet(() -> c.home().orElseGet(ExperimentStore::defaultHome).resolve("supernets").resolve(exp.id()));
    }
}
