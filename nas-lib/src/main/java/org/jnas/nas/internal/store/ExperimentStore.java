package org.jnas.nas.internal.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.jnas.nas.results.ExperimentSummary;
import org.jnas.nas.results.StoreException;
import org.jnas.nas.results.UnknownExperimentException;
import org.jnas.nas.strategy.StrategyState;
import org.jnas.nas.trial.TrialRecord;

/**
 * The SQLite database of all experiments under a JNAS home ({@value #FILE_NAME}).
 *
 * <p>Write side: {@link #create} (and {@link #reopen} for a resume) hand out an
 * {@link ExperimentJournal} on which the experiment reports each event as it happens; each event
 * is committed before the call returns, in a transaction shared with the events that other
 * threads report at the same moment (group commit). An experiment that could not write
 * for a while writes all it held back in one transaction with {@link #catchUp}. Read side:
 * {@link #list()} and {@link #load(String)}.
 *
 * <p>One file holds every experiment, so that listing them is one query and one schema version
 * covers them all; the file is in WAL mode, so readers (a dashboard, a second notebook) never
 * block the running experiment, and writers in several processes take turns under a busy timeout.
 *
 * <p>Thread-safe: one connection per store, used under a lock (SQLite serialises writers anyway;
 * {@link StoreConnection} is how work reaches the file). Close the store when done; closing does
 * not end the experiments it recorded.
 */
public final class ExperimentStore implements AutoCloseable {
    /**
     * The {@link StoreException#reason()} of a {@link #reopen} refused because the experiment runs
     * in a live process (another, or this one through another {@code Experiment} object): not a
     * store failure to wait out, but a resume to refuse.
     */
    public static final String RUNNING_ELSEWHERE = "experiment running in another process";
    /** The {@link StoreException#reason()} of a {@link #reopen} of an experiment that another resume continued since it was loaded. */
    public static final String CHANGED_SINCE_LOADED = "experiment changed since it was loaded";

    /** The database's file name in the JNAS home. */
    public static final String FILE_NAME = "jnas.db";

    private final StoreConnection db;

    private ExperimentStore(StoreConnection db) {
        this.db = db;
    }

    /** The default JNAS home: {@code jnas.home}, else {@code JNAS_HOME}, else {@code ~/.jnas} (not created here). */
    public static Path defaultHome() {
        return JnasHome.resolve();
    }

    /** Opens (creating if needed) the database under {@link JnasHome#resolve()}. */
    public static ExperimentStore open() {
        return builder().build();
    }

    /** Opens (creating if needed) the database under {@code home}. */
    public static ExperimentStore open(Path home) {
        return builder().optHome(home).build();
    }

    /** A builder for a store with non-default settings. */
    public static Builder builder() {
        return new Builder();
    }

    /** The database file. */
    public Path file() {
        return db.file();
    }

    /**
     * Records a new experiment, RUNNING and owned by this process, and returns its journal. Call
     * it when the experiment starts.
     *
     * @param onError receives every store error of the journal's events (which never throw), so
     *     the experiment decides what a failed write means; null logs them as warnings
     * @throws StoreException if the id is taken, or the database cannot be written or is damaged
     *     ({@code PRAGMA quick_check})
     */
    public ExperimentJournal create(ExperimentInfo info, Consumer<? super StoreException> onError) {
        Objects.requireNonNull(info, "info");
        db.withConnection("create experiment '" + info.id() + "'", c -> {
            Reads.checkIntact(db, c);
            if (Reads.exists(db, info.id())) {
                throw new StoreException("experiment id already stored",
                        "experiment id '" + info.id() + "' is already stored in " + db.file(), null);
            }
            Rows.insertExperiment(db, info, Owner.current(), Instant.now());
            return null;
        });
        return new ExperimentJournal(db, info.id(), onError);
    }

    /**
     * Takes over a stored experiment to continue it ({@code resume}): marks it RUNNING and owned
     * by this process, and returns its journal. Trials of a CRASHED experiment that were waiting
     * or running when its process died are written CANCELLED, as {@link #load} reads them. Read its
     * trials and strategy state with {@link #load} first.
     *
     * @param loadedTrials how many trials that load found: a store holding others now was continued
     *     by another resume since, and this one would write over its trials
     * @throws UnknownExperimentException if no experiment has this id
     * @throws StoreException if it is still running in a live process ({@link #RUNNING_ELSEWHERE}),
     *     has other trials than loaded ({@link #CHANGED_SINCE_LOADED}), or the database is damaged
     */
    public ExperimentJournal reopen(String id, int loadedTrials, Consumer<? super StoreException> onError) {
        Objects.requireNonNull(id, "id");
        db.inTransaction("reopen experiment '" + id + "'", c -> {
            Reads.checkIntact(db, c);
            int now = Rows.takeOver(db, id).trials(); // taking over rewrites trials, adds none
            if (now != loadedTrials) {
                throw new StoreException(CHANGED_SINCE_LOADED, "experiment '" + id + "' has " + now + " trials, not the "
                        + loadedTrials + " this resume loaded: another resume continued it since; resume it again", null);
            }
            return null;
        });
        return new ExperimentJournal(db, id, onError);
    }

