package org.jnas.nas.internal.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.jnas.nas.results.ExperimentStatus;
import org.jnas.nas.results.ExperimentSummary;
import org.jnas.nas.results.StoreException;
import org.jnas.nas.trial.TrialRecord;
import org.jnas.nas.trial.TrialStatus;

/** The store's writes, one statement each; called under the store's lock. */
final class Rows {
    /** The columns of a trial row after its experiment id, in the order reads and writes use. */
    static final String TRIAL_COLUMNS =
            "trial_id, sample, status, device, submitted, started, ended, final_metrics, metric, error, log";

    private Rows() {}

    static void insertExperiment(StoreConnection db, ExperimentInfo info, Owner owner, Instant now) throws SQLException {
        PreparedStatement ps = db.statement("INSERT INTO experiments (id, name, created, ended, status, config, space,"
                + " choices, strategy, strategy_state, direction, owner_pid, owner_start, owner_host)"
                + " VALUES (?, ?, ?, NULL, ?, ?, ?, ?, ?, NULL, ?, ?, ?, ?)");
        ps.setString(1, info.id());
        ps.setString(2, info.name());
        ps.setString(3, now.toString());
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
    }

    /** Marks an experiment RUNNING again and owned by {@code owner} (a resume). */
    static void setOwner(StoreConnection db, String id, Owner owner) throws SQLException {
        PreparedStatement ps = db.statement("UPDATE experiments SET status = ?, ended = NULL, owner_pid = ?,"
                + " owner_start = ?, owner_host = ? WHERE id = ?");
        ps.setString(1, ExperimentStatus.RUNNING.name());
        ps.setLong(2, owner.pid());
        ps.setLong(3, owner.startMillis());
        ps.setString(4, owner.host());
        ps.setString(5, id);
        ps.executeUpdate();
    }

    /**
     * Makes this process the owner of experiment {@code id}, RUNNING again; trials a crash left
     * unfinished are written CANCELLED, as they read. In a transaction, under the store's lock.
     *
     * @return its summary as read before the take-over (which adds no trial)
     * @throws StoreException when it still runs in another live process
     */
    static ExperimentSummary takeOver(StoreConnection db, String id) throws SQLException {
        ExperimentSummary summary = Reads.summary(db, id);
        if (summary.status() == ExperimentStatus.RUNNING || summary.status() == ExperimentStatus.STOPPING) {
            Owner owner = Reads.ownerOf(db, id);
            throw new StoreException(ExperimentStore.RUNNING_ELSEWHERE, "experiment '" + id + "' is still running "
                    + (owner.pid() == Owner.current().pid() && owner.host().equals(Owner.current().host()) ? "in this process (another Experiment object started it here):"
                            + " use that one, or stop it first" : "(in process " + owner.pid() + "); stop it there before"
                            + " resuming it here"), null);
        }
        if (summary.status() == ExperimentStatus.CRASHED) {
            for (TrialRecord trial : Reads.load(db, id, false).trials()) {
                if (trial.status() == TrialStatus.CANCELLED) {
                    upsertTrial(db, id, trial);
                }
            }
        }
        setOwner(db, id, Owner.current());
        return summary;
    }

    /** Writes a trial's whole row; only finite metrics go into the ranked {@code metric} column. */
    static void upsertTrial(StoreConnection db, String experimentId, TrialRecord t) throws SQLException {
        PreparedStatement ps = db.statement("INSERT INTO trials (experiment_id, " + TRIAL_COLUMNS + ")"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (experiment_id, trial_id) DO UPDATE SET sample = excluded.sample,"
                + " status = excluded.status, device = excluded.device, submitted = excluded.submitted,"
                + " started = excluded.started, ended = excluded.ended, final_metrics = excluded.final_metrics,"
                + " metric = excluded.metric, error = excluded.error, log = excluded.log");
        ps.setString(1, experimentId);
        ps.setLong(2, t.id());
        ps.setString(3, t.sample().toJson());
        ps.setString(4, t.status().name());
        ps.setString(5, t.device().orElse(""));
        ps.setString(6, t.submitted().toString());
        ps.setString(7, t.started().map(Instant::toString).orElse(null));
        ps.setString(8, t.ended().map(Instant::toString).orElse(null));
        ps.setString(9, Json.metrics(t.finalMetrics()));
        OptionalDouble metric = t.metric();
        if (metric.isPresent() && Double.isFinite(metric.getAsDouble())) {
            ps.setDouble(10, metric.getAsDouble());
        } else {
            ps.setNull(10, Types.REAL);
        }
        ps.setString(11, t.error().orElse(""));
        ps.setString(12, Json.lines(t.log()));
        ps.executeUpdate();
    }

