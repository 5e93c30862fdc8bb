package org.jnas.nas.oneshot;

import ai.djl.Model;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Path;
import java.util.Objects;
import org.jnas.nas.data.TrainTestData;
import org.jnas.nas.evaluator.SupervisedEvaluator;
import org.jnas.nas.space.ModelSpace;
import org.jnas.nas.space.Sample;
import org.jnas.nas.space.SearchSpace;
import org.jnas.nas.strategy.Capacity;
import org.jnas.nas.strategy.Proposal;
import org.jnas.nas.strategy.Strategy;
import org.jnas.nas.strategy.StrategyState;
import org.jnas.nas.strategy.TrialOutcome;
import org.jnas.nas.trial.Direction;
import org.jnas.nas.trial.TrialEvaluator;
import org.jnas.nas.trial.TrialStatus;

/**
 * A one-shot search as the strategy of an experiment:
 * {@code Experiment.create(space, evaluator, OneShot.darts().epochs(4))} trains one supernet of
 * the space in the background like any search ({@code start()}, {@code stop()}, the live view, the
 * store, the dashboard, {@code resume}).
 *
 * <p>The experiment runs the supernet's training as one trial, whose intermediate result per
 * epoch is the supernet's loss and accuracy on the architecture part of the training data plus
 * the architecture probabilities ({@code prob/<label>/<candidate>}); a stopped search's next trial,
 * after a resume, continues from the checkpoint of the last completed epoch. The evaluator, one of
 * the built-in ones ({@link SupervisedEvaluator}), gives the data, the batch size and the loss; the
 * strategy the one-shot settings, as {@link OneShotSearch}'s.
 */
public final class OneShot implements Strategy {
    private final OneShotSearch.Kind kind;
    private int epochs = 10;
    private int warmupEpochs;
    private float weightLearningRate = 0.025f;
    private double architectureLearningRate = 3e-4;
    private double gradientClip = 5;
    private long seed;
    /** Whether a supernet trial has trained every epoch (or failed). */
    private boolean finished;

    private OneShot(OneShotSearch.Kind kind) {
        this.kind = kind;
    }

    /** First-order DARTS, with {@link OneShotSearch#darts}'s defaults. */
    public static OneShot darts() {
        return new OneShot(OneShotSearch.Kind.DARTS);
    }

    /** GumbelDARTS, with {@link OneShotSearch#gumbelDarts}'s defaults. */
    public static OneShot gumbelDarts() {
        return new OneShot(OneShotSearch.Kind.GUMBEL_DARTS);
    }

