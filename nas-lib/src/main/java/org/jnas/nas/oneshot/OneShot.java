package org.jnas.nas.oneshot;

import ai.djl.Model;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jnas.nas.data.TrainTestData;
import org.jnas.nas.evaluator.ClassificationEvaluator;
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
import org.jnas.nas.trial.TrainingProgress;
import org.jnas.nas.trial.TrialEvaluator;
import org.jnas.nas.trial.TrialStatus;

/**
 * A one-shot search as the strategy of an experiment: {@code Experiment.create(space, evaluator,
 * OneShot.darts().epochs(4))} trains one supernet of the space in the background like any search
 * ({@code start()}, {@code stop()}, the live view, the store, the dashboard, {@code resume}).
 *
 * <p>The experiment runs the supernet's training as one trial, whose intermediate result per
 * epoch is the supernet's loss and accuracy on the architecture part of the training data plus
 * the architecture probabilities ({@code prob/<label>/<candidate>}); a stopped search's next trial,
 * after a resume, continues from the checkpoint of the last completed epoch. The evaluator, one of
 * the built-in ones ({@link SupervisedEvaluator}), gives the data, the batch size and the loss; the
 * strategy the one-shot settings, as {@link OneShotSearch}'s.
 *
 * <p>{@link #randomOneShot()} (SPOS) learns no probabilities: after the supernet's trial, each
 * further trial scores one architecture with the supernet's inherited weights (BatchNorm statistics
 * recalculated, no training), proposed by a multi-trial strategy (regularized evolution unless
 * {@link #proposeWith} says otherwise) until {@link #architectures} have been scored.
 */
public final class OneShot implements Strategy {
    private final SearchKind kind;
    private int epochs = 10;
    private int warmupEpochs;
    private float weightLearningRate = 0.025f;
    private double architectureLearningRate = 3e-4;
    private double gradientClip = 5;
    private OneShotSearch.Cost cost;
    private double costWeight;
    private boolean unrolled;
    private boolean lstmController = true;
    private int architectures = 100;
    private Strategy proposer = Strategy.regularizedEvolution().populationSize(20).sampleSize(5);
    private long seed;
    /** Whether a search has started with these settings: then they are fixed, as a multi-trial strategy's. */
    private boolean started;
    /** Whether a supernet trial has trained every epoch (or failed). */
    private boolean finished;
    /** Whether the supernet's trial failed: then there is nothing to score architectures with. */
    private boolean failed;
    /** The epochs the last supernet trial ended with (the checkpoint's). */
    private int epochsDone;
    /** RandomOneShot: architectures proposed for scoring so far. */
    private int proposed;
    /** The step the supernet's trial trains, told from its thread; null until its first. */
    private volatile TrainingProgress progress;

    private OneShot(SearchKind kind) {
        this.kind = kind;
    }

    /** DARTS, first order unless {@link #unrolled}, with {@link OneShotSearch#darts}'s defaults. */
    public static OneShot darts() {
        return new OneShot(SearchKind.DARTS);
    }

    /** GumbelDARTS, with {@link OneShotSearch#gumbelDarts}'s defaults. */
    public static OneShot gumbelDarts() {
        return new OneShot(SearchKind.GUMBEL_DARTS);
    }

    /** GDAS (hard Gumbel-softmax, straight through), with {@link OneShotSearch#gdas}'s defaults. */
    public static OneShot gdas() {
        return new OneShot(SearchKind.GDAS);
    }

    /** Proxyless (binary gates, one sampled path per step), with {@link OneShotSearch#proxyless}'s defaults. */
    public static OneShot proxyless() {
        return new OneShot(SearchKind.PROXYLESS);
    }

    /**
     * ENAS (an LSTM controller over the labels trained by REINFORCE on the accuracy of sampled paths), with
     * {@link OneShotSearch#enas}'s defaults; each epoch reports its mean {@code reward}. For
     * classification.
     */
    public static OneShot enas() {
        return new OneShot(SearchKind.ENAS);
    }

    /**
     * RandomOneShot (SPOS): the supernet trains one uniformly drawn path per step; then a
     * multi-trial search scores {@link #architectures} architectures with its inherited weights,
     * one trial each, whose result is {@code inherited_accuracy}: the fraction of the architecture
     * part of the training data it classifies right. For classification
     * ({@link ClassificationEvaluator}).
     */
    public static OneShot randomOneShot() {
        return new OneShot(SearchKind.RANDOM);
    }

    /**
     * As {@link OneShotSearch#costPenalty}: DARTS, GumbelDARTS, GDAS and Proxyless add the expected
     * cost to the architecture loss, ENAS subtracts the drawn path's from its reward.
     *
     * @throws IllegalStateException on {@link #randomOneShot()}, which learns no architecture
     */
    public OneShot costPenalty(OneShotSearch.Cost cost, double weight) {
        requireNotStarted("costPenalty");
        SettingChecks.requireLearnsArchitecture(kind);
        double checked = SettingChecks.nonNegative("costPenalty weight", weight, true);
        this.cost = Objects.requireNonNull(cost, "cost");
        this.costWeight = checked;
        return this;
    }

