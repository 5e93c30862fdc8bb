package org.jnas.nas.oneshot;

import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.Batch;
import java.util.Random;

/**
 * What a one-shot strategy does with each pair of batches: an architecture step on an
 * architecture batch (after the warm-up epochs) and a weight step on a weight batch.
 */
interface BatchSteps {
    /** The name of the architecture step's value in the epoch metrics. */
    String architectureMetric();

    /** One architecture step; returns its value (a loss, or ENAS's reward). */
    float architectureStep(NDManager arrays, Batch batch);

    /** One weight step; returns the batch's loss. */
    float weightStep(NDManager arrays, Batch batch);

    /** DARTS and GumbelDARTS: both steps mix every candidate by {@code steps}' relaxation. */
    static BatchSteps mixed(DartsSteps steps) {
        return new BatchSteps() {
            @Override
            public String architectureMetric() {
                return "architecture_loss";
            }

            @Override
            public float architectureStep(NDManager arrays, Batch batch) {
                return steps.architectureStep(arrays, batch.getData(), batch.getLabels());
            }

            @Override
            public float weightStep(NDManager arrays, Batch batch) {
                return steps.weightStep(arrays, batch.getData(), batch.getLabels());
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
            public float architectureStep(NDManager arrays, Batch batch) {
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
