/**
 * One-shot (weight-sharing) search on the same {@link org.jnas.nas.space.ModelSpace} that
 * multi-trial strategies search: {@link org.jnas.nas.oneshot.OneShotSearch} builds the space once
 * as a supernet whose mixed blocks hold every candidate, trains it with first-order DARTS and
 * returns a {@link org.jnas.nas.oneshot.OneShotResult}: the most likely architecture as a sample of
 * the space, and the probabilities per label.
 *
 * <p>Package-private machinery: the sampler that runs a space function in supernet mode, the mixed
 * blocks it returns, the architecture parameters (one per label, kept outside the DJL block tree so
 * that the weight optimiser never sees them), and the two DARTS steps, each of which changes only
 * its own set of parameters. Nothing in nas-lib depends on this package; it uses space, trial and
 * data.
 */
package org.jnas.nas.oneshot;
