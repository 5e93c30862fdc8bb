/**
 * The execution engine: runs an experiment's trials on a pool of daemon threads, one device
 * each, and tells the strategy and the listeners how they went.
 *
 * <p>Public here for the rest of the library, not for notebooks: {@link
 * org.jnas.nas.internal.engine.TrialDriver} (the search loop behind {@code Experiment}), {@link
 * org.jnas.nas.trial.ConcurrentModel} and {@link org.jnas.nas.trial.ConcurrentTrainer} (DJL
 * training that is safe and genuinely parallel in several threads) and {@link
 * org.jnas.nas.trial.CurrentTrial} (what {@code Nas.reportFinalResult} reads). Everything else is
 * package-private.
 */
package org.jnas.nas.internal.engine;
