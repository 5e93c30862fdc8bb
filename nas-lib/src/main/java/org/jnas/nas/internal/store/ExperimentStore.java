package org.jnas.nas.internal.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.jnas.nas.results.ExperimentSummary;
import org.jnas.nas.results.StoreException;
import org.jnas.nas.results.UnknownExperimentException;
import org.jnas.nas.strategy.StrategyState;
import org.jnas.nas.trial.TrialRecord;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

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
 * <p>Thread-safe: one connection per store, used under a lock (SQLite serialises writers anyway).
 * Close the store when done; closing does not end the experiments it recorded.
 */
public final class ExperimentStore implements AutoCloseable {
    /** The database's file name in the JNAS home. */
    public static final String FILE_NAME = "jnas.db";
    /** The schema version this code reads and writes ({@code PRAGMA user_version}). */
    static final int SCHEMA_VERSION = 2;

    private final Path file;
    private final Duration busyTimeout;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, PreparedStatement> statements = new HashMap<>();
    /** Writes waiting for the next commit; committed under the lock. */
    private final GroupCommit group = new GroupCommit();
    private Connection connection;

    private ExperimentStore(Path file, Duration busyTimeout, Connection connection) {
        this.file = file;
        this.busyTimeout = busyTimeout;
        this.connection = connection;
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
        return file;
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
        withConnection("create experiment '" + info.id() + "'", c -> {
            Reads.checkIntact(this, c);
            if (Reads.exists(this, info.id())) {
                throw new StoreException("experiment id already stored",
                        "experiment id '" + info.id() + "' is already stored in " + file, null);
            }
            Rows.insertExperiment(this, info, Owner.current(), Instant.now());
            return null;
        });
        return new ExperimentJournal(this, info.id(), onError);
    }

    /**
     * Takes over a stored experiment to continue it ({@code resume}): marks it RUNNING and owned
     * by this process, and returns its journal. Trials of a CRASHED experiment that were waiting
     * or running when its process died are written CANCELLED, as {@link #load} reads them. Read its
     * trials and strategy state with {@link #load} first.
     *
     * @throws UnknownExperimentException if no experiment has this id
     * @throws StoreException if it is still running in a live process, or the database is damaged
     */
    public ExperimentJournal reopen(String id, Consumer<? super StoreException> onError) {
        Objects.requireNonNull(id, "id");
        inTransaction("reopen experiment '" + id + "'", c -> {
            Reads.checkIntact(this, c);
            Rows.takeOver(this, id);
            return null;
        });
        return new ExperimentJournal(this, id, onError);
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
        inTransaction("write what experiment '" + id + "' held back", c -> {
            Reads.checkIntact(this, c);
            if (!Reads.exists(this, id)) {
                Rows.insertExperiment(this, everything.info(), Owner.current(), everything.created());
            } else if (!Reads.ownerOf(this, id).equals(Owner.current())) {
                Rows.takeOver(this, id);
            }
            Rows.updateConfig(this, id, Json.object(everything.info().config()));
            for (TrialRecord trial : everything.trials()) {
                Rows.upsertTrialAndIntermediates(this, id, trial);
            }
            Rows.updateStrategyState(this, id, everything.strategyState().map(StrategyState::json).orElse(null));
            Rows.deleteStrategyCalls(this, id);
            Rows.appendStrategyCalls(this, id, everything.strategyCalls());
            if (everything.status().isDone()) {
                Rows.endExperiment(this, id, everything.status(), everything.ended().orElseGet(Instant::now));
            }
            return null;
        });
        return new ExperimentJournal(this, id, onError);
    }

    /** Summaries of all stored experiments, oldest first. */
    public List<ExperimentSummary> list() {
        return withConnection("list experiments", c -> Reads.list(this));
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
        return withConnection("load experiment '" + id + "'", c -> {
            c.setAutoCommit(false); // one read transaction: a snapshot even while trials write
            try {
                return Reads.load(this, id, asLeft);
            } finally {
                c.rollback();
                c.setAutoCommit(true);
            }
        });
    }

