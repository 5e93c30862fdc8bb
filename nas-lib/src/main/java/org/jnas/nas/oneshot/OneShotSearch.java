package org.jnas.nas.oneshot;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Sgd;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CancellationException;
import org.jnas.nas.data.TrainTestData;
import org.jnas.nas.space.ModelSpace;
import org.jnas.nas.space.Sample;
import org.jnas.nas.trial.ConcurrentModel;

/**
 * A one-shot (weight-sharing) search: the space is built once as a supernet holding every
 * candidate, trained, and the architecture is read off its architecture parameters (DARTS,
 * GumbelDARTS, GDAS, Proxyless; the policy of ENAS) or off a ranking of architectures by
 * inherited weights (RandomOneShot).
 *
 * <pre>{@code
 * OneShotResult result = OneShotSearch.darts(space, data).epochs(10).run();
 * result.sample();          // {conv=1, skip=[0]}: the most likely architecture
 * result.probabilities();   // {conv=[0.31, 0.69], skip=[0.8, 0.2]}
 * Block model = space.instantiate(result.sample());   // retrain it as any trial
 * }</pre>
 *
 * <p>{@link #run()} runs in the calling thread and returns when the search ends; interrupting the
 * thread stops it between two batches. The training part
 * of the data is split in half at random: weights learn on one half, the architecture on the other;
 * the test part is not used. RandomOneShot trains on the weight half and ranks architectures on
 * the other. Only what a supernet can follow is accepted, checked before training:
 * layer choices, input choices (each chosen place a weighted sum of the inputs), repeats (a
 * weighted sum over the depths) and value choices handed to the block they configure (a Linear or
 * Conv2d shares one widest layer across the values, anything else is mixed) and cells (mixed per
 * edge); a plain value choice is refused with an error naming its label (docs/one-shot.md).
 */
public final class OneShotSearch {
    /**
     * What {@link #costPenalty} weighs: an architecture's trainable parameters, its MACs per example,
     * or its latency: each candidate's median forward time on one example on the search's device,
     * measured once before training (a figure of this machine and its load at that moment).
     */
    public enum Cost { PARAMETERS, MACS, LATENCY }

    private final SearchKind kind;
    private final ModelSpace space;
    private final TrainTestData data;
    private int epochs = 10;
    private int warmupEpochs;
    private int batchSize = 64;
    private float weightLearningRate = 0.025f;
    private double architectureLearningRate = 3e-4;
    private double gradientClip = 5;
    private Loss loss = Loss.softmaxCrossEntropyLoss();
    private long seed;
    private Device device = Device.cpu();
    private List<Sample> toRank = List.of();
    private int randomToRank = 20;
    private Cost cost;
    private double costWeight;
    private boolean unrolled;
    private boolean lstmController = true;
    private EpochHook hook;
    private SupernetCheckpoint checkpoint;

    OneShotSearch(SearchKind kind, ModelSpace space, TrainTestData data) {
        this.kind = kind;
        this.space = Objects.requireNonNull(space, "space");
        this.data = Objects.requireNonNull(data, "data");
    }

    /**
     * DARTS, first order unless {@link #unrolled}: every step an architecture step on an
     * architecture batch (after the warm-up epochs) and a weight step on a weight batch. Architecture optimiser as NNI's: Adam,
     * learning rate 3e-4, betas (0.5, 0.999), weight decay 1e-3. Weights: SGD with momentum 0.9 and
     * weight decay 3e-4 (the DARTS paper's), learning rate 0.025, gradients clipped to norm 5.
     */
    public static OneShotSearch darts(ModelSpace space, TrainTestData data) {
        return new OneShotSearch(SearchKind.DARTS, space, data);
    }

    /**
     * GumbelDARTS: DARTS with the soft Gumbel-softmax in place of softmax in the mixed blocks,
     * softmax((alpha + g) / temperature) with fresh Gumbel noise g per label and step (seeded), the
     * temperature annealed linearly per epoch from 1.0 towards 0.33 (NNI's defaults); every other
     * setting as {@link #darts}. Each epoch's {@code temperature} is in {@link OneShotResult#epochs()}.
     */
    public static OneShotSearch gumbelDarts(ModelSpace space, TrainTestData data) {
        return new OneShotSearch(SearchKind.GUMBEL_DARTS, space, data);
    }

