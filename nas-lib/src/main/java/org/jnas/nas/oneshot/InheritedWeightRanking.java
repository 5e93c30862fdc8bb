package org.jnas.nas.oneshot;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.jnas.nas.data.TrainTestData;
import org.jnas.nas.space.ModelSpace;
import org.jnas.nas.space.Sample;
import org.jnas.nas.trial.ConcurrentModel;

/**
 * RandomOneShot's second part (SPOS): architectures scored with the weights the supernet learned,
 * without training them. Each runs alone along its path, its BatchNorm statistics recalculated
 * first (those the supernet kept were accumulated over every sampled path, so they fit none), and
 * scores the fraction of the validation data it classifies right.
 */
final class InheritedWeightRanking {
    /** How many training batches set an architecture's BatchNorm statistics before it is scored. */
    static final int BATCH_NORM_BATCHES = 10;

    private final Supernet supernet;
    private final Trainer trainer;
    private final DartsSteps steps;
    private final NDManager arrays;

    InheritedWeightRanking(Supernet supernet, Trainer trainer, DartsSteps steps, NDManager arrays) {
        this.supernet = supernet;
        this.trainer = trainer;
        this.steps = steps;
        this.arrays = arrays;
    }

    /**
     * An experiment's trial of RandomOneShot: {@code sample}'s accuracy with the weights of the
     * supernet checkpointed in {@code checkpoint}, trained by a search of {@code data} with
     * {@code seed} (which split the training data as here: BatchNorm statistics from the weight
     * half, the score on the architecture half the weights never learned on). Builds the supernet
     * afresh and loads the checkpoint: a trial holds no state between trials.
     *
     * @throws IllegalStateException when there is no checkpoint
     */
    static double score(ModelSpace space, long seed, SupernetCheckpoint checkpoint, TrainTestData data, int batchSize,
            Loss loss, Device device, Sample sample) {
        if (!checkpoint.exists()) {
            throw new IllegalStateException("no supernet checkpoint in " + checkpoint.directory() + " to score " + sample
                    + " with");
        }
        Supernet supernet = Supernet.build(space, seed);
        supernet.pathOf(sample); // refuses an architecture not of the space
        TrainTestData halves = data.train().split(0.5, seed);
        // the weights do not move: the optimiser only completes the steps' construction
        Optimizer none = Optimizer.sgd().setLearningRateTracker(Tracker.fixed(0f)).build();
        try (ConcurrentModel model = ConcurrentModel.newInstance("supernet-" + space.name(), device)) {
            model.setBlock(supernet.block());
            DefaultTrainingConfig config = new DefaultTrainingConfig(loss).optOptimizer(none).optDevices(new Device[] {device});
            try (Trainer trainer = model.newTrainer(config); NDManager arrays = model.getNDManager().newSubManager()) {
                trainer.initialize(halves.train().batchShape(batchSize));
                checkpoint.restore(supernet, model.getNDManager(), Optional.empty());
                DartsSteps steps = new DartsSteps(supernet, trainer, none, 0, 0, Relaxation.SOFTMAX);
                InheritedWeightRanking ranking = new InheritedWeightRanking(supernet, trainer, steps, arrays);
                Set<Sample> one = Set.of(sample);
                return ranking.rank(one, halves.train().toDataset(arrays, batchSize, true),
                        halves.test().toDataset(arrays, batchSize, false)).get(0).accuracy();
            }
        } finally {
            supernet.clearPath();
        }
    }

    /**
     * {@code given} when not empty, otherwise up to {@code count} distinct architectures of
     * {@code space} drawn uniformly (fewer when the space is smaller).
     */
    static Set<Sample> toRank(ModelSpace space, List<Sample> given, int count, Random random) {
        Set<Sample> samples = new LinkedHashSet<>(given);
        for (int tries = 0; given.isEmpty() && samples.size() < count && tries < 10 * count; tries++) {
            samples.add(space.sample(choice -> random.nextInt(choice.size())));
        }
        return samples;
    }

    /** What RandomOneShot samples from: each candidate of a label (each input of an input choice) alike. */
    static Map<String, List<Double>> uniform(Supernet supernet) {
        Map<String, List<Double>> p = new LinkedHashMap<>();
        supernet.parameters().forEach((label, alpha) -> p.put(label,
                Collections.nCopies(alpha.size(), 1.0 / alpha.size())));
        return p;
    }

    /**
     * {@code samples} scored by their accuracy on {@code validation}, best first, each after its
     * BatchNorm statistics are set from {@code training}.
     */
    List<OneShotResult.Ranked> rank(Set<Sample> samples, RandomAccessDataset training, RandomAccessDataset validation) {
        BatchNormStatistics batchNorm = BatchNormStatistics.of(supernet.block());
        List<OneShotResult.Ranked> ranking = new ArrayList<>();
        for (Sample sample : samples) {
            Map<String, List<Integer>> path = supernet.pathOf(sample);
            if (!batchNorm.isEmpty()) {
                recalculate(batchNorm, training, path);
            }
            int correct = 0;
            int seen = 0;
            for (Batch batch : Epochs.batches(trainer, validation)) {
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
    private void recalculate(BatchNormStatistics batchNorm, RandomAccessDataset training, Map<String, List<Integer>> path) {
        try (NDManager scratch = arrays.newSubManager()) {
            List<NDList> inputs = new ArrayList<>();
            Iterator<Batch> batches = Epochs.batches(trainer, training).iterator();
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
}