    /**
     * DARTS is second order when {@code true} (NNI's {@code unrolled}; default {@code false}), as
     * {@link OneShotSearch#unrolled}; an {@link IllegalStateException} on any strategy but {@link #darts()}.
     */
    public OneShot unrolled(boolean unrolled) {
        requireNotStarted("unrolled");
        if (kind != SearchKind.DARTS) {
            throw new IllegalStateException(UnrolledArchitectureStep.refusal(name()));
        }
        this.unrolled = unrolled;
        return this;
    }

    /**
     * ENAS's controller is an LSTM over the labels when {@code true} (the default), one policy per label otherwise, as
     * {@link OneShotSearch#lstmController}; an {@link IllegalStateException} on any strategy but {@link #enas()}.
     */
    public OneShot lstmController(boolean lstm) {
        requireNotStarted("lstmController");
        this.lstmController = SettingChecks.requireEnas(kind, lstm);
        return this;
    }

    /**
     * RandomOneShot: how many architectures to score with inherited weights after the supernet's
     * epochs (default 100; fewer when the space has fewer and the proposing strategy deduplicates).
     */
    public OneShot architectures(int budget) {
        requireRandom("architectures");
        this.architectures = SettingChecks.atLeast("architectures", budget, 1);
        return this;
    }

    /**
     * RandomOneShot: the multi-trial strategy that proposes the architectures to score, learning
     * from their inherited-weight accuracy (default
     * {@code Strategy.regularizedEvolution().populationSize(20).sampleSize(5)}; {@code Strategy.random()}
     * scores a uniform draw, as {@link OneShotSearch#rank(int)} does).
     */
    public OneShot proposeWith(Strategy strategy) {
        requireRandom("proposeWith");
        if (strategy instanceof OneShot) {
            throw new IllegalArgumentException("proposeWith takes a multi-trial strategy, not " + strategy.name());
        }
        this.proposer = Objects.requireNonNull(strategy, "strategy");
        return this;
    }

    private void requireNotStarted(String setting) {
        if (started) {
            throw new IllegalStateException(setting + " must be set before start(): a search has started with this "
                    + name() + "; to train more epochs, resume the experiment with a new OneShot of more epochs");
        }
    }

    private void requireRandom(String setting) {
        requireNotStarted(setting);
        if (kind != SearchKind.RANDOM) {
            throw new IllegalStateException(setting + " is a setting of OneShot.randomOneShot(): " + name()
                    + " exports the most likely architecture and scores none by inherited weights");
        }
    }

    /** Epochs over the weight part of the training data (default 10). */
    public OneShot epochs(int epochs) {
        requireNotStarted("epochs");
        this.epochs = SettingChecks.atLeast("epochs", epochs, 1);
        return this;
    }

    /** Epochs at the start that train only the weights (default 0). */
    public OneShot warmupEpochs(int warmupEpochs) {
        requireNotStarted("warmupEpochs");
        this.warmupEpochs = SettingChecks.atLeast("warmupEpochs", warmupEpochs, 0);
        return this;
    }

    /** The weights' SGD learning rate (default 0.025). */
    public OneShot weightLearningRate(float learningRate) {
        requireNotStarted("weightLearningRate");
        this.weightLearningRate = SettingChecks.positive("weightLearningRate", learningRate);
        return this;
    }

    /** The architecture parameters' Adam learning rate (default 3e-4). */
    public OneShot architectureLearningRate(double learningRate) {
        requireNotStarted("architectureLearningRate");
        this.architectureLearningRate = SettingChecks.positive("architectureLearningRate", learningRate);
        return this;
    }

    /** The largest global L2 norm of the weights' gradients; 0 turns clipping off (default 5). */
    public OneShot gradientClip(double maxNorm) {
        requireNotStarted("gradientClip");
        this.gradientClip = SettingChecks.nonNegative("gradientClip", maxNorm, false);
        return this;
    }

    /** The seed of the search (the experiment's), which also split the data into its halves. */
    long seed() {
        return seed;
    }

    /** The epochs each supernet trains. */
    int epochs() {
        return epochs;
    }

    @Override
    public String name() {
        return kind.title();
    }

    /** The supernet's epochs and the step it trains; none for RandomOneShot, whose progress counts architectures. */
    public Optional<TrainingProgress> supernetProgress() {
        TrainingProgress now = progress;
        return scoresArchitectures() ? Optional.empty() : Optional.of(now == null ? TrainingProgress.before(epochs) : now);
    }

    /** For the supernet's trial: it has trained {@code step} of the {@code steps} of epoch {@code epoch}. */
    void stepped(int epoch, long step, long steps) {
        progress = new TrainingProgress(epochs, epoch, step, steps);
    }

    /** RandomOneShot's proposer, which it starts and drives; none for the others. */
    @Override
    public List<Strategy> wrapped() {
        return scoresArchitectures() ? List.of(proposer) : List.of();
    }

