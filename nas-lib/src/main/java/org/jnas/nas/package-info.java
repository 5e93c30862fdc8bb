/**
 * JNAS: multi-trial neural architecture search on DJL, the Java counterpart of NNI Retiarii.
 *
 * <p>This package is the user-facing API, so that one {@code import org.jnas.nas.*;} is enough in a
 * notebook: a {@link org.jnas.nas.space.ModelSpace} (a DJL block with mutation points), a
 * {@link org.jnas.nas.strategy.Strategy} that explores it, a {@link org.jnas.nas.trial.TrialEvaluator} that trains
 * and scores one architecture, and an {@link org.jnas.nas.Experiment} that ties them together and
 * runs trials concurrently in background threads. The machinery lives in sub-packages.
 */
package org.jnas.nas;
