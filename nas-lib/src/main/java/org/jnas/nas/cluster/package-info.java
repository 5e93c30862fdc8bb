/**
 * Where an experiment's trials run: {@link org.jnas.nas.cluster.Backends#local()} (threads of this
 * JVM, the default) or {@link org.jnas.nas.cluster.Backends#slurm()} (one Slurm job per trial).
 *
 * <p>A Slurm experiment shares a directory with its jobs (see docs/cluster.md): the class path and
 * the serialized space and evaluator, shipped once; per trial its sample, job script, log, an
 * append-only events file the worker writes and a stop-request file the experiment writes. Jobs
 * need no connection back: the experiment polls {@code squeue} once for all its jobs and reads the
 * events files; only the experiment writes the store.
 */
package org.jnas.nas.cluster;
