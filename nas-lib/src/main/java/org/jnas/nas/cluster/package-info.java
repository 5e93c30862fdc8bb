/**
 * Where an experiment's trials run: {@link org.jnas.nas.cluster.Backends#local()} (threads of this
 * JVM, the default) or {@link org.jnas.nas.cluster.Backends#slurm()} (Slurm jobs whose worker JVMs run
 * trial after trial).
 *
 * <p>A Slurm experiment shares a directory with its jobs (see docs/cluster.md): the class path and
 * the serialized space and evaluator, shipped once; per trial its sample, job script, an
 * append-only events file the worker writes and a stop-request file the experiment writes; per job
 * its log and the handover file through which its idle worker gets the next trial. Jobs
 * need no connection back: the experiment polls {@code squeue} once for all its jobs and reads the
 * events files; only the experiment writes the store.
 */
package org.jnas.nas.cluster;
