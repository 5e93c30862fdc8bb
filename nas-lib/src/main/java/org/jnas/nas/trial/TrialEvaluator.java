package org.jnas.nas.trial;

import org.jnas.nas.evaluator.ClassificationEvaluator;
import org.jnas.nas.evaluator.RegressionEvaluator;

/**
 * Trains and scores one architecture (NNI's model evaluator). The functional form wraps the
 * user's own training code; built-in evaluators live in {@code org.jnas.nas.evaluator}.
 *
 * <p>The evaluator reports through the {@link TrialContext}: intermediate results as it goes
 * (drawn live, and used by early stopping) and one final result. An exception fails the trial
 * (recorded with its stack trace); the experiment goes on.
 */
@FunctionalInterface
public interface TrialEvaluator {

    /** Trains and tests {@code trial.model()}, reporting through {@code trial}. */
    void evaluate(TrialContext trial) throws Exception;

    /** The user's own code as an evaluator (NNI's {@code FunctionalEvaluator}). */
    static TrialEvaluator functional(TrialEvaluator code) {
        return code;
    }

    /**
     * A builder of the built-in classification evaluator (softmax cross-entropy, accuracy as the
     * metric, maximised): {@code TrialEvaluator.classification().setData(Datasets::fashionMnist)
     * .optEpochs(1).build()}.
     */
    static ClassificationEvaluator.Builder classification() {
        return ClassificationEvaluator.builder();
    }

    /**
     * A builder of the built-in regression evaluator (L2 loss; validation MSE as the metric, which
     * an experiment then minimises unless its direction is set explicitly).
     */
    static RegressionEvaluator.Builder regression() {
        return RegressionEvaluator.builder();
    }
}
