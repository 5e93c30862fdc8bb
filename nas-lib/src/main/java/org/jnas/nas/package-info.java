/**
 * JNAS: multi-trial neural architecture search on DJL, the Java counterpart of NNI Retiarii.
 *
 * <p>This package is the experiment facade, the top layer: an {@link org.jnas.nas.Experiment} ties a
 * model space ({@code org.jnas.nas.space}), a strategy ({@code org.jnas.nas.strategy}) and an
 * evaluator ({@code org.jnas.nas.trial}, {@code org.jnas.nas.evaluator}) together, runs the search on
 * the engine, stores it as it runs and shows it; {@link org.jnas.nas.ExperimentView} reads a stored
 * one back. The layers below know nothing of this package (ArchitectureTest checks it); the kernel
 * and the {@code jnas-jshell} launcher import them all.
 */
package org.jnas.nas;
