package org.jnas.nas.oneshot;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.translate.TranslateException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Random;
import java.util.Set;
import org.jnas.nas.space.Sample;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import org.jnas.nas.data.TrainTestData;
import org.jnas.nas.space.ModelSpace;
import org.jnas.nas.trial.ConcurrentModel;

/**
 * A one-shot (weight-sharing) search: the space is built once as a supernet holding every
 * candidate, trained, and the architecture is read off its architecture parameters (DARTS,
 * GumbelDARTS) or off a ranking of architectures by inherited weights (RandomOneShot).
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
 * layer choices, input choices (a weighted sum of the inputs) and repeats (a weighted sum over the
 * depths); a value choice or a cell is refused with an error naming its label (docs/one-shot.md).
 */
public final class OneShotSearch {
    /** What the search does each step. */
    enum Kind { DARTS, GUMBEL_DARTS, RANDOM }

    /** How many training batches set an architecture's BatchNorm statistics before it is scored. */
    static final int BATCH_NORM_BATCHES = 10;

    private final Kind kind;
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
    private EpochHook hook;
    private SupernetCheckpoint checkpoint;

    /**
     * What an experiment's one-shot trial plugs into the loop: a stop request checked between
     * batches, and each completed epoch (those restored from a checkpoint first, again).
     */
    interface EpochHook {
        boolean stopRequested();

        void epochEnded(int epoch, SupernetCheckpoint.Epoch report);
    }

    private OneShotSearch(Kind kind, ModelSpace space, TrainTestData data) {
        this.kind = kind;
        this.space = Objects.requireNonNull(space, "space");
        this.data = Objects.requireNonNull(data, "data");
    }

    /**
     * First-order DARTS: every step an architecture step on an architecture batch (after the
     * warm-up epochs) and a weight step on a weight batch. Architecture optimiser as NNI's: Adam,
     * learning rate 3e-4, betas (0.5, 0.999), weight decay 1e-3. Weights: SGD with momentum 0.9 and
     * weight decay 3e-4 (the DARTS paper's), learning rate 0.025, gradients clipped to norm 5.
     */
    public static OneShotSearch darts(ModelSpace space, TrainTestData data) {
        return new OneShotSearch(Kind.DARTS, space, data);
    }

    /**
     * GumbelDARTS: DARTS with the soft Gumbel-softmax in place of softmax in the mixed blocks,
     * softmax((alpha + g) / temperature) with fresh Gumbel noise g per label and step (seeded), the
     * temperature annealed linearly per epoch from 1.0 towards 0.33 (NNI's defaults); every other
     * setting as {@link #darts}. Each epoch's {@code temperature} is in {@link OneShotResult#epochs()}.
     */
    public static OneShotSearch gumbelDarts(ModelSpace space, TrainTestData data) {
        return new OneShotSearch(Kind.GUMBEL_DARTS, space, data);
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
        return new OneShotSearch(Kind.RANDOM, space, data);
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
        this.randomToRank = positive("rank count", count);
        this.toRank = List.of();
        return this;
    }

    private void requireRandom(String setting) {
        if (kind != Kind.RANDOM) {
            throw new IllegalStateException(setting + " is a setting of randomOneShot: DARTS and GumbelDARTS export the"
                    + " most likely architecture and rank nothing by inherited weights");
        }
    }

    /** Epochs over the weight half of the training data (default 10). */
    public OneShotSearch epochs(int epochs) {
        this.epochs = positive("epochs", epochs);
        return this;
    }

    /** Epochs at the start that train only the weights (default 0). */
    public OneShotSearch warmupEpochs(int warmupEpochs) {
        if (warmupEpochs < 0) {
            throw new IllegalArgumentException("warmupEpochs must be >= 0, got " + warmupEpochs);
        }
        this.warmupEpochs = warmupEpochs;
        return this;
    }

    /** Examples per batch, for both halves (default 64). */
    public OneShotSearch batchSize(int batchSize) {
        this.batchSize = positive("batchSize", batchSize);
        return this;
    }

    /** The weights' SGD learning rate (default 0.025). */
    public OneShotSearch weightLearningRate(float learningRate) {
        if (!(learningRate > 0)) {
            throw new IllegalArgumentException("weightLearningRate must be > 0, got " + learningRate);
        }
        this.weightLearningRate = learningRate;
        return this;
    }

    /** The architecture parameters' Adam learning rate (default 3e-4). */
    public OneShotSearch architectureLearningRate(double learningRate) {
        if (!(learningRate > 0)) {
            throw new IllegalArgumentException("architectureLearningRate must be > 0, got " + learningRate);
        }
        this.architectureLearningRate = learningRate;
        return this;
    }

