package org.jnas.nas.trial;

import java.io.Serializable;

/**
 * Trains and scores one architecture (NNI's model evaluator). The functional form wraps the
 * user's own training code; built-in evaluators live in {@code org.jnas.nas.evaluator}
 * ({@code ClassificationEvaluator.builder()}, {@code RegressionEvaluator.builder()}).
 *
 * <p>The evaluator reports through the {@link TrialContext}: intermediate results as it goes
 * (drawn live, and used by early stopping) and one final result. An exception fails the trial
 * (recorded with its stack trace); the experiment goes on.
 */
@FunctionalInterface
public interface TrialEvaluator extends Serializable {

    /** Trains and tests {@code trial.model()}, reporting through {@code trial}. */
    void evaluate(TrialContext trial) throws Exception;

    /**
     * Whether the metric this evaluator reports is better larger (accuracy: the default) or
     * smaller (a loss, an error): the experiment's direction unless its configuration sets one.
     */
    default Direction direction() {
        return Direction.MAXIMIZE;
    }

    /** The user's own code as an evaluator (NNI's {@code FunctionalEvaluator}). */
    static TrialEvaluator functional(TrialEvaluator code) {
        return code;
    }
}
