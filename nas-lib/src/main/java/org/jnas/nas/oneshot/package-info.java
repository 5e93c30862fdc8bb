/**
 * One-shot (weight-sharing) search on the same {@link org.jnas.nas.space.ModelSpace} that
 * multi-trial strategies search, as an experiment's strategy ({@link org.jnas.nas.oneshot.OneShot}:
 * the supernet trains as one trial, checkpointed each epoch) or as a library call:
 * {@link org.jnas.nas.oneshot.OneShotSearch} builds the space once
 * as a supernet whose mixed blocks hold every candidate, trains it with DARTS (first or second order),
 * GumbelDARTS, GDAS, Proxyless, ENAS or RandomOneShot (SPOS), optionally with a penalty on the expected
 * cost, and returns a {@link org.jnas.nas.oneshot.OneShotResult}: the
 * chosen architecture as a sample of the space, the probabilities per label, and for RandomOneShot
 * architectures ranked with the supernet's inherited weights.
 *
 * <p>Package-private machinery: the sampler that runs a space function in supernet mode, the mixed
 * blocks it returns (cells mixed per edge over their inputs and ops, and the weight-shared layers of value choices over Linear units or Conv2d
 * filters and kernels), the architecture parameters (one per label, kept outside the DJL block tree so
 * that the weight optimiser never sees them), their relaxation (softmax, soft or hard
 * Gumbel-softmax, or Proxyless's sampled binary gates), and the steps: the two DARTS steps, each of which changes only
 * its own set of parameters, second-order DARTS's unrolled architecture step, the weight step along one path (SPOS, GDAS, Proxyless, ENAS), with the weights
 * off the path frozen, ENAS's REINFORCE controller (an LSTM over the labels, or a policy per label), the cost penalty read from profiles of the
 * candidates, and the ranking by inherited weights; the epoch checkpoints (weights, SGD momentum,
 * architecture state), subnets taken out of them, and the check, before training, that a path of a
 * supernet with weight-shared layers computes what its architecture does. Only the facade depends on this package; it uses space, trial,
 * strategy, evaluator, data and profile.
 */
package org.jnas.nas.oneshot;