    // ---------------------------------------------------------------- plumbing

    /** Work on the connection under the store's lock. */
    interface SqlWork<T> {
        T run(Connection c) throws SQLException;
    }

    <T> T withConnection(String action, SqlWork<T> work) {
        lock.lock();
        try {
            if (connection == null) {
                throw new StoreException("store closed", "cannot " + action + ": the store on " + file + " is closed",
                        null);
            }
            return work.run(connection);
        } catch (SQLException e) {
            throw failure(file, busyTimeout, action, e);
        } finally {
            lock.unlock();
        }
    }

    /** A transaction of several statements, committed before returning. */
    void inTransaction(String action, SqlWork<Void> work) {
        withConnection(action, c -> {
            c.setAutoCommit(false);
            boolean done = false;
            try {
                work.run(c);
                c.commit();
                done = true;
            } finally {
                if (!done) {
                    c.rollback();
                }
                c.setAutoCommit(true);
            }
            return null;
        });
    }

    /**
     * Runs {@code work} in a transaction shared with the other writes waiting then (group commit),
     * and returns once that transaction is committed: the writes {@link #deferred} before it, and
     * those of other threads that arrive while one commits, so that many writes cost one commit.
     * The thread that finds the connection free commits every write waiting, in the order they
     * came; the others wait for it. A failure rolls back the whole group: each of its writes fails.
     * {@code scope} and {@code trialId} say what it writes of which trial ({@link GroupCommit.Scope}).
     */
    void groupCommitted(String action, SqlWork<Void> work, GroupCommit.Scope scope, long trialId) {
        GroupCommit.Write mine = group.add(action, work, null, scope, trialId);
        List<GroupCommit.Write> taken = List.of();
        lock.lock();
        try {
            if (!mine.isDone()) { // else a write committed it with its group while this one waited for the lock
                taken = group.take();
                group.commit(taken, this::inTransaction);
            }
        } finally {
            lock.unlock();
            GroupCommit.tellFailures(taken);
        }
        mine.throwFailure();
    }

    /**
     * Queues {@code work} without waiting: it is committed, in order, with the next
     * {@link #groupCommitted} write (or {@link #commitDeferred}); if that fails, {@code onFailure}
     * gets the failure, in the thread that committed it, outside the store's lock.
     */
    void deferred(String action, SqlWork<Void> work, Consumer<RuntimeException> onFailure, GroupCommit.Scope scope,
            long trialId) {
        group.add(action, work, onFailure, scope, trialId);
    }

    /** Commits the writes {@link #deferred} so far, if any; their handlers hear of a failure. */
    void commitDeferred() {
        List<GroupCommit.Write> taken = List.of();
        lock.lock();
        try {
            taken = group.take();
            group.commit(taken, this::inTransaction);
        } finally {
            lock.unlock();
            GroupCommit.tellFailures(taken);
        }
    }

    /** A prepared statement of the store's connection, prepared once. Called under the lock. */
    PreparedStatement statement(String sql) throws SQLException {
        PreparedStatement ps = statements.get(sql);
        if (ps == null) {
            ps = connection.prepareStatement(sql);
            statements.put(sql, ps);
        }
        return ps;
    }

    static StoreException failure(Path file, Duration busyTimeout, String action, SQLException e) {
        int code = e instanceof SQLiteException se ? se.getResultCode().code & 0xff : e.getErrorCode() & 0xff;
        if (code == SQLiteErrorCode.SQLITE_NOTADB.code || code == SQLiteErrorCode.SQLITE_CORRUPT.code) {
            return corrupt(file, e.getMessage(), e);
        }
        if (code == SQLiteErrorCode.SQLITE_BUSY.code || code == SQLiteErrorCode.SQLITE_LOCKED.code) {
            return new StoreException("database locked by another process", "the JNAS database " + file
                    + " stayed locked by another connection for more than the busy timeout (" + busyTimeout.toMillis()
                    + " ms) while trying to " + action + "; another process holds a long write transaction. Try again,"
                    + " or close that process.", e);
        }
        return new StoreException(reason(code, file), "could not " + action + " in the JNAS database " + file + ": "
                + e.getMessage(), e);
    }