    /** The largest global L2 norm of the weights' gradients; 0 turns clipping off (default 5). */
    public OneShotSearch gradientClip(double maxNorm) {
        if (!(maxNorm >= 0)) {
            throw new IllegalArgumentException("gradientClip must be >= 0, got " + maxNorm);
        }
        this.gradientClip = maxNorm;
        return this;
    }

    /** The loss both steps minimise (default softmax cross-entropy, for classification). */
    public OneShotSearch loss(Loss loss) {
        this.loss = Objects.requireNonNull(loss, "loss");
        return this;
    }

    /**
     * Seeds the architecture parameters' start, the split of the training data, GumbelDARTS's
     * noise, and RandomOneShot's paths and the architectures it draws to rank (default 0).
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
     */
    public OneShotResult run() {
        Supernet supernet = Supernet.build(space, seed);
        if (data.train().size() < 2) {
            throw new IllegalArgumentException("the training data has " + data.train().size() + " example(s); DARTS"
                    + " splits it into a weight half and an architecture half, so it needs at least 2");
        }
        // an architecture to rank that is not of the space is refused now, not after training
        toRank.forEach(supernet::pathOf);
        TrainTestData halves = data.train().split(0.5, seed);
        List<Map<String, Double>> history = new ArrayList<>();
        try (ConcurrentModel model = ConcurrentModel.newInstance("supernet-" + space.name(), device)) {
            model.setBlock(supernet.block());
            Optimizer sgd = Optimizer.sgd().setLearningRateTracker(Tracker.fixed(weightLearningRate))
                    .optMomentum(0.9f).optWeightDecays(3e-4f).build();
            DefaultTrainingConfig config = new DefaultTrainingConfig(loss).optOptimizer(sgd)
                    .optDevices(new Device[] {device});
            try (Trainer trainer = model.newTrainer(config); NDManager arrays = model.getNDManager().newSubManager()) {
                trainer.initialize(halves.train().batchShape(batchSize));
                Relaxation.Gumbel gumbel = kind == Kind.GUMBEL_DARTS ? new Relaxation.Gumbel(seed) : null;
                DartsSteps steps = new DartsSteps(supernet, trainer, sgd, architectureLearningRate, gradientClip,
                        gumbel != null ? gumbel : Relaxation.SOFTMAX);
                RandomAccessDataset weightData = halves.train().toDataset(arrays, batchSize, true);
                RandomAccessDataset architectureData = halves.test().toDataset(arrays, batchSize, true);
                Random paths = new Random(seed);
                List<SupernetCheckpoint.Epoch> done = new ArrayList<>(
                        checkpoint == null ? List.of() : checkpoint.restore(supernet, model.getNDManager()));
                for (int epoch = 0; epoch < done.size(); epoch++) {
                    history.add(done.get(epoch).metrics());
                    hook.epochEnded(epoch, done.get(epoch));
                }
                for (int epoch = done.size(); epoch < epochs; epoch++) {
                    if (gumbel != null) {
                        gumbel.setTemperature(Relaxation.Gumbel.temperature(epoch, epochs));
                    }
                    Map<String, Double> metrics = epoch(trainer, steps, arrays, weightData, architectureData,
                            kind != Kind.RANDOM && epoch >= warmupEpochs, kind == Kind.RANDOM ? supernet : null, paths,
                            hook);
                    if (gumbel != null) {
                        metrics.put("temperature", gumbel.temperature());
                    }
                    history.add(metrics);
                    if (hook != null) {
                        metrics.putAll(SupernetScore.of(supernet, trainer, arrays, architectureData));
                        done.add(new SupernetCheckpoint.Epoch(metrics, supernet.probabilities()));
                        if (checkpoint != null) {
                            checkpoint.save(supernet, halves.train().batchShape(1), done);
                        }
                        hook.epochEnded(epoch, done.get(epoch));
                    }
                }
                if (kind == Kind.RANDOM) {
                    List<OneShotResult.Ranked> ranking = rank(supernet, trainer, steps, arrays, weightData, architectureData, paths);
                    return new OneShotResult(ranking.get(0).sample(), uniform(supernet), history, ranking);
                }
            }
        }
        return new OneShotResult(supernet.export(), supernet.probabilities(), history, List.of());
    }

