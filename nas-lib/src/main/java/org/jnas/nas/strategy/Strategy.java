package org.jnas.nas.strategy;

import java.util.List;
import org.jnas.nas.space.Sample;
import org.jnas.nas.space.SearchSpace;
import org.jnas.nas.trial.Direction;

/**
 * An exploration strategy: proposes samples of a space and learns from the trials' results
 * (ask/tell). It sees the space only through {@link SearchSpace}, so any strategy works on any
 * space, and it never runs anything itself: an experiment (or a test's fake engine) asks it for
 * proposals while there are free slots and budget, and tells it every outcome.
 *
 * <p>The execution side calls a strategy from one thread at a time. Every strategy is
 * reproducible for a given seed and sequence of outcomes, and can save and restore its state.
 */
public interface Strategy {

    /**
     * A short name for tables and logs, e.g. {@code "Random(dedup)"}, that shows every setting
     * changing what the strategy proposes: an experiment resumes only with a strategy of the name it
     * was searched by.
     */
    String name();

    /**
     * Prepares a search of {@code space}; called once before the first proposal, and again before
     * {@link #restoreState} when a search is resumed.
     */
    void start(SearchSpace space, Direction direction, long seed);

    /** The next sample to try, {@link Proposal#WAIT}, or {@link Proposal#EXHAUSTED}. */
    Proposal propose(Capacity capacity);

    /** Learns how a proposed trial ended. Called once per proposal. */
    void onTrialEnd(TrialOutcome outcome);

    /**
     * Learns an intermediate result of a running trial (the default metric at {@code step}, from 0).
     *
     * @return true to stop that trial early (what early-stopping middleware returns)
     */
    default boolean onIntermediate(long trialId, Sample sample, int step, double value) {
        return false;
    }

    /**
     * How many architectures this strategy, or a middleware in it, ruled out without proposing
     * them for training (see {@link Middleware#constraint}); the experiment's progress line shows
     * them as skipped. Counts since {@link #start}, restored state included.
     */
    default long skipped() {
        return 0;
    }

    /**
     * The strategies this one starts and drives with itself (a middleware's inner strategy): a
     * running experiment holds them with this one, so that no other search starts them meanwhile.
     * None by default; a strategy of yours that wraps another returns it.
     */
    default List<Strategy> wrapped() {
        return List.of();
    }

    /** The state needed to continue this search later (in this process or after a restart). */
    StrategyState saveState();

    /** Continues from a state written by {@link #saveState} (after {@link #start}). */
    void restoreState(StrategyState state);

    /** Uniform random sampling; deduplicated unless told otherwise (NNI's {@code Random}). */
    static RandomStrategy random() {
        return new RandomStrategy();
    }

    /** Every architecture in a deterministic order, optionally shuffled (NNI's {@code GridSearch}). */
    static GridSearch gridSearch() {
        return new GridSearch();
    }

    /** Aging evolution of Real et al. (NNI's {@code RegularizedEvolution}). */
    static RegularizedEvolution regularizedEvolution() {
        return new RegularizedEvolution();
    }

    /**
     * Multi-objective evolution, NSGA-II style (non-dominated sorting, crowding distance, tournament
     * selection, mutation); set its objectives: {@code Strategy.nsga2().objectives(
     * Objective.maximize("default"), Objective.minimize("params"))}.
     */
    static Nsga2 nsga2() {
        return new Nsga2();
    }

    /** Tree-structured Parzen estimator (NNI's {@code TPE}), honouring the direction. */
    static Tpe tpe() {
        return new Tpe();
    }

    /** A policy-gradient (REINFORCE) controller over the choices (NNI's {@code PolicyBasedRL}). */
    static PolicyBasedRL policyBasedRL() {
        return new PolicyBasedRL();
    }
}
