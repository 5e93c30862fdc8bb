/**
 * Exploration strategies and the middleware around them.
 *
 * <p>The strategies of NNI Retiarii, each reachable from {@link org.jnas.nas.strategy.Strategy}:
 * {@link org.jnas.nas.strategy.RandomStrategy}, {@link org.jnas.nas.strategy.GridSearch},
 * {@link org.jnas.nas.strategy.RegularizedEvolution}, {@link org.jnas.nas.strategy.Tpe} and
 * {@link org.jnas.nas.strategy.PolicyBasedRL}. They see a space only through
 * {@link org.jnas.nas.space.SearchSpace}, draw every sample through {@code SearchSpace.sample} (so
 * conditional spaces need nothing special), optimise in the search's
 * {@link org.jnas.nas.trial.Direction}, are reproducible for a seed, end with {@code EXHAUSTED} instead of
 * looping when the space runs out, and save their state as the seed plus the log of ask/tell calls
 * (restoring replays it, so a resumed search proposes exactly what an uninterrupted one would).
 *
 * <p>{@link org.jnas.nas.strategy.Middleware} wraps any strategy with dedup, retry or ignore on
 * failure, and median-stop early stopping.
 */
package org.jnas.nas.strategy;
