package org.jnas.nas.internal.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import org.jnas.nas.results.ExperimentStatus;
import org.jnas.nas.results.ExperimentSummary;
import org.jnas.nas.results.UnknownExperimentException;
import org.jnas.nas.space.Sample;
import org.jnas.nas.strategy.StrategyState;
import org.jnas.nas.trial.Direction;
import org.jnas.nas.trial.TrialRecord;
import org.jnas.nas.trial.TrialStatus;

/** The store's reads; called under the store's lock. */
final class Reads {
    private Reads() {}

    static List<ExperimentSummary> list(StoreConnection db) throws SQLException {
        List<ExperimentSummary> out = new ArrayList<>();
        try (ResultSet rs = db.statement(summaryQuery("")).executeQuery()) {
            while (rs.next()) {
                out.add(readSummary(rs));
            }
        }
        return out;
    }

    static StoredExperiment load(StoreConnection db, String id, boolean asLeft) throws SQLException {
        ExperimentSummary summary = summary(db, id);
        PreparedStatement ps = db.statement("SELECT config, choices, strategy_state FROM experiments WHERE id = ?");
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
        Map<Long, Instant> lastReported = new HashMap<>();
        PreparedStatement is = db.statement("SELECT trial_id, metrics, time FROM intermediates WHERE experiment_id = ?"
                + " ORDER BY trial_id, step");
        is.setString(1, id);
        try (ResultSet rs = is.executeQuery()) {
            while (rs.next()) {
                intermediates.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(Json.metrics(rs.getString(2)));
                lastReported.put(rs.getLong(1), instant(rs.getString(3)));
            }
        }
        boolean crashed = !asLeft && summary.status() == ExperimentStatus.CRASHED;
        List<TrialRecord> trials = new ArrayList<>();
        PreparedStatement ts = db.statement("SELECT " + Rows.TRIAL_COLUMNS + " FROM trials WHERE experiment_id = ?"
                + " ORDER BY trial_id");
        ts.setString(1, id);
        try (ResultSet rs = ts.executeQuery()) {
            while (rs.next()) {
                long trialId = rs.getLong(1);
                TrialStatus status = TrialStatus.valueOf(rs.getString(3));
                Optional<Instant> started = Optional.ofNullable(instant(rs.getString(6)));
                Optional<Instant> ended = Optional.ofNullable(instant(rs.getString(7)));
                if ((crashed || asLeft) && !status.isDone()) {
                    // its run is gone: it was last heard of at its last report, not when it started
                    ended = Optional.ofNullable(lastReported.get(trialId)).filter(t -> started.isPresent() && t.isAfter(started.get()));
                }
                TrialRecord trial = new TrialRecord(trialId, Sample.fromJson(rs.getString(2)), status,
                        Optional.of(rs.getString(4)), instant(rs.getString(5)), started,
                        ended, intermediates.getOrDefault(trialId, List.of()),
                        Json.metrics(rs.getString(8)), Optional.of(rs.getString(10)), Json.lines(rs.getString(11)));
                trials.add(crashed ? trial.cancelledIfUnfinished("interrupted: the process running the experiment died"
                        + " while this trial was " + status.name().toLowerCase(Locale.ROOT)) : trial);
            }
        }
        List<String> calls = new ArrayList<>();
        PreparedStatement cs = db.statement("SELECT calls FROM strategy_calls WHERE experiment_id = ? ORDER BY seq");
        cs.setString(1, id);
        try (ResultSet rs = cs.executeQuery()) {
            while (rs.next()) {
                calls.addAll(List.of(rs.getString(1).split("\n")));
            }
        }
        return new StoredExperiment(info, summary.status(), summary.created(), summary.ended(),
                Optional.ofNullable(state).filter(s -> !s.isBlank()).map(StrategyState::of), calls, trials);
    }

    /**
     * Refuses to write into a damaged file, as reads refuse to read it: before an experiment starts
     * writing, {@code PRAGMA quick_check} reads every page, where a write would touch only those it
     * changes and go through. It reads the file once, at each start and each catch-up: cheap
     * beside a search, even for a store of many thousands of trials.
     *
     * @throws StoreException "corrupt or not a SQLite database", naming the file
     */
    static void checkIntact(StoreConnection db, Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA quick_check(1)")) {
            String verdict = rs.next() ? rs.getString(1) : "ok";
            if (!"ok".equals(verdict)) {
                throw StoreConnection.corrupt(db.file(), "quick_check: " + verdict, null);
            }
        }
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

    private static ExperimentSummary readSummary(ResultSet rs) throws SQLException {
        ExperimentStatus status = ExperimentStatus.valueOf(rs.getString(3));
        Owner owner = new Owner(rs.getLong(9), rs.getLong(10), Objects.toString(rs.getString(11), ""));
        if (!status.isDone() && !owner.isAlive()) {
            status = ExperimentStatus.CRASHED;
        }
        Direction direction = Direction.valueOf(rs.getString(8));
        double best = direction == Direction.MAXIMIZE ? rs.getDouble(16) : rs.getDouble(17);
        boolean hasBest = !rs.wasNull();
        return new ExperimentSummary(rs.getString(1), rs.getString(2), status, instant(rs.getString(4)),
                Optional.ofNullable(instant(rs.getString(5))), rs.getString(6), rs.getString(7), direction,
                rs.getInt(12), rs.getInt(13), rs.getInt(14), rs.getInt(15),
                hasBest ? OptionalDouble.of(best) : OptionalDouble.empty());
    }

    static ExperimentSummary summary(StoreConnection db, String id) throws SQLException {
        PreparedStatement ps = db.statement(summaryQuery("WHERE e.id = ?"));
        ps.setString(1, id);
        try (ResultSet rs = ps.executeQuery()) {
            if (rs.next()) {
                return readSummary(rs);
            }
        }
        throw unknown(db, id);
    }

    static Owner ownerOf(StoreConnection db, String id) throws SQLException {
        PreparedStatement ps = db.statement("SELECT owner_pid, owner_start, owner_host FROM experiments WHERE id = ?");
        ps.setString(1, id);
        try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            return new Owner(rs.getLong(1), rs.getLong(2), Objects.toString(rs.getString(3), ""));
        }
    }

    static boolean exists(StoreConnection db, String id) throws SQLException {
        PreparedStatement ps = db.statement("SELECT 1 FROM experiments WHERE id = ?");
        ps.setString(1, id);
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next();
        }
    }

    private static UnknownExperimentException unknown(StoreConnection db, String id) throws SQLException {
        List<String> ids = new ArrayList<>();
        int total = 0;
        try (ResultSet rs = db.statement("SELECT id, name FROM experiments ORDER BY rowid DESC").executeQuery()) {
            while (rs.next()) {
                if (total++ < 10) {
                    ids.add(rs.getString(1) + " (" + rs.getString(2) + ")");
                }
            }
        }
        String known = total == 0
                ? "it holds no experiments yet"
                : "the latest are " + String.join(", ", ids) + (total > ids.size() ? " and " + (total - ids.size()) + " more" : "");
        return new UnknownExperimentException(id, "no experiment with id '" + id + "' in " + db.file() + "; " + known
                + ". Experiment.list() shows all ids; set jnas.home or JNAS_HOME if your experiments live in another"
                + " JNAS home.");
    }

    private static Instant instant(String text) {
        return text == null ? null : Instant.parse(text);
    }
}
