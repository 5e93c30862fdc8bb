package org.jnas.nas.oneshot;

import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.optimizer.Sgd;
import ai.djl.training.tracker.Tracker;

/**
 * The settings of the weights' SGD in a one-shot search, in one place because second-order DARTS
 * repeats the step they make ({@link UnrolledArchitectureStep}).
 */
record WeightSgd(float learningRate, float momentum, float weightDecay) {
    /** The DARTS paper's: momentum 0.9, weight decay 3e-4, at {@code learningRate}. */
    static WeightSgd darts(float learningRate) {
        return new WeightSgd(learningRate, 0.9f, 3e-4f);
    }

    /** DJL's optimiser with these settings, at a fixed learning rate. */
    Sgd build() {
        return Optimizer.sgd().setLearningRateTracker(Tracker.fixed(learningRate)).optMomentum(momentum)
                .optWeightDecays(weightDecay).build();
    }
}
