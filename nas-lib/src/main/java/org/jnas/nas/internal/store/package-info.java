/**
 * The embedded database that keeps every experiment: its configuration, trials, intermediate and
 * final metrics, written as they happen so that a killed process loses nothing it reported.
 *
 * <p>{@link org.jnas.nas.internal.store.ExperimentStore} is the entry point: it opens the SQLite file under
 * the JNAS home ({@code jnas.home}, {@code JNAS_HOME} or {@code ~/.jnas}), hands the experiment an
 * {@link org.jnas.nas.internal.store.ExperimentJournal} per running experiment (the write side, one
 * transaction per event), and lists and loads stored experiments for {@code view} and
 * {@code resume} (the read side). Internal: public only for the facade.
 *
 * <p>Behind them, package-private: {@code StoreConnection} (the one connection, its lock,
 * transactions, group commit and error messages), {@code GroupCommit} (the writes waiting for the
 * next commit), {@code Schema}, {@code Rows} (the writes, one statement each) and {@code Reads}.
 */
package org.jnas.nas.internal.store;
