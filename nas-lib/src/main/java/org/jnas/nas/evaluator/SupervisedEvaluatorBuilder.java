package org.jnas.nas.evaluator;

import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.training.initializer.Initializer;
import java.util.Objects;
import org.jnas.nas.data.TrainTestData;

/**
 * The settings the classification and regression evaluators share. Data is required; everything
 * else has a default: 1 epoch, batches of 64, Adam at its default learning rate, all examples,
 * training data shuffled, PyTorch's weight initialisation.
 *
 * @param <B> the concrete builder, returned by every setter
 */
abstract class SupervisedEvaluatorBuilder<B extends SupervisedEvaluatorBuilder<B>> {

    private TrialData data;
    private int epochs = 1;
    private int batchSize = 64;
    private OptimizerKind optimizer = OptimizerKind.ADAM;
    private Float learningRate;
    private float momentum;
    private LossFactory loss;
    private int trainSubset;
    private int testSubset;
    private boolean shuffle = true;
    private Initializer weightInitializer = PyTorchInit.weights();

    SupervisedEvaluatorBuilder() {
    }

    abstract B self();

    /**
     * Trains on {@code data.train()} and validates on {@code data.test()}. On a cluster the
     * examples ship by value in the evaluator, once per experiment.
     */
    public B setData(TrainTestData data) {
        this.data = TrialData.of(Objects.requireNonNull(data, "data"));
        return self();
    }

    /**
     * Loads the data when the first trial needs it, once for all trials, e.g.
     * {@code setData(Datasets::fashionMnist)}. A failure to load fails that trial and is retried by the next.
     * On a cluster the loader ships as code and each job loads the data itself.
     */
    public B setData(TrainTestData.Loader loader) {
        this.data = TrialData.lazy(Objects.requireNonNull(loader, "loader"));
        return self();
    }

    /**
     * Trains and validates on DJL datasets, which bring their own batch size and shuffling
     * ({@link #optBatchSize} and {@link #optShuffle} do not apply). Their arrays must stay open
     * while the experiment runs; they are read by concurrent trials. They cannot ship to a cluster.
     */
    public B setData(RandomAccessDataset train, RandomAccessDataset test) {
        this.data = TrialData.of(Objects.requireNonNull(train, "train"), Objects.requireNonNull(test, "test"));
        return self();
    }

    /** Passes over the training data (default 1). */
    public B optEpochs(int epochs) {
        this.epochs = requirePositive("epochs", epochs);
        return self();
    }

    /** Examples per batch, for training and validation (default 64). */
    public B optBatchSize(int batchSize) {
        this.batchSize = requirePositive("batchSize", batchSize);
        return self();
    }

    /** The optimiser (default {@link OptimizerKind#ADAM}). */
    public B optOptimizer(OptimizerKind optimizer) {
        this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
        return self();
    }

    /** The learning rate (default: the optimiser's {@link OptimizerKind#defaultLearningRate()}). */
    public B optLearningRate(float learningRate) {
        if (!(learningRate > 0) || Float.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learningRate must be positive and finite, got " + learningRate);
        }
        this.learningRate = learningRate;
        return self();
    }

    /** Momentum for {@link OptimizerKind#SGD} (default 0: none). */
    public B optMomentum(float momentum) {
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
        }
        this.momentum = momentum;
        return self();
    }

    /**
     * The training loss, made afresh for each trial, e.g. {@code optLoss(Loss::l1Loss)}.
     * A DJL loss accumulates values, so trials must not share one instance.
     */
    public B optLoss(LossFactory loss) {
        this.loss = Objects.requireNonNull(loss, "loss");
        return self();
    }

    /** Trains on only the first {@code n} training examples (default: all). */
    public B optTrainSubset(int n) {
        this.trainSubset = requirePositive("trainSubset", n);
        return self();
    }

    /** Validates on only the first {@code n} test examples (default: all). */
    public B optTestSubset(int n) {
        this.testSubset = requirePositive("testSubset", n);
        return self();
    }

    /** Whether the training data is shuffled each epoch (default true). */
    public B optShuffle(boolean shuffle) {
        this.shuffle = shuffle;
        return self();
    }

    /**
     * How the model's weights start (default {@link PyTorchInit#weights()}, which trains the
     * quickstart's models to PyTorch's accuracy). For DJL's own default pass
     * {@code new XavierInitializer(RandomType.GAUSSIAN, FactorType.IN, 2)}; DJL's initializers
     * are not serializable, so only the default ships to a cluster.
     */
    public B optWeightInitializer(Initializer initializer) {
        this.weightInitializer = Objects.requireNonNull(initializer, "initializer");
        return self();
    }

    /** The settings, checked; {@code defaultLoss} when none was set. */
    TrainingSettings settings(LossFactory defaultLoss) {
        if (data == null) {
            throw new IllegalStateException("no data: call setData(...) before build(), e.g. setData(Datasets::fashionMnist)");
        }
        if (optimizer != OptimizerKind.SGD && momentum != 0) {
            throw new IllegalStateException("momentum " + momentum + " applies only to OptimizerKind.SGD, not " + optimizer);
        }
        return new TrainingSettings(epochs, batchSize, optimizer,
                learningRate != null ? learningRate : optimizer.defaultLearningRate(), momentum,
                loss != null ? loss : defaultLoss, trainSubset, testSubset, shuffle, weightInitializer);
    }

    TrialData data() {
        return data;
    }

    private static int requirePositive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
        return value;
    }
}