    /**
     * RandomOneShot (SPOS): each weight step follows one path drawn uniformly (one candidate per
     * label, drawn afresh per batch) and moves only that path's weights; there are no architecture
     * steps. Then it ranks architectures by their accuracy on the architecture half of the
     * training data with the supernet's weights, without training them ({@link #rank(List)},
     * {@link #rank(int)}; 20 drawn at random by default): {@link OneShotResult#ranking()}, best
     * first, whose first is {@link OneShotResult#sample()}. Weights as in {@link #darts}; accuracy
     * is the argmax of the output, so for classification.
     */
    public static OneShotSearch randomOneShot(ModelSpace space, TrainTestData data) {
        return new OneShotSearch(SearchKind.RANDOM, space, data);
    }

    /**
     * GDAS: GumbelDARTS with the hard Gumbel-softmax, straight through. Each weight step trains one
     * path drawn from softmax(alpha) (Gumbel-max), the weights off it frozen; each architecture step
     * runs the argmax of the noisy Gumbel-softmax alone in the forward pass and gives alpha the soft
     * Gumbel-softmax's gradient. Temperature schedule and settings as {@link #gumbelDarts}.
     */
    public static OneShotSearch gdas(ModelSpace space, TrainTestData data) {
        return new OneShotSearch(SearchKind.GDAS, space, data);
    }

    /**
     * Proxyless: binary gates. Each weight step trains one path drawn from softmax(alpha) (the
     * weights off it frozen); each architecture step draws a path, runs it and moves alpha by
     * ProxylessNAS's estimator {@code dL/dalpha_i = sum_j dL/dg_j p_j (delta_ij - p_i)}, where g are
     * the gates. One path per step, as NNI's implementation. Optimisers and settings as {@link #darts}.
     */
    public static OneShotSearch proxyless(ModelSpace space, TrainTestData data) {
        return new OneShotSearch(SearchKind.PROXYLESS, space, data);
    }

    /**
     * ENAS: a controller (ENAS's LSTM over the labels, or with {@link #lstmController}{@code (false)}
     * one policy softmax(alpha) per label) trained by REINFORCE on the reward of
     * a path drawn from it, the fraction of an architecture batch the path classifies right with
     * the supernet's weights; a moving-average baseline and an entropy bonus. Each weight step
     * trains one path drawn from the policy. The controller learns with Adam at
     * {@link #architectureLearningRate}; {@link OneShotResult#probabilities()} is its policy (the
     * LSTM's along its greedy path), {@link OneShotResult#sample()} its most likely architecture, and each epoch's mean {@code reward} is in
     * {@link OneShotResult#epochs()}. Accuracy is the argmax of the
     * output, so for classification.
     */
    public static OneShotSearch enas(ModelSpace space, TrainTestData data) {
        return new OneShotSearch(SearchKind.ENAS, space, data);
    }

    /**
     * DARTS, GumbelDARTS, GDAS and Proxyless: adds {@code weight} times the expected cost, as a
     * share of the dearest choices' cost, to the architecture loss (ProxylessNAS-style):
     * {@code weight * sum_label sum_c p_c cost_c / sum_label max_c cost_c}, with p = softmax(alpha) and
     * cost_c what candidate c's own blocks cost (a value of a value choice: the block it builds alone;
     * see docs/one-shot.md). ENAS: subtracts
     * {@code weight} times the drawn path's cost, as that share, from its reward. Each epoch's
     * {@code expected_cost} (the share under softmax(alpha), 0 to 1) is in {@link OneShotResult#epochs()}.
     *
     * @param weight how much loss the whole span of cost is worth (0 turns the penalty off)
     */
    public OneShotSearch costPenalty(Cost cost, double weight) {
        SettingChecks.requireLearnsArchitecture(kind);
        double checked = SettingChecks.nonNegative("costPenalty weight", weight, true);
        this.cost = Objects.requireNonNull(cost, "cost");
        this.costWeight = checked;
        return this;
    }

