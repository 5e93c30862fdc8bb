package org.jnas.nas.evaluator;

import ai.djl.training.loss.Loss;
import org.jnas.nas.data.TrainTestData;
import org.jnas.nas.trial.TrialEvaluator;

/**
 * A built-in evaluator that trains on labelled examples it can hand over whole: what a one-shot
 * search needs, since it splits the training part into a weight part and an architecture part
 * itself (the test part stays held out). {@link ClassificationEvaluator} and
 * {@link RegressionEvaluator} are the two; a functional evaluator wraps code, not data, so it
 * cannot drive a supernet.
 */
public interface SupervisedEvaluator extends TrialEvaluator {

    /**
     * The examples, with the evaluator's subsets applied (loaded now if given as a loader).
     *
     * @throws IllegalArgumentException when the evaluator was given DJL datasets rather than arrays
     */
    TrainTestData trainTestData() throws Exception;

    /** Examples per batch. */
    int batchSize();

    /**
     * A fresh loss of the kind the evaluator trains with (a DJL loss keeps state, so one per use). On
     * every batch it checks that the model's output fits the labels, with an
     * {@link IllegalArgumentException} naming both sides when it does not.
     */
    Loss newLoss();
}