    /** Epochs over the weight part of the training data (default 10). */
    public OneShot epochs(int epochs) {
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
        }
        this.epochs = epochs;
        return this;
    }

    /** Epochs at the start that train only the weights (default 0). */
    public OneShot warmupEpochs(int warmupEpochs) {
        if (warmupEpochs < 0) {
            throw new IllegalArgumentException("warmupEpochs must be >= 0, got " + warmupEpochs);
        }
        this.warmupEpochs = warmupEpochs;
        return this;
    }

    /** The weights' SGD learning rate (default 0.025). */
    public OneShot weightLearningRate(float learningRate) {
        if (!(learningRate > 0)) {
            throw new IllegalArgumentException("weightLearningRate must be > 0, got " + learningRate);
        }
        this.weightLearningRate = learningRate;
        return this;
    }

    /** The architecture parameters' Adam learning rate (default 3e-4). */
    public OneShot architectureLearningRate(double learningRate) {
        if (!(learningRate > 0)) {
            throw new IllegalArgumentException("architectureLearningRate must be > 0, got " + learningRate);
        }
        this.architectureLearningRate = learningRate;
        return this;
    }

    /** The largest global L2 norm of the weights' gradients; 0 turns clipping off (default 5). */
    public OneShot gradientClip(double maxNorm) {
        if (!(maxNorm >= 0)) {
            throw new IllegalArgumentException("gradientClip must be >= 0, got " + maxNorm);
        }
        this.gradientClip = maxNorm;
        return this;
    }

    /** The epochs each supernet trains. */
    int epochs() {
        return epochs;
    }

    @Override
    public String name() {
        return kind == OneShotSearch.Kind.DARTS ? "DARTS" : "GumbelDARTS";
    }

    @Override
    public void start(SearchSpace space, Direction direction, long seed) {
        this.seed = seed;
        finished = false;
    }

    /**
     * The supernet's trial (its sample is empty: it trains every architecture), one at a time. What
     * runs is asked of the capacity rather than remembered: a trial left unfinished by a crashed
     * process is never told ended to the strategy, and the resumed search must start the next.
     */
    @Override
    public Proposal propose(Capacity capacity) {
        if (finished) {
            return Proposal.EXHAUSTED;
        }
        return capacity.running() > 0 ? Proposal.WAIT : Proposal.of(Sample.empty());
    }

    /**
     * A trial that reported every epoch, or failed, ends the search; one stopped before (the
     * search stopped, the trial over its time) leaves the rest to the next, which continues from
     * its checkpoint.
     */
    @Override
    public void onTrialEnd(TrialOutcome outcome) {
        finished = outcome.status() == TrialStatus.FAILED || outcome.intermediates().size() >= epochs;
    }

    @Override
    public StrategyState saveState() {
        JsonObject state = new JsonObject();
        state.addProperty("finished", finished);
        return StrategyState.of(state.toString());
    }

    @Override
    public void restoreState(StrategyState state) {
        finished = JsonParser.parseString(state.json()).getAsJsonObject().get("finished").getAsBoolean();
    }

    /**
     * For {@code Experiment}, which calls it at {@code start()}: what the experiment runs as the
     * supernet's trial; checks before any training what would
     * stop it, each an {@link IllegalArgumentException} naming the label or the setting.
     *
     * @param checkpoints the directory of this experiment's supernet checkpoint
     * @throws IllegalArgumentException when {@code evaluator} is not a built-in one, the space has
     *     a construct a supernet cannot follow, or the training data has fewer than 2 examples
     */
    public TrialEvaluator trialEvaluator(ModelSpace space, TrialEvaluator evaluator, Path checkpoints) {
        Objects.requireNonNull(space, "space");
        if (!(evaluator instanceof SupervisedEvaluator supervised)) {
            throw new IllegalArgumentException(name() + " trains a supernet on data it splits into a weight part and an"
                    + " architecture part, and a functional evaluator gives it no data: use"
                    + " ClassificationEvaluator.builder() or RegressionEvaluator.builder()");
        }
        Supernet.build(space, seed); // refuses what a supernet cannot follow, naming the label
        int examples;
        try {
            examples = supervised.trainTestData().train().size();
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalArgumentException("cannot load the evaluator's data: " + e.getMessage(), e);
        }
        if (examples < 2) {
            throw new IllegalArgumentException("the evaluator's training data (setData, optTrainSubset) has " + examples
                    + " example(s); " + name() + " splits it into a weight part and an architecture part, so it needs"
                    + " at least 2");
        }
        return new SupernetTrial(this, space, supervised, new SupernetCheckpoint(checkpoints));
    }

    /**
     * For {@code Experiment.extractSubnet}: architecture {@code sample} of {@code space} with the weights the supernet checkpointed in
     * {@code checkpoints} learned for it (for fine-tuning), in a model on the CPU; close it.
     *
     * @throws IllegalArgumentException when {@code sample} is not an architecture of the space
     * @throws IllegalStateException when there is no checkpoint (no epoch completed)
     */
    public Model extractSubnet(ModelSpace space, Path checkpoints, Sample sample) {
        return Subnets.extract(space, seed, new SupernetCheckpoint(checkpoints), sample);
    }

    /** A search of {@code space} on {@code data} with this strategy's settings. */
    OneShotSearch search(ModelSpace space, TrainTestData data) {
        OneShotSearch search = kind == OneShotSearch.Kind.DARTS ? OneShotSearch.darts(space, data)
                : OneShotSearch.gumbelDarts(space, data);
        return search.epochs(epochs).warmupEpochs(warmupEpochs).weightLearningRate(weightLearningRate)
                .architectureLearningRate(architectureLearningRate).gradientClip(gradientClip).seed(seed);
    }
}
