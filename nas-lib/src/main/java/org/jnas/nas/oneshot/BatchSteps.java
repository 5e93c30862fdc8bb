package org.jnas.nas.oneshot;

import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.Batch;
import java.util.List;
import java.util.Random;

/**
 * What a one-shot strategy does with each pair of batches: an architecture step on an
 * architecture batch (after the warm-up epochs) and a weight step on a weight batch.
 */
interface BatchSteps {
    /** The name of the architecture step's value in the epoch metrics. */
    String architectureMetric();

    /**
     * One architecture step on {@code batch}; returns its value (a loss, or ENAS's reward).
     * {@code weightBatch} is the weight batch of the pair, which second-order DARTS's virtual weight
     * step trains on (so it serves twice per pair, as in NNI); the others ignore it.
     */
    float architectureStep(NDManager arrays, Batch batch, Batch weightBatch);

    /** One weight step; returns the batch's loss. */
    float weightStep(NDManager arrays, Batch batch);

    /**
     * What a checkpoint keeps of the architecture's learner beyond the labels' logits (ENAS's
     * controller: its baseline and LSTM); null (the default) for nothing.
     */
    default double[] controllerState() {
        return null;
    }

    /**
     * Restores {@link #controllerState()} from a checkpoint: {@code state} is null when the
     * checkpoint keeps none.
     *
     * @throws IllegalArgumentException when the state is not of this learner (another controller)
     */
    default void restoreController(double[] state) {
    }

    /**
     * The most likely architectures, most likely first, when the learner's policy is not one
     * independent distribution per label (ENAS's LSTM), so that they cannot be read off the labels'
     * probabilities; empty (the default) when they can.
     */
    default List<RankedArchitecture> mostLikely() {
        return List.of();
    }

    /** DARTS and GumbelDARTS: both steps mix every candidate by {@code steps}' relaxation. */
    static BatchSteps mixed(DartsSteps steps) {
        return new BatchSteps() {
            @Override
            public String architectureMetric() {
                return "architecture_loss";
            }

            @Override
            public float architectureStep(NDManager arrays, Batch batch, Batch weightBatch) {
                return steps.architectureStep(arrays, batch.getData(), batch.getLabels());
            }

            @Override
            public float weightStep(NDManager arrays, Batch batch) {
                return steps.weightStep(arrays, batch.getData(), batch.getLabels());
            }
        };
    }

    /**
     * Second-order DARTS: the architecture step is {@code unrolled}'s, on the architecture batch and
     * the paired weight batch; the weight step as {@link #mixed}'s.
     */
    static BatchSteps unrolled(DartsSteps steps, UnrolledArchitectureStep unrolled) {
        BatchSteps mixed = mixed(steps);
        return new BatchSteps() {
            @Override
            public String architectureMetric() {
                return mixed.architectureMetric();
            }

            @Override
            public float architectureStep(NDManager arrays, Batch batch, Batch weightBatch) {
                return steps.unrolledArchitectureStep(unrolled, arrays, batch.getData(), batch.getLabels(),
                        weightBatch.getData(), weightBatch.getLabels());
            }

            @Override
            public float weightStep(NDManager arrays, Batch batch) {
                return mixed.weightStep(arrays, batch);
            }
        };
    }

    /**
     * RandomOneShot (SPOS) when {@code uniform}, Proxyless or GDAS otherwise: each weight step
     * trains one path, drawn uniformly or from softmax(alpha) (which is GDAS's Gumbel-max draw);
     * their architecture step is the DARTS step with {@code steps} mixing by {@link ProxylessGates}
     * or {@link HardGumbel}.
     */
    static BatchSteps sampled(DartsSteps steps, Supernet supernet, Random random, boolean uniform) {
        return new BatchSteps() {
            @Override
            public String architectureMetric() {
                return "architecture_loss";
            }

            @Override
            public float architectureStep(NDManager arrays, Batch batch, Batch weightBatch) {
                return steps.architectureStep(arrays, batch.getData(), batch.getLabels());
            }

            @Override
            public float weightStep(NDManager arrays, Batch batch) {
                return steps.pathStep(arrays, batch.getData(), batch.getLabels(), uniform ? supernet.randomPath(random)
                        : PolicySampling.path(PolicySampling.draw(supernet, random)));
            }
        };
    }
}
