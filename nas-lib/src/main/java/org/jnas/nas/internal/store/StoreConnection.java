package org.jnas.nas.internal.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.jnas.nas.results.StoreException;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * The store's one connection to its SQLite file, used under a lock: how work reaches the file
 * (alone, in a transaction, or in a group commit with other threads' writes), its prepared
 * statements, and what a {@link SQLException} means for the user, as a {@link StoreException}.
 * {@link ExperimentStore} says what is written and read; this class says how.
 */
final class StoreConnection implements AutoCloseable {
    /** Work on the connection under the store's lock. */
    interface SqlWork<T> {
        T run(Connection c) throws SQLException;
    }

    private final Path file;
    private final Duration busyTimeout;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, PreparedStatement> statements = new HashMap<>();
    /** Writes waiting for the next commit; committed under the lock. */
    private final GroupCommit group = new GroupCommit();
    private Connection connection;

    private StoreConnection(Path file, Duration busyTimeout, Connection connection) {
        this.file = file;
        this.busyTimeout = busyTimeout;
        this.connection = connection;
    }

    /**
     * Opens {@code file} (creating it and its schema as needed) in WAL mode, so that readers never
     * block the running experiment.
     *
     * @throws StoreException if the file is corrupt, locked, or written by a newer JNAS
     */
    static StoreConnection open(Path file, Duration busyTimeout, Durability durability) {
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
            return new StoreConnection(file, busyTimeout, connection);
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

    /** The database file. */
    Path file() {
        return file;
    }

    /**
     * Runs {@code work} on the connection under the lock; a {@link SQLException} comes out as a
     * {@link StoreException} that says what it means and names {@code action} ("create experiment 'x'").
     */
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

    /** A read of several statements as one consistent snapshot, even while trials write. */
    <T> T inSnapshot(String action, SqlWork<T> work) {
        return withConnection(action, c -> {
            c.setAutoCommit(false); // one read transaction
            try {
                return work.run(c);
            } finally {
                c.rollback();
                c.setAutoCommit(true);
            }
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

    /** A prepared statement of the connection, prepared once. Called under the lock. */
    PreparedStatement statement(String sql) throws SQLException {
        PreparedStatement ps = statements.get(sql);
        if (ps == null) {
            ps = connection.prepareStatement(sql);
            statements.put(sql, ps);
        }
        return ps;
    }

    /**
     * Commits the writes still deferred (unless the last commit failed: the experiment that made
     * them holds them back and writes them later), then closes the connection; later work fails
     * with "store closed".
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

    // ---------------------------------------------------------------- what a SQLException means

    private static StoreException failure(Path file, Duration busyTimeout, String action, SQLException e) {
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
}
