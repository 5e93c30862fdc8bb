/**
 * One-shot (weight-sharing) search on the same {@link org.jnas.nas.space.ModelSpace} that
 * multi-trial strategies search, as an experiment's strategy ({@link org.jnas.nas.oneshot.OneShot}:
 * the supernet trains as one trial, checkpointed each epoch) or as a library call:
 * {@link org.jnas.nas.oneshot.OneShotSearch} builds the space once
 * as a supernet whose mixed blocks hold every candidate, trains it with first-order DARTS,
 * GumbelDARTS or RandomOneShot (SPOS) and returns a {@link org.jnas.nas.oneshot.OneShotResult}: the
 * chosen architecture as a sample of the space, the probabilities per label, and for RandomOneShot
 * architectures ranked with the supernet's inherited weights.
 *
 * <p>Package-private machinery: the sampler that runs a space function in supernet mode, the mixed
 * blocks it returns, the architecture parameters (one per label, kept outside the DJL block tree so
 * that the weight optimiser never sees them), their relaxation (softmax or Gumbel-softmax), and the
 * steps: the two DARTS steps, each of which changes only its own set of parameters, and SPOS's step
 * along one path, with the weights off the path frozen. Only the facade depends on this package; it uses space, trial,
 * strategy, evaluator and data.
 */
package org.jnas.nas.oneshot;
