package org.jnas.nas;

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
}