    /**
     * Second-order DARTS when {@code true} (NNI's {@code unrolled}; default {@code false}): four
     * forward and backward passes per architecture step instead of one (docs/one-shot.md).
     *
     * @throws IllegalStateException on any search but {@link #darts}
     */
    public OneShotSearch unrolled(boolean unrolled) {
        if (kind != SearchKind.DARTS) {
            throw new IllegalStateException(UnrolledArchitectureStep.refusal(kind.title()));
        }
        this.unrolled = unrolled;
        return this;
    }

    /**
     * ENAS: its controller is ENAS's LSTM over the labels, each decision depending on the earlier
     * ones (NNI's {@code ReinforceController}), when {@code true} (the default), and one policy
     * softmax(alpha) per label when {@code false}. With the LSTM, {@link OneShotResult#probabilities()}
     * is its policy along its greedy path, each label's distribution given the most likely candidates
     * before it, and the most likely architectures are found by a beam search (docs/one-shot.md).
     *
     * @throws IllegalStateException on any search but {@link #enas}
     */
    public OneShotSearch lstmController(boolean lstm) {
        this.lstmController = SettingChecks.requireEnas(kind, lstm);
        return this;
    }

    /** RandomOneShot: ranks these architectures of the space (instead of random ones). */
    public OneShotSearch rank(List<Sample> samples) {
        requireRandom("rank");
        List<Sample> copy = List.copyOf(samples);
        if (copy.isEmpty()) {
            throw new IllegalArgumentException("rank needs at least one sample");
        }
        this.toRank = copy;
        return this;
    }

    /** RandomOneShot: ranks this many distinct architectures drawn uniformly (default 20). */
    public OneShotSearch rank(int count) {
        requireRandom("rank");
        this.randomToRank = SettingChecks.atLeast("rank count", count, 1);
        this.toRank = List.of();
        return this;
    }

    private void requireRandom(String setting) {
        if (kind != SearchKind.RANDOM) {
            throw new IllegalStateException(setting + " is a setting of randomOneShot: DARTS, GumbelDARTS, GDAS,"
                    + " Proxyless and ENAS export the most likely architecture and rank nothing by inherited weights");
        }
    }

    /** Epochs over the weight half of the training data (default 10). */
    public OneShotSearch epochs(int epochs) {
        this.epochs = SettingChecks.atLeast("epochs", epochs, 1);
        return this;
    }

    /** Epochs at the start that train only the weights (default 0; as many as {@link #epochs}: weights alone). */
    public OneShotSearch warmupEpochs(int warmupEpochs) {
        this.warmupEpochs = SettingChecks.atLeast("warmupEpochs", warmupEpochs, 0);
        return this;
    }

    /** Examples per batch, for both halves (default 64). */
    public OneShotSearch batchSize(int batchSize) {
        this.batchSize = SettingChecks.atLeast("batchSize", batchSize, 1);
        return this;
    }

    /** The weights' SGD learning rate (default 0.025). */
    public OneShotSearch weightLearningRate(float learningRate) {
        this.weightLearningRate = SettingChecks.positive("weightLearningRate", learningRate);
        return this;
    }

    /** The architecture parameters' Adam learning rate (default 3e-4). */
    public OneShotSearch architectureLearningRate(double learningRate) {
        this.architectureLearningRate = SettingChecks.positive("architectureLearningRate", learningRate);
        return this;
    }

    /** The largest global L2 norm of the weights' gradients; 0 turns clipping off (default 5). */
    public OneShotSearch gradientClip(double maxNorm) {
        this.gradientClip = SettingChecks.nonNegative("gradientClip", maxNorm, false);
        return this;
    }

    /** The loss both steps minimise (default softmax cross-entropy, for classification). */
    public OneShotSearch loss(Loss loss) {
        this.loss = Objects.requireNonNull(loss, "loss");
        return this;
    }