    /** The architectures to rank, each scored by its accuracy on {@code validation}, best first. */
    private List<OneShotResult.Ranked> rank(Supernet supernet, Trainer trainer, DartsSteps steps, NDManager arrays,
            RandomAccessDataset training, RandomAccessDataset validation, Random random) {
        Set<Sample> samples = new LinkedHashSet<>(toRank);
        // distinct draws; a small space may hold fewer architectures than asked for
        for (int tries = 0; toRank.isEmpty() && samples.size() < randomToRank && tries < 10 * randomToRank; tries++) {
            samples.add(space.sample(choice -> random.nextInt(choice.size())));
        }
        BatchNormStatistics batchNorm = BatchNormStatistics.of(supernet.block());
        List<OneShotResult.Ranked> ranking = new ArrayList<>();
        for (Sample sample : samples) {
            Map<String, List<Integer>> path = supernet.pathOf(sample);
            if (!batchNorm.isEmpty()) {
                recalculate(batchNorm, trainer, steps, arrays, training, path);
            }
            int correct = 0;
            int seen = 0;
            for (Batch batch : batches(trainer, validation)) {
                try (batch) {
                    correct += steps.correct(arrays, batch.getData(), batch.getLabels(), path);
                    seen += batch.getSize();
                }
            }
            ranking.add(new OneShotResult.Ranked(sample, (double) correct / seen));
        }
        ranking.sort(Comparator.comparingDouble(OneShotResult.Ranked::accuracy).reversed());
        return ranking;
    }

    /**
     * Sets the BatchNorm statistics of {@code path} from the first {@link #BATCH_NORM_BATCHES}
     * batches of {@code training}, copied into a manager of their own so that the forward passes'
     * arrays are freed with it.
     */
    private static void recalculate(BatchNormStatistics batchNorm, Trainer trainer, DartsSteps steps, NDManager arrays,
            RandomAccessDataset training, Map<String, List<Integer>> path) {
        try (NDManager scratch = arrays.newSubManager()) {
            List<NDList> inputs = new ArrayList<>();
            Iterator<Batch> batches = batches(trainer, training).iterator();
            while (inputs.size() < BATCH_NORM_BATCHES && batches.hasNext()) {
                try (Batch batch = batches.next()) {
                    NDArray x = batch.getData().singletonOrThrow().duplicate();
                    x.attach(scratch);
                    inputs.add(new NDList(x));
                }
            }
            steps.recalculateBatchNorm(batchNorm, inputs, path);
        }
    }

    /** What RandomOneShot samples from: each candidate of a label (each input of an input choice) alike. */
    private static Map<String, List<Double>> uniform(Supernet supernet) {
        Map<String, List<Double>> p = new LinkedHashMap<>();
        supernet.parameters().forEach((label, alpha) -> p.put(label,
                Collections.nCopies(alpha.size(), 1.0 / alpha.size())));
        return p;
    }

    private static Map<String, Double> epoch(Trainer trainer, DartsSteps steps, NDManager arrays,
            RandomAccessDataset weightData, RandomAccessDataset architectureData, boolean learnArchitecture,
            Supernet sampled, Random paths, EpochHook hook) {
        Iterator<Batch> weightBatches = batches(trainer, weightData).iterator();
        Iterator<Batch> architectureBatches = batches(trainer, architectureData).iterator();
        double weightLoss = 0;
        double architectureLoss = 0;
        int count = 0;
        while (weightBatches.hasNext() && architectureBatches.hasNext()) {
            if (Thread.currentThread().isInterrupted()) {
                // a notebook's interrupt, or the program's: stop between batches, the supernet left as it is
                throw new CancellationException("the one-shot search was interrupted");
            }
            if (hook != null && hook.stopRequested()) {
                throw new CancellationException("the one-shot search was told to stop");
            }
            try (Batch w = weightBatches.next(); Batch a = architectureBatches.next()) {
                if (learnArchitecture) {
                    architectureLoss += steps.architectureStep(arrays, a.getData(), a.getLabels());
                }
                weightLoss += sampled == null ? steps.weightStep(arrays, w.getData(), w.getLabels())
                        : steps.pathStep(arrays, w.getData(), w.getLabels(), sampled.randomPath(paths));
                count++;
            }
        }
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("weight_loss", weightLoss / count);
        if (learnArchitecture) {
            metrics.put("architecture_loss", architectureLoss / count);
        }
        return metrics;
    }

    private static Iterable<Batch> batches(Trainer trainer, RandomAccessDataset data) {
        try {
            return trainer.iterateDataset(data);
        } catch (IOException | TranslateException e) {
            // in-memory datasets do not throw these; a later data source might
            throw new IllegalStateException("cannot read the training data: " + e.getMessage(), e);
        }
    }

    private static int positive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be >= 1, got " + value);
        }
        return value;
    }
}
