package org.jnas.nas.internal.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.jnas.nas.results.StoreException;

/** Creates the tables of a new database and checks the version of an existing one. */
final class Schema {
    /** The schema version this code reads and writes ({@code PRAGMA user_version}). */
    static final int VERSION = 2;

    private Schema() {}

    private static final String[] VERSION_1 = {
        "CREATE TABLE IF NOT EXISTS experiments ("
                + " id TEXT PRIMARY KEY, name TEXT NOT NULL, created TEXT NOT NULL, ended TEXT,"
                + " status TEXT NOT NULL, config TEXT NOT NULL, space TEXT NOT NULL, choices TEXT NOT NULL,"
                + " strategy TEXT NOT NULL, strategy_state TEXT, direction TEXT NOT NULL,"
                + " owner_pid INTEGER, owner_start INTEGER, owner_host TEXT)",
        "CREATE TABLE IF NOT EXISTS trials ("
                + " experiment_id TEXT NOT NULL, trial_id INTEGER NOT NULL, sample TEXT NOT NULL,"
                + " status TEXT NOT NULL, device TEXT NOT NULL, submitted TEXT NOT NULL, started TEXT, ended TEXT,"
                + " final_metrics TEXT NOT NULL, metric REAL, error TEXT NOT NULL, log TEXT NOT NULL,"
                + " PRIMARY KEY (experiment_id, trial_id))",
        "CREATE TABLE IF NOT EXISTS intermediates ("
                + " experiment_id TEXT NOT NULL, trial_id INTEGER NOT NULL, step INTEGER NOT NULL,"
                + " metrics TEXT NOT NULL, time TEXT NOT NULL,"
                + " PRIMARY KEY (experiment_id, trial_id, step))",
    };

    /**
     * Version 2: the strategy's state saved incrementally, as the calls after its last whole state;
     * a row holds the calls handed over with one trial end, one JSON text a line.
     */
    private static final String[] VERSION_2 = {
        "CREATE TABLE IF NOT EXISTS strategy_calls ("
                + " experiment_id TEXT NOT NULL, seq INTEGER NOT NULL, calls TEXT NOT NULL,"
                + " PRIMARY KEY (experiment_id, seq))",
    };

    static void migrate(Connection c, Path file) throws SQLException {
        int version = userVersion(c);
        if (version == VERSION) {
            return;
        }
        if (version > VERSION) {
            throw new StoreException("database written by a newer JNAS", "the JNAS database " + file
                    + " has schema version " + version + ", written by a newer JNAS; this one reads up to version "
                    + VERSION + ". Upgrade JNAS, or point jnas.home / JNAS_HOME at another"
                    + " directory.", null);
        }
        try (Statement s = c.createStatement()) {
            s.execute("BEGIN IMMEDIATE"); // another process may be creating the schema at the same moment
            try {
                int now = userVersion(c);
                if (now < 1) {
                    for (String ddl : VERSION_1) {
                        s.execute(ddl);
                    }
                }
                if (now < 2) {
                    for (String ddl : VERSION_2) {
                        s.execute(ddl);
                    }
                }
                s.execute("PRAGMA user_version = " + VERSION);
                s.execute("COMMIT");
            } catch (SQLException | RuntimeException e) {
                s.execute("ROLLBACK");
                throw e;
            }
        }
    }

    private static int userVersion(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA user_version")) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }
}