    /** A SQLite result code in a few words, with what the file system says of a file SQLite cannot write. */
    private static String reason(int code, Path file) {
        if (code == SQLiteErrorCode.SQLITE_READONLY.code || code == SQLiteErrorCode.SQLITE_CANTOPEN.code) {
            if (Files.exists(file) && !Files.isWritable(file)) {
                return "database file is read-only";
            }
            if (!Files.isWritable(file.getParent())) {
                return "JNAS home is not writable"; // no database file, or no room for its write-ahead log
            }
            return code == SQLiteErrorCode.SQLITE_READONLY.code
                    ? "database file is read-only"
                    : "database file cannot be opened or created";
        }
        if (code == SQLiteErrorCode.SQLITE_FULL.code) {
            return "disk full";
        }
        if (code == SQLiteErrorCode.SQLITE_IOERR.code) {
            return "disk I/O error";
        }
        return "database error " + SQLiteErrorCode.getErrorCode(code).name();
    }

    static StoreException corrupt(Path file, String detail, SQLException cause) {
        return new StoreException("database corrupt", "the JNAS database " + file + " is corrupt or not a SQLite"
                + " database (" + detail + "). Nothing was deleted: move the file away to start a new database, or"
                + " point jnas.home / JNAS_HOME at another directory.", cause);
    }

    /**
     * Commits the writes still deferred (unless the last commit failed: the experiment that made
     * them holds them back and writes them later), then closes the connection; journals of this
     * store then report errors instead of writing.
     */
    @Override
    public void close() {
        List<GroupCommit.Write> taken = List.of();
        lock.lock();
        try {
            if (connection == null) {
                return;
            }
            taken = group.take();
            if (group.lastFailed()) {
                group.drop(taken, new StoreException("store closed", "the store on " + file + " was closed after a"
                        + " failed write, before the writes waiting were committed", null));
            } else {
                group.commit(taken, this::inTransaction);
            }
            for (PreparedStatement ps : statements.values()) {
                ps.close();
            }
            statements.clear();
            connection.close();
        } catch (SQLException e) {
            throw failure(file, busyTimeout, "close", e);
        } finally {
            connection = null;
            lock.unlock();
            GroupCommit.tellFailures(taken);
        }
    }

    @Override
    public String toString() {
        return "ExperimentStore[" + file + "]";
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
            SQLiteConfig config = new SQLiteConfig();
            config.setBusyTimeout((int) busyTimeout.toMillis());
            config.setGetGeneratedKeys(false); // nothing reads them, and each insert would query them back
            Connection connection = null;
            try {
                connection = config.createConnection("jdbc:sqlite:" + file);
                try (Statement s = connection.createStatement()) {
                    // journal mode is applied here, not in SQLiteConfig, so that a corrupt file fails
                    // with a SQLException from a statement we can classify
                    s.execute("PRAGMA journal_mode = WAL");
                    s.execute("PRAGMA synchronous = " + (durability == Durability.POWER_LOSS ? "FULL" : "NORMAL"));
                }
                Schema.migrate(connection, file);
                return new ExperimentStore(file, busyTimeout, connection);
            } catch (SQLException e) {
                closeQuietly(connection);
                throw failure(file, busyTimeout, "open the database", e);
            } catch (RuntimeException e) {
                closeQuietly(connection);
                throw e;
            }
        }

        private static void closeQuietly(Connection c) {
            if (c != null) {
                try {
                    c.close();
                } catch (SQLException ignored) {
                    // the open already failed; that error is the one to report
                }
            }
        }
    }
}
