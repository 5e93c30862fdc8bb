package org.jnas.nas.cluster;

/**
 * Where an experiment's trials run, set with {@code exp.config().backend(...)}: made by
 * {@link Backends}. Immutable.
 */
public sealed interface Backend permits Backends.Local, SlurmBackend {
}
