package org.jnas.nas.internal.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.jnas.nas.trial.Direction;
import org.jnas.nas.results.ExperimentStatus;
import org.jnas.nas.space.Sample;
import org.jnas.nas.trial.TrialRecord;
import org.jnas.nas.trial.TrialStatus;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;
import org.jnas.nas.results.ExperimentSummary;
import org.jnas.nas.results.StoreException;
import org.jnas.nas.results.UnknownExperimentException;

/**
 * The SQLite database of all experiments under a JNAS home ({@value #FILE_NAME}).
 *
 * <p>Write side: {@link #create} (and {@link #reopen} for a resume) hand out an
 * {@link ExperimentJournal} on which the experiment reports each event as it happens; each event
 * is its own transaction, committed before the call returns. Read side: {@link #list()} and
 * {@link #load(String)}.
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
    static final int SCHEMA_VERSION = 1;

    private static final String TRIAL_COLUMNS =
            "trial_id, sample, status, device, submitted, started, ended, final_metrics, metric, error, log";

    private final Path file;
    private final Duration busyTimeout;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, PreparedStatement> statements = new HashMap<>();
    private Connection connection;

    private ExperimentStore(Path file, Duration busyTimeout, Connection connection) {
        this.file = file;
        this.busyTimeout = busyTimeout;
        this.connection = connection;
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

    // ---------------------------------------------------------------- write side

    /**
     * Records a new experiment, RUNNING and owned by this process, and returns its journal. Call
     * it when the experiment starts.
     *
     * @param onError receives every store error of the journal's events (which never throw), so
     *     the experiment decides what a failed write means; null logs them as warnings
     * @throws StoreException if the id is taken or the database cannot be written
     */
    public ExperimentJournal create(ExperimentInfo info, Consumer<? super StoreException> onError) {
        Objects.requireNonNull(info, "info");
        Owner owner = Owner.current();
        String now = Instant.now().toString();
        withConnection("create experiment '" + info.id() + "'", c -> {
            if (exists(info.id())) {
                throw new StoreException("experiment id '" + info.id() + "' is already stored in " + file
                        + "; pick another id (ExperimentInfo.newId())");
            }
            PreparedStatement ps = statement("INSERT INTO experiments (id, name, created, ended, status, config, space,"
                    + " choices, strategy, strategy_state, direction, owner_pid, owner_start, owner_host)"
                    + " VALUES (?, ?, ?, NULL, ?, ?, ?, ?, ?, NULL, ?, ?, ?, ?)");
            ps.setString(1, info.id());
            ps.setString(2, info.name());
            ps.setString(3, now);
            ps.setString(4, ExperimentStatus.RUNNING.name());
            ps.setString(5, Json.object(info.config()));
            ps.setString(6, info.spaceName());
            ps.setString(7, Json.choices(info.choices()));
            ps.setString(8, info.strategyName());
            ps.setString(9, info.direction().name());
            ps.setLong(10, owner.pid());
            ps.setLong(11, owner.startMillis());
            ps.setString(12, owner.host());
            ps.executeUpdate();
            return null;
        });
        return new ExperimentJournal(this, info.id(), onError);
    }

    /**
     * Takes over a stored experiment to continue it ({@code resume}): marks it RUNNING and owned
     * by this process, and returns its journal. Read its trials and strategy state with
     * {@link #load} first.
     *
     * @throws UnknownExperimentException if no experiment has this id
     * @throws StoreException if it is still running in a live process
     */
    public ExperimentJournal reopen(String id, Consumer<? super StoreException> onError) {
        Objects.requireNonNull(id, "id");
        Owner owner = Owner.current();
        withConnection("reopen experiment '" + id + "'", c -> {
            ExperimentSummary summary = summary(id);
            if (summary.status() == ExperimentStatus.RUNNING || summary.status() == ExperimentStatus.STOPPING) {
                throw new StoreException("experiment '" + id + "' is still running (in process "
                        + ownerOf(id).pid() + "); stop it there before resuming it here");
            }
            PreparedStatement ps = statement("UPDATE experiments SET status = ?, ended = NULL, owner_pid = ?,"
                    + " owner_start = ?, owner_host = ? WHERE id = ?");
            ps.setString(1, ExperimentStatus.RUNNING.name());
            ps.setLong(2, owner.pid());
            ps.setLong(3, owner.startMillis());
            ps.setString(4, owner.host());
            ps.setString(5, id);
            ps.executeUpdate();
            return null;
        });
        return new ExperimentJournal(this, id, onError);
    }

    void upsertTrial(String experimentId, TrialRecord t) throws SQLException {
        PreparedStatement ps = statement("INSERT INTO trials (experiment_id, " + TRIAL_COLUMNS + ")"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (experiment_id, trial_id) DO UPDATE SET sample = excluded.sample,"
                + " status = excluded.status, device = excluded.device, submitted = excluded.submitted,"
                + " started = excluded.started, ended = excluded.ended, final_metrics = excluded.final_metrics,"
                + " metric = excluded.metric, error = excluded.error, log = excluded.log");
        ps.setString(1, experimentId);
        ps.setLong(2, t.id());
        ps.setString(3, t.sample().toJson());
        ps.setString(4, t.status().name());
        ps.setString(5, t.device());
        ps.setString(6, t.submitted().toString());
        ps.setString(7, t.started() == null ? null : t.started().toString());
        ps.setString(8, t.ended() == null ? null : t.ended().toString());
        ps.setString(9, Json.metrics(t.finalMetrics()));
        OptionalDouble metric = t.metric();
        if (metric.isPresent() && Double.isFinite(metric.getAsDouble())) {
            ps.setDouble(10, metric.getAsDouble());
        } else {
            ps.setNull(10, java.sql.Types.REAL);
        }
        ps.setString(11, t.error());
        ps.setString(12, Json.lines(t.log()));
        ps.executeUpdate();
    }

    void insertIntermediate(String experimentId, long trialId, int step, Map<String, Double> metrics, boolean replace)
            throws SQLException {
        PreparedStatement ps = statement(replace
                ? "INSERT OR REPLACE INTO intermediates (experiment_id, trial_id, step, metrics, time) VALUES (?, ?, ?, ?, ?)"
                : "INSERT OR IGNORE INTO intermediates (experiment_id, trial_id, step, metrics, time) VALUES (?, ?, ?, ?, ?)");
        ps.setString(1, experimentId);
        ps.setLong(2, trialId);
        ps.setInt(3, step);
        ps.setString(4, Json.metrics(metrics));
        ps.setString(5, Instant.now().toString());
        ps.executeUpdate();
    }

    void updateStrategyState(String experimentId, String state) throws SQLException {
        PreparedStatement ps = statement("UPDATE experiments SET strategy_state = ? WHERE id = ?");
        ps.setString(1, state);
        ps.setString(2, experimentId);
        ps.executeUpdate();
    }

    void updateConfig(String experimentId, String config) throws SQLException {
        PreparedStatement ps = statement("UPDATE experiments SET config = ? WHERE id = ?");
        ps.setString(1, config);
        ps.setString(2, experimentId);
        ps.executeUpdate();
    }

    void endExperiment(String experimentId, ExperimentStatus status) throws SQLException {
        PreparedStatement ps = statement("UPDATE experiments SET status = ?, ended = ? WHERE id = ?");
        ps.setString(1, status.name());
        ps.setString(2, Instant.now().toString());
        ps.setString(3, experimentId);
        ps.executeUpdate();
    }

    // ---------------------------------------------------------------- read side

    /** Summaries of all stored experiments, oldest first. */
    public List<ExperimentSummary> list() {
        return withConnection("list experiments", c -> {
            List<ExperimentSummary> out = new ArrayList<>();
            try (ResultSet rs = statement(summaryQuery("")).executeQuery()) {
                while (rs.next()) {
                    out.add(readSummary(rs));
                }
            }
            return out;
        });
    }

    /**
     * Everything stored about one experiment: configuration, choices, strategy state, and all
     * trials with their intermediates, read as one consistent snapshot.
     *
     * @throws UnknownExperimentException if no experiment has this id
     */
    public StoredExperiment load(String id) {
        Objects.requireNonNull(id, "id");
        return withConnection("load experiment '" + id + "'", c -> {
            c.setAutoCommit(false); // one read transaction: a snapshot even while trials write
            try {
                return loadIn(id);
            } finally {
                c.rollback();
                c.setAutoCommit(true);
            }
        });
    }

    private StoredExperiment loadIn(String id) throws SQLException {
        ExperimentSummary summary = summary(id);
        PreparedStatement ps = statement("SELECT config, choices, strategy_state FROM experiments WHERE id = ?");
        ps.setString(1, id);
        String config;
        String choices;
        String state;
        try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            config = rs.getString(1);
            choices = rs.getString(2);
            state = rs.getString(3);
        }
        ExperimentInfo info = new ExperimentInfo(id, summary.name(), Json.object(config), summary.spaceName(),
                Json.choices(choices), summary.strategyName(), summary.direction());

        Map<Long, List<Map<String, Double>>> intermediates = new HashMap<>();
        PreparedStatement is = statement("SELECT trial_id, metrics FROM intermediates WHERE experiment_id = ?"
                + " ORDER BY trial_id, step");
        is.setString(1, id);
        try (ResultSet rs = is.executeQuery()) {
            while (rs.next()) {
                intermediates.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(Json.metrics(rs.getString(2)));
            }
        }
        boolean crashed = summary.status() == ExperimentStatus.CRASHED;
        List<TrialRecord> trials = new ArrayList<>();
        PreparedStatement ts = statement("SELECT " + TRIAL_COLUMNS + " FROM trials WHERE experiment_id = ? ORDER BY trial_id");
        ts.setString(1, id);
        try (ResultSet rs = ts.executeQuery()) {
            while (rs.next()) {
                long trialId = rs.getLong(1);
                TrialStatus status = TrialStatus.valueOf(rs.getString(3));
                String error = rs.getString(10);
                Instant ended = instant(rs.getString(7));
                if (crashed && !status.isDone()) {
                    status = TrialStatus.CANCELLED;
                    error = "interrupted: the process running the experiment died while this trial was "
                            + rs.getString(3).toLowerCase(Locale.ROOT);
                }
                trials.add(new TrialRecord(trialId, Sample.fromJson(rs.getString(2)), status, rs.getString(4),
                        instant(rs.getString(5)), instant(rs.getString(6)), ended,
                        intermediates.getOrDefault(trialId, List.of()), Json.metrics(rs.getString(8)),
                        error, Json.lines(rs.getString(11))));
            }
        }
        return new StoredExperiment(info, summary.status(), summary.created(), summary.ended(),
                Json.object(state), trials);
    }

    private static String summaryQuery(String where) {
        return "SELECT e.id, e.name, e.status, e.created, e.ended, e.space, e.strategy, e.direction,"
                + " e.owner_pid, e.owner_start, e.owner_host,"
                + " (SELECT COUNT(*) FROM trials t WHERE t.experiment_id = e.id),"
                + " (SELECT COUNT(*) FROM trials t WHERE t.experiment_id = e.id AND t.status = 'SUCCEEDED'),"
                + " (SELECT COUNT(*) FROM trials t WHERE t.experiment_id = e.id AND t.status = 'FAILED'),"
                + " (SELECT COUNT(*) FROM trials t WHERE t.experiment_id = e.id AND t.status = 'RUNNING'),"
                + " (SELECT MAX(metric) FROM trials t WHERE t.experiment_id = e.id AND t.status = 'SUCCEEDED'),"
                + " (SELECT MIN(metric) FROM trials t WHERE t.experiment_id = e.id AND t.status = 'SUCCEEDED')"
                + " FROM experiments e " + where + " ORDER BY e.rowid";
    }

    private ExperimentSummary readSummary(ResultSet rs) throws SQLException {
        ExperimentStatus status = ExperimentStatus.valueOf(rs.getString(3));
        Owner owner = new Owner(rs.getLong(9), rs.getLong(10), Objects.toString(rs.getString(11), ""));
        if (!status.isDone() && !owner.isAlive()) {
            status = ExperimentStatus.CRASHED;
        }
        Direction direction = Direction.valueOf(rs.getString(8));
        double best = direction == Direction.MAXIMIZE ? rs.getDouble(16) : rs.getDouble(17);
        boolean hasBest = !rs.wasNull();
        return new ExperimentSummary(rs.getString(1), rs.getString(2), status, instant(rs.getString(4)),
                instant(rs.getString(5)), rs.getString(6), rs.getString(7), direction,
                rs.getInt(12), rs.getInt(13), rs.getInt(14), rs.getInt(15),
                hasBest ? OptionalDouble.of(best) : OptionalDouble.empty());
    }

    private ExperimentSummary summary(String id) throws SQLException {
        PreparedStatement ps = statement(summaryQuery("WHERE e.id = ?"));
        ps.setString(1, id);
        try (ResultSet rs = ps.executeQuery()) {
            if (rs.next()) {
                return readSummary(rs);
            }
        }
        throw unknown(id);
    }

    private Owner ownerOf(String id) throws SQLException {
        PreparedStatement ps = statement("SELECT owner_pid, owner_start, owner_host FROM experiments WHERE id = ?");
        ps.setString(1, id);
        try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            return new Owner(rs.getLong(1), rs.getLong(2), Objects.toString(rs.getString(3), ""));
        }
    }

    private boolean exists(String id) throws SQLException {
        PreparedStatement ps = statement("SELECT 1 FROM experiments WHERE id = ?");
        ps.setString(1, id);
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next();
        }
    }

    private UnknownExperimentException unknown(String id) throws SQLException {
        List<String> ids = new ArrayList<>();
        int total = 0;
        try (ResultSet rs = statement("SELECT id, name FROM experiments ORDER BY rowid DESC").executeQuery()) {
            while (rs.next()) {
                if (total++ < 10) {
                    ids.add(rs.getString(1) + " (" + rs.getString(2) + ")");
                }
            }
        }
        String known = total == 0
                ? "it holds no experiments yet"
                : "the latest are " + String.join(", ", ids) + (total > ids.size() ? " and " + (total - ids.size()) + " more" : "");
        return new UnknownExperimentException(id, "no experiment with id '" + id + "' in " + file + "; " + known
                + ". Experiment.list() (or ExperimentStore.list()) shows all ids; set jnas.home or JNAS_HOME"
                + " if your experiments live in another JNAS home.");
    }

    private static Instant instant(String text) {
        return text == null ? null : Instant.parse(text);
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
                throw new StoreException("cannot " + action + ": the store on " + file + " is closed");
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

    private PreparedStatement statement(String sql) throws SQLException {
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
            return new StoreException("the JNAS database " + file + " is corrupt or not a SQLite database ("
                    + e.getMessage() + "). Nothing was deleted: move the file away to start a new database,"
                    + " or point jnas.home / JNAS_HOME at another directory.", e);
        }
        if (code == SQLiteErrorCode.SQLITE_BUSY.code || code == SQLiteErrorCode.SQLITE_LOCKED.code) {
            return new StoreException("the JNAS database " + file + " stayed locked by another connection for more"
                    + " than the busy timeout (" + busyTimeout.toMillis() + " ms) while trying to " + action
                    + "; another process holds a long write transaction. Try again, or close that process.", e);
        }
        return new StoreException("could not " + action + " in the JNAS database " + file + ": " + e.getMessage(), e);
    }

    /** Closes the connection; journals of this store then report errors instead of writing. */
    @Override
    public void close() {
        lock.lock();
        try {
            if (connection == null) {
                return;
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
                throw new StoreException("cannot create the JNAS home " + dir + ": " + e, e);
            }
            if (Files.isDirectory(file)) {
                throw new StoreException("the JNAS database " + file + " is a directory, not a file");
            }
            SQLiteConfig config = new SQLiteConfig();
            config.setBusyTimeout((int) busyTimeout.toMillis());
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
