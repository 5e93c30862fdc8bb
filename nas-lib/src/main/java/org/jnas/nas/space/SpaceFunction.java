package org.jnas.nas.space;

import ai.djl.nn.Block;
import java.io.Serializable;
import java.util.function.Function;

/**
 * The function that defines a {@link ModelSpace}: a {@link Sampler} in, a fresh DJL {@link Block}
 * out. It is {@link Serializable} so that a lambda written for it can be shipped by value to a
 * trial that runs in another JVM (a cluster job); what the lambda captures must then be
 * serializable too.
 */
@FunctionalInterface
public interface SpaceFunction extends Function<Sampler, Block>, Serializable {
}
