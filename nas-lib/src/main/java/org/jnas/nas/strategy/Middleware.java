package org.jnas.nas.strategy;

import ai.djl.ndarray.types.Shape;
import org.jnas.nas.profile.Profile;
import org.jnas.nas.profile.ProfileLimit;
import org.jnas.nas.trial.Objective;

/**
 * Cross-cutting behaviour that wraps any {@link Strategy} (NNI v3's strategy middleware), so each
 * strategy stays small. Every wrapper is itself a strategy, so they compose, and it keeps the
 * contract with the strategy it wraps: that strategy is still told exactly one outcome per
 * proposal it made. Saving and restoring a wrapper saves and restores the whole stack.
 *
 * <p>Order matters where wrappers meet: keep {@link #retryFailures} outside {@link #dedup}, since
 * dedup would take a retry for a repeat and answer it with the failure.
 *
 * <pre>{@code
 * Strategy s = Middleware.medianStop(Middleware.retryFailures(Strategy.tpe(), 2));
 * }</pre>
 */
public final class Middleware {
    private Middleware() {}

    /**
     * Never proposes an architecture twice. A repeated proposal of {@code inner} is not run: the
     * inner strategy is told the result of the earlier trial of that architecture (at once, or when
     * that trial ends) and asked again; after 16 repeats in a row a random unseen architecture is
     * proposed instead (its result is not passed on). Ends the search once every architecture has
     * been proposed.
     */
    public static Strategy dedup(Strategy inner) {
        return new DedupMiddleware(inner);
    }

    /**
     * Never trains an architecture that breaks {@code limit} (NNI's filter middleware, for a
     * parameter or MACs budget). Each architecture {@code inner} proposes is profiled first
     * ({@link Profile#of(org.jnas.nas.space.ModelSpace, org.jnas.nas.space.Sample, Shape)} for
     * {@code inputShape}, batch axis included: no weights trained, no data read, about a
     * millisecond); one over the limit is not run: {@code inner} is told at once that it FAILED
     * (a {@link TrialOutcome} with a negative trial id and no metric) and asked again. The
     * experiment counts these as skipped ({@link Strategy#skipped()}, the progress line); they do
     * not use the trial budget. After 1000 skips in a row the search ends.
     *
     * <p>Keep it outermost: dedup inside it stops a strategy from proposing a skipped architecture
     * again (a grid search ends after visiting every architecture once, skipped or trained), and a
     * retry of failures inside it would retry the skipped ones. Needs a {@code ModelSpace}. A MACs
     * limit on an architecture with blocks whose MACs are unknown ends the search with an error,
     * rather than guess.
     *
     * <pre>{@code
     * Strategy s = Middleware.constraint(Strategy.gridSearch(), ProfileLimit.parameters(1_000_000),
     *         new Shape(1, 1, 28, 28));
     * }</pre>
     */
    public static Strategy constraint(Strategy inner, ProfileLimit limit, Shape inputShape) {
        return new ConstraintMiddleware(inner, limit, inputShape);
    }

    /**
     * Scalarises several objectives for a single-objective strategy: {@code inner} is started to
     * maximise, and learns as each trial's metric the sum over {@code objectives} of {@code weight x
     * score}, where the score is the objective's final metric, negated when it is minimised. E.g.
     * {@code weightedSum(Strategy.tpe(), Objective.maximize("default"),
     * Objective.minimize("params").weight(1e-7))} looks for accuracy less 0.1 per million parameters.
     * A trial without a finite value of every objective teaches {@code inner} no metric (as an
     * early-stopped one without result). Intermediate results reach {@code inner} as the score of the
     * default metric (negated when the experiment minimises), on another scale than the sums: keep
     * {@link #medianStop} outside it. The experiment's tables, best trial and kept weights still go by
     * the default metric; set the same objectives on the experiment ({@code config().objectives})
     * to see the Pareto front.
     *
     * @throws IllegalArgumentException when no objective is given or one metric is named twice
     */
    public static Strategy weightedSum(Strategy inner, Objective... objectives) {
        return new WeightedSumMiddleware(inner, java.util.List.of(objectives));
    }

    /**
     * Runs a failed architecture again, up to {@code maxRetries} more times, before the inner
     * strategy learns of the failure; a retry that succeeds is what it learns instead. Retries are
     * proposed before anything new. Matches trials to retries by architecture.
     */
    public static Strategy retryFailures(Strategy inner, int maxRetries) {
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must be >= 0: " + maxRetries);
        }
        return new FailureMiddleware(inner, maxRetries, false);
    }

    /**
     * Hides failures from the inner strategy: a failed trial reaches it as CANCELLED, an outcome
     * that carries no information. (It is still told, because the contract promises one outcome per
     * proposal and strategies count their running trials; and its own failure policy, such as
     * RegularizedEvolution's {@code "worst"}, does not apply.)
     */
    public static Strategy ignoreFailures(Strategy inner) {
        return new FailureMiddleware(inner, 0, true);
    }

    /**
     * Median-stop early stopping with default settings: {@code medianStop(inner, 5, 1)}.
     */
    public static Strategy medianStop(Strategy inner) {
        return medianStop(inner, 5, 1);
    }

    /**
     * NNI's {@code Medianstop} assessor: a running trial is stopped at step t when the best
     * intermediate result it has reported so far is worse (in the search's direction) than the
     * median, over the trials that succeeded with more than t intermediate results, of their
     * running averages at step t. It only judges once {@code warmupTrials} trials have succeeded
     * and the trial has reported at least {@code minSteps} intermediate results.
     */
    public static Strategy medianStop(Strategy inner, int warmupTrials, int minSteps) {
        if (warmupTrials < 1) {
            throw new IllegalArgumentException("warmupTrials must be >= 1: " + warmupTrials);
        }
        if (minSteps < 1) {
            throw new IllegalArgumentException("minSteps must be >= 1: " + minSteps);
        }
        return new MedianStopMiddleware(inner, warmupTrials, minSteps);
    }
}
