/**
 * Model spaces (the bottom layer): {@link org.jnas.nas.space.ModelSpace}, the
 * {@link org.jnas.nas.space.Sampler} a space function receives, {@link org.jnas.nas.space.Sample}
 * and {@link org.jnas.nas.space.Choice}, ready-made {@link org.jnas.nas.space.Layers}; and,
 * package-private, the machinery behind them: the sampler that runs a space function
 * under a source of decisions, the registry that keeps labels consistent, depth-first enumeration,
 * size computation, and the blocks the primitives return ({@link org.jnas.nas.space.InputChoiceBlock},
 * {@link org.jnas.nas.space.CellBlock}).
 *
 * <p>One idea carries everything: a space is a deterministic function of its decisions. Running it
 * with decisions read from a {@link org.jnas.nas.space.Sample} builds that architecture; running it with
 * decisions from a strategy draws a sample; running it with a depth-first odometer of decisions
 * enumerates the space.
 */
package org.jnas.nas.space;
