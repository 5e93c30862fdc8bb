/**
 * Benchmarks of nas-lib: main classes, never tests (tests must not time anything), run with
 * {@code bench/run.sh <Benchmark> [options]}; {@code --help} lists a benchmark's options. They use
 * nas-lib's public API only, plus {@code org.jnas.nas.internal.store} where the store itself is
 * measured. {@link org.jnas.bench.Stats} holds the statistics they share, {@code Options} their
 * command lines, {@code LibraryVersusExperiment} the rounds of a search run as the library call and
 * as an experiment.
 */
package org.jnas.bench;