    /** As a notebook shows it: the name and the settings, {@code DARTS(epochs=12, warmupEpochs=4, ...)}. */
    @Override
    public String toString() {
        String architecture = kind == SearchKind.RANDOM ? "architectures=" + architectures + ", proposeWith=" + proposer
                : "architectureLearningRate=" + architectureLearningRate + (unrolled ? ", unrolled" : "")
                        + (kind == SearchKind.ENAS ? ", lstmController=" + lstmController : "")
                        + (cost == null ? "" : ", costPenalty=" + cost + " x " + costWeight);
        return name() + "(epochs=" + epochs + ", warmupEpochs=" + warmupEpochs + ", weightLearningRate=" + weightLearningRate
                + ", gradientClip=" + gradientClip + ", " + architecture + ")";
    }

    /** Whether this is RandomOneShot, which learns no probabilities and scores architectures instead. */
    boolean scoresArchitectures() {
        return kind == SearchKind.RANDOM;
    }

    @Override
    public void start(SearchSpace space, Direction direction, long seed) {
        this.seed = seed;
        started = true;
        finished = false;
        failed = false;
        epochsDone = 0;
        proposed = 0;
        progress = null;
        if (scoresArchitectures()) {
            // inherited-weight accuracy is higher-better, whatever the evaluator's default metric
            proposer.start(space, Direction.MAXIMIZE, seed);
        }
    }

    /**
     * The supernet's trial (its sample is empty: it trains every architecture), one at a time. What
     * runs is asked of the capacity rather than remembered: a trial left unfinished by a crashed
     * process is never told ended to the strategy, and the resumed search must start the next.
     */
    @Override
    public Proposal propose(Capacity capacity) {
        if (!finished) {
            return capacity.running() > 0 ? Proposal.WAIT : Proposal.of(Sample.empty());
        }
        if (!scoresArchitectures() || failed || proposed >= architectures) {
            return Proposal.EXHAUSTED;
        }
        Proposal next = proposer.propose(capacity);
        if (next.isSample()) {
            proposed++;
        }
        return next;
    }

    /**
     * A trial that reported every epoch, or failed, ends the search; one stopped before (the
     * search stopped, the trial over its time) leaves the rest to the next, which continues from
     * its checkpoint.
     */
    @Override
    public void onTrialEnd(TrialOutcome outcome) {
        if (outcome.sample().size() > 0) {
            proposer.onTrialEnd(outcome); // an architecture scored by inherited weights
            return;
        }
        failed = outcome.status() == TrialStatus.FAILED;
        epochsDone = outcome.intermediates().size();
        finished = failed || epochsDone >= epochs;
    }

    @Override
    public StrategyState saveState() {
        JsonObject state = new JsonObject();
        state.addProperty("finished", finished);
        state.addProperty("failed", failed);
        state.addProperty("epochs_done", epochsDone);
        if (scoresArchitectures()) {
            state.addProperty("proposed", proposed);
            state.addProperty("proposer", proposer.saveState().json());
        }
        return StrategyState.of(state.toString());
    }

    @Override
    public void restoreState(StrategyState saved) {
        JsonObject state = JsonParser.parseString(saved.json()).getAsJsonObject();
        finished = state.get("finished").getAsBoolean();
        failed = state.has("failed") && state.get("failed").getAsBoolean();
        if (scoresArchitectures() && state.has("proposer")) {
            proposed = state.get("proposed").getAsInt();
            proposer.restoreState(StrategyState.of(state.get("proposer").getAsString()));
        }
        if (state.has("epochs_done") && proposed == 0) {
            // a resume trains the supernet on from its checkpoint up to this strategy's epochs: more than a finished
            // search had, or the rest of one whose trial failed (diverged, ran out of memory), with the settings it
            // is resumed with; once RandomOneShot scores, its weights stay
            epochsDone = state.get("epochs_done").getAsInt();
            finished = epochsDone >= epochs;
            failed = failed && finished;
        }
    }

    /**
     * For {@code Experiment}, which calls it at {@code start()}: what the experiment runs as the
     * supernet's trial; checks before any training what would stop it, each an
     * {@link IllegalArgumentException} naming the label or the setting.
     *
     * @param checkpoints the directory of this experiment's supernet checkpoint
     * @throws IllegalArgumentException when {@code evaluator} is not a built-in one, the space has
     *     a construct a supernet cannot follow, or the training data has fewer than 2 examples
     */
    public TrialEvaluator trialEvaluator(ModelSpace space, TrialEvaluator evaluator, Path checkpoints) {
        if (!scoresArchitectures()) {
            Epochs.requireArchitectureEpochs(name(), epochs, warmupEpochs);
        }
        return SupernetTrial.checked(this, space, evaluator, new SupernetCheckpoint(checkpoints));
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
        OneShotSearch search = new OneShotSearch(kind, space, data);
        if (cost != null) {
            search.costPenalty(cost, costWeight);
        }
        if (unrolled) {
            search.unrolled(true);
        }
        if (kind == SearchKind.ENAS) {
            search.lstmController(lstmController);
        }
        return search.epochs(epochs).warmupEpochs(warmupEpochs).weightLearningRate(weightLearningRate)
                .architectureLearningRate(architectureLearningRate).gradientClip(gradientClip).seed(seed);
    }
}