    /** Writes a trial's whole row and those of its intermediates that are not written yet. */
    static void upsertTrialAndIntermediates(StoreConnection db, String experimentId, TrialRecord t) throws SQLException {
        upsertTrial(db, experimentId, t);
        List<Map<String, Double>> steps = t.intermediates();
        for (int i = 0; i < steps.size(); i++) {
            insertIntermediate(db, experimentId, t.id(), i, steps.get(i), false);
        }
    }

    /** Writes one intermediate result; {@code replace} overwrites a step already written. */
    static void insertIntermediate(StoreConnection db, String experimentId, long trialId, int step,
            Map<String, Double> metrics, boolean replace) throws SQLException {
        PreparedStatement ps = db.statement((replace ? "INSERT OR REPLACE" : "INSERT OR IGNORE")
                + " INTO intermediates (experiment_id, trial_id, step, metrics, time) VALUES (?, ?, ?, ?, ?)");
        ps.setString(1, experimentId);
        ps.setLong(2, trialId);
        ps.setInt(3, step);
        ps.setString(4, Json.metrics(metrics));
        ps.setString(5, Instant.now().toString());
        ps.executeUpdate();
    }

    static void updateStrategyState(StoreConnection db, String experimentId, String state) throws SQLException {
        PreparedStatement ps = db.statement("UPDATE experiments SET strategy_state = ? WHERE id = ?");
        ps.setString(1, state);
        ps.setString(2, experimentId);
        ps.executeUpdate();
    }

    /**
     * Appends the strategy's calls after those already stored, in order, as one row: one a line
     * (a call is a compact JSON text, which has no line break).
     */
    static void appendStrategyCalls(StoreConnection db, String experimentId, List<String> calls) throws SQLException {
        if (calls.isEmpty()) {
            return;
        }
        long next;
        PreparedStatement max = db.statement("SELECT MAX(seq) FROM strategy_calls WHERE experiment_id = ?");
        max.setString(1, experimentId);
        try (ResultSet rs = max.executeQuery()) {
            rs.next();
            next = rs.getLong(1) + (rs.wasNull() ? 0 : 1);
        }
        PreparedStatement ps = db.statement("INSERT INTO strategy_calls (experiment_id, seq, calls) VALUES (?, ?, ?)");
        ps.setString(1, experimentId);
        ps.setLong(2, next);
        ps.setString(3, String.join("\n", calls));
        ps.executeUpdate();
    }

    /** Drops the strategy's stored calls (a whole state replaces them). */
    static void deleteStrategyCalls(StoreConnection db, String experimentId) throws SQLException {
        PreparedStatement ps = db.statement("DELETE FROM strategy_calls WHERE experiment_id = ?");
        ps.setString(1, experimentId);
        ps.executeUpdate();
    }

    static void updateConfig(StoreConnection db, String experimentId, String config) throws SQLException {
        PreparedStatement ps = db.statement("UPDATE experiments SET config = ? WHERE id = ?");
        ps.setString(1, config);
        ps.setString(2, experimentId);
        ps.executeUpdate();
    }

    static void endExperiment(StoreConnection db, String experimentId, ExperimentStatus status, Instant ended)
            throws SQLException {
        PreparedStatement ps = db.statement("UPDATE experiments SET status = ?, ended = ? WHERE id = ?");
        ps.setString(1, status.name());
        ps.setString(2, ended.toString());
        ps.setString(3, experimentId);
        ps.executeUpdate();
    }
}