    /**
     * Seeds the architecture parameters' start, the split of the training data, GumbelDARTS's
     * noise, RandomOneShot's paths and the architectures it draws to rank, and, through the
     * engine's global generators (DJL's {@code Engine.setRandomSeed}), the supernet's initial weights
     * and the batch order (default 0). The same seed repeats a search on the same machine and
     * thread count, when no other search or trial draws from the engine's generators meanwhile.
     */
    public OneShotSearch seed(long seed) {
        this.seed = seed;
        return this;
    }

    /** Where the supernet trains (default the CPU). */
    public OneShotSearch device(Device device) {
        this.device = Objects.requireNonNull(device, "device");
        return this;
    }

    /**
     * Reports each epoch to {@code hook}, with the supernet's loss and accuracy on the
     * architecture part, stops when it says so, and, with a {@code checkpoint}, continues from the
     * one there and writes one at the end of each epoch.
     */
    OneShotSearch hook(EpochHook hook, SupernetCheckpoint checkpoint) {
        this.hook = Objects.requireNonNull(hook, "hook");
        this.checkpoint = checkpoint;
        return this;
    }

    /**
     * Builds the supernet, trains it and returns the most likely architecture.
     *
     * @throws IllegalArgumentException before any training, naming the label or the setting, when
     *     the space has a construct a supernet cannot follow, candidates of one choice give
     *     different output shapes, or the training data has fewer than 2 examples to split
     * @throws CancellationException when the calling thread is interrupted (checked between batches);
     *     the thread's interrupt flag stays set
     * @throws ArithmeticException when the supernet diverges (a loss or a probability that is not
     *     finite), at the step it happens, naming the setting to lower
     */
    public OneShotResult run() {
        Supernet supernet = Supernet.build(space, seed);
        if (data.train().size() < 2) {
            throw new IllegalArgumentException("the training data has " + data.train().size() + " example(s); a one-shot"
                    + " search splits it into a weight half and an architecture half, so it needs at least 2");
        }
        // an architecture to rank that is not of the space is refused now, not after training
        toRank.forEach(supernet::pathOf);
        TrainTestData halves = data.train().split(0.5, seed);
        if (hook == null) { // an experiment's OneShot ran it at start(); before the seeding below, not to move its draws
            SharedWidthCheck.requireExactPaths(space, supernet, seed, halves.train().batchShape(1));
        }
        List<Map<String, Double>> history = new ArrayList<>();
        List<RankedArchitecture> ranked;
        try (ConcurrentModel model = ConcurrentModel.newInstance("supernet-" + space.name(), device)) {
            model.setBlock(supernet.block());
            WeightSgd weightSgd = WeightSgd.darts(weightLearningRate);
            Sgd sgd = weightSgd.build();
            SgdMomentum momentum = SgdMomentum.of(sgd);
            DefaultTrainingConfig config = new DefaultTrainingConfig(loss).optOptimizer(sgd)
                    .optDevices(new Device[] {device});
            try (Trainer trainer = model.newTrainer(config); NDManager arrays = model.getNDManager().newSubManager()) {
                // the supernet's initial weights (PyTorch's generator) and each epoch's batch order
                // (DJL's RandomUtils) come from the engine's global generators: seeding them here
                // makes the seed repeat the search, as long as no other thread draws from them meanwhile
                model.getNDManager().getEngine().setRandomSeed(Long.hashCode(seed));
                trainer.initialize(halves.train().batchShape(batchSize));
                // costed first: a retrained architecture has the scales that the supernet fixes next
                CostPenalty penalty = cost == null ? CostPenalty.NONE : CostPenalty.of(supernet, cost, costWeight, device);
                if (kind == SearchKind.DARTS || kind == SearchKind.GUMBEL_DARTS) {
                    supernet.fixCandidateNormScales(); // the probabilities sum the candidates
                }
                Relaxation.Gumbel gumbel = kind == SearchKind.GUMBEL_DARTS || kind == SearchKind.GDAS
                        ? new Relaxation.Gumbel(seed) : null;
                Random paths = new Random(seed);
                DartsSteps steps = new DartsSteps(supernet, trainer, sgd, architectureLearningRate, gradientClip,
                        kind.relaxation(gumbel, paths));
                steps.setCostPenalty(penalty);
                BatchSteps batchSteps = switch (kind) {
                    case DARTS, GUMBEL_DARTS -> unrolled ? BatchSteps.unrolled(steps, steps.unrolled(sgd, weightSgd))
                            : BatchSteps.mixed(steps);
                    case RANDOM, PROXYLESS, GDAS -> BatchSteps.sampled(steps, supernet, paths, kind == SearchKind.RANDOM);
                    case ENAS -> new EnasController(supernet, steps, paths, architectureLearningRate, penalty, lstmController, seed);
                };
                RandomAccessDataset weightData = halves.train().toDataset(arrays, batchSize, true);
                RandomAccessDataset architectureData = halves.test().toDataset(arrays, batchSize, true);
                SupernetCheckpoint.Restored restored = checkpoint == null ? SupernetCheckpoint.Restored.NONE
                        : checkpoint.restore(supernet, model.getNDManager(), Optional.of(momentum));
                List<SupernetCheckpoint.Epoch> done = new ArrayList<>(restored.epochs());
                if (!done.isEmpty()) {
                    batchSteps.restoreController(restored.controller());
                }
                ProbabilityTrace trace = new ProbabilityTrace(supernet, halves, batchSize, epochs, kind != SearchKind.RANDOM);
                for (int epoch = 0; epoch < done.size(); epoch++) {
                    history.add(done.get(epoch).metrics());
                    hook.epochEnded(epoch, done.get(epoch));
                    trace.resumeAfter(done.get(epoch));
                }
                for (int epoch = done.size(); epoch < epochs; epoch++) {
                    if (gumbel != null) {
                        gumbel.setTemperature(Relaxation.Gumbel.temperature(epoch, epochs));
                    }
                    Map<String, Double> metrics = Epochs.run(trainer, batchSteps, arrays, weightData, architectureData,
                            kind != SearchKind.RANDOM && epoch >= warmupEpochs, epoch, hook, trace);
                    supernet.requireFiniteProbabilities(epoch);
                    if (penalty != CostPenalty.NONE) {
                        metrics.put("expected_cost", penalty.expected(supernet));
                    }
                    if (gumbel != null) {
                        metrics.put("temperature", gumbel.temperature());
                    }
                    history.add(metrics);
                    List<ProbabilityTrace.Point> within = trace.endEpoch();
                    if (hook != null) {
                        metrics.putAll(SupernetScore.of(supernet, trainer, arrays, architectureData));
                        done.add(new SupernetCheckpoint.Epoch(metrics, supernet.probabilities(), within, batchSteps.mostLikely()));
                        if (checkpoint != null) {
                            checkpoint.save(supernet, momentum, halves.train().batchShape(1), done, batchSteps.controllerState());
                        }
                        hook.epochEnded(epoch, done.get(epoch));
                    }
                }
                // in an experiment the last epoch's report ranked them already (ENAS's beam search)
                ranked = done.isEmpty() || done.get(done.size() - 1).ranked().isEmpty() ? batchSteps.mostLikely()
                        : done.get(done.size() - 1).ranked();
                // in an experiment (a hook), each architecture is scored in a trial of its own instead
                if (kind == SearchKind.RANDOM && hook == null) {
                    InheritedWeightRanking ranker = new InheritedWeightRanking(supernet, trainer, steps, arrays);
                    List<OneShotResult.Ranked> ranking = ranker.rank(
                            InheritedWeightRanking.toRank(space, toRank, randomToRank, paths), weightData, architectureData);
                    return new OneShotResult(ranking.get(0).sample(), InheritedWeightRanking.uniform(supernet), history, ranking);
                }
            }
        }
        Sample exported = ranked.isEmpty() ? supernet.export() : supernet.sampleOf(ranked.get(0));
        return new OneShotResult(exported, supernet.probabilities(), history, List.of());
    }
}