    /**
     * Writes in one transaction everything an experiment has reported that could not be written as
     * it happened (the database was locked, read-only or out of reach): its row, created if missing
     * and else taken over as {@link #reopen} does unless this process owns it already; its
     * configuration; every trial with its intermediates; its strategy state; and its end once it
     * ended. Returns its journal, for the events that follow.
     *
     * @param everything the experiment as its process knows it: its status is RUNNING, or how it
     *     ended
     * @throws StoreException if it cannot be written (then none of it is), the database is damaged,
     *     or the experiment runs in another live process
     */
    public ExperimentJournal catchUp(StoredExperiment everything, Consumer<? super StoreException> onError) {
        Objects.requireNonNull(everything, "everything");
        String id = everything.id();
        db.inTransaction("write what experiment '" + id + "' held back", c -> {
            Reads.checkIntact(db, c);
            if (!Reads.exists(db, id)) {
                Rows.insertExperiment(db, everything.info(), Owner.current(), everything.created());
            } else if (!Reads.ownerOf(db, id).equals(Owner.current())) {
                Rows.takeOver(db, id);
            }
            Rows.updateConfig(db, id, Json.object(everything.info().config()));
            for (TrialRecord trial : everything.trials()) {
                Rows.upsertTrialAndIntermediates(db, id, trial);
            }
            Rows.updateStrategyState(db, id, everything.strategyState().map(StrategyState::json).orElse(null));
            Rows.deleteStrategyCalls(db, id);
            Rows.appendStrategyCalls(db, id, everything.strategyCalls());
            if (everything.status().isDone()) {
                Rows.endExperiment(db, id, everything.status(), everything.ended().orElseGet(Instant::now));
            }
            return null;
        });
        return new ExperimentJournal(db, id, onError);
    }

    /** Summaries of all stored experiments, oldest first. */
    public List<ExperimentSummary> list() {
        return db.withConnection("list experiments", c -> Reads.list(db));
    }

    /**
     * Everything stored about one experiment: configuration, choices, strategy state, and all
     * trials with their intermediates, read as one consistent snapshot.
     *
     * @throws UnknownExperimentException if no experiment has this id
     */
    public StoredExperiment load(String id) {
        return load(id, false);
    }

    /**
     * {@link #load(String)}, for a resume when {@code asLeft}: the trials a crashed run left
     * unfinished stay unfinished (not CANCELLED), so that a backend whose trials outlive the
     * process (cluster jobs) can re-attach to them.
     */
    public StoredExperiment load(String id, boolean asLeft) {
        Objects.requireNonNull(id, "id");
        return db.inSnapshot("load experiment '" + id + "'", c -> Reads.load(db, id, asLeft));
    }

    /** The store's connection, for the package's tests. */
    StoreConnection db() {
        return db;
    }

    /**
     * Commits the writes still deferred (unless the last commit failed: the experiment that made
     * them holds them back and writes them later), then closes the connection; journals of this
     * store then report errors instead of writing.
     */
    @Override
    public void close() {
        db.close();
    }

    @Override
    public String toString() {
        return "ExperimentStore[" + db.file() + "]";
    }

    /** Settings of a store: home directory, busy timeout, durability. */
    public static final class Builder {
        private Path home;
        private Duration busyTimeout = Duration.ofSeconds(5);
        private Durability durability = Durability.PROCESS_CRASH;

        private Builder() {}

        /** The JNAS home directory (default {@link JnasHome#resolve()}); created if missing. */
        public Builder optHome(Path home) {
            this.home = Objects.requireNonNull(home, "home");
            return this;
        }

        /** How long to wait for another process's write lock before failing (default 5 s). */
        public Builder optBusyTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.toMillis() > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("busy timeout out of range: " + timeout);
            }
            this.busyTimeout = timeout;
            return this;
        }

        /** How hard commits are pushed to disk (default {@link Durability#PROCESS_CRASH}). */
        public Builder optDurability(Durability durability) {
            this.durability = Objects.requireNonNull(durability, "durability");
            return this;
        }

        /**
         * Opens the database, creating the home, the file and the schema as needed.
         *
         * @throws StoreException if the home cannot be created, or the file is corrupt, locked,
         *     or written by a newer JNAS
         */
        public ExperimentStore build() {
            Path dir = (home != null ? home : JnasHome.resolve()).toAbsolutePath();
            Path file = dir.resolve(FILE_NAME);
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new StoreException("JNAS home cannot be created", "cannot create the JNAS home " + dir + ": " + e,
                        e);
            }
            if (Files.isDirectory(file)) {
                throw new StoreException("database path is a directory",
                        "the JNAS database " + file + " is a directory, not a file", null);
            }
            return new ExperimentStore(StoreConnection.open(file, busyTimeout, durability));
        }
    }
}
