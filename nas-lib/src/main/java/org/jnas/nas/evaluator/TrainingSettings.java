package org.jnas.nas.evaluator;

import ai.djl.training.initializer.Initializer;
import java.io.Serializable;

/**
 * What a built-in evaluator trains with; one immutable value shared by all its trials, shipped
 * with it to cluster jobs.
 *
 * @param epochs passes over the training data
 * @param batchSize examples per batch (for data given as {@code ArrayData})
 * @param optimizer the optimiser kind
 * @param learningRate its learning rate
 * @param momentum SGD's momentum (0 for none)
 * @param loss makes the trial's loss (a DJL loss accumulates state, so one per trial)
 * @param trainSubset use only the first so many training examples (0: all)
 * @param testSubset use only the first so many test examples (0: all)
 * @param shuffle shuffle the training data each epoch
 * @param weightInitializer how the model's weights start
 */
record TrainingSettings(int epochs, int batchSize, OptimizerKind optimizer, float learningRate, float momentum,
        LossFactory loss, int trainSubset, int testSubset, boolean shuffle, Initializer weightInitializer)
        implements Serializable {
}
