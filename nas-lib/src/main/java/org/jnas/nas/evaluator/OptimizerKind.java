package org.jnas.nas.evaluator;

import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;

/** The optimisers the built-in evaluators offer, each with its usual default learning rate. */
public enum OptimizerKind {
    /** Adam (default learning rate 0.001), as in the NNI quickstart. */
    ADAM(0.001f),
    /** Stochastic gradient descent, with momentum when one is set (default learning rate 0.01). */
    SGD(0.01f);

    private final float defaultLearningRate;

    OptimizerKind(float defaultLearningRate) {
        this.defaultLearningRate = defaultLearningRate;
    }

    /** The learning rate used when none is set. */
    public float defaultLearningRate() {
        return defaultLearningRate;
    }

    /** A new optimiser: one per trial, since a DJL optimiser keeps per-parameter state. */
    Optimizer create(float learningRate, float momentum) {
        return switch (this) {
            case ADAM -> Optimizer.adam().optLearningRateTracker(Tracker.fixed(learningRate)).build();
            case SGD -> Optimizer.sgd().setLearningRateTracker(Tracker.fixed(learningRate)).optMomentum(momentum).build();
        };
    }
}
