package org.jnas.nas.internal.store;

import com.google.gson.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.jnas.nas.results.ExperimentStatus;
import org.jnas.nas.results.StoreException;
import org.jnas.nas.strategy.StrategyState;
import org.jnas.nas.trial.TrialRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The write side of one running experiment: the experiment calls these methods as events happen,
 * from any thread. Each call commits (in the write-ahead log) what was queued before it and its
 * own write before it returns, so a process killed right after a call loses nothing of it or
 * before it; except {@link #queueTrial} and {@link #queueIntermediate}, which only queue theirs
 * until the next call that commits, or {@link #flush()}, which bounds how long they wait. The
 * store commits the writes waiting at one moment, from all threads, as one transaction (group
 * commit), in the order they came: after a kill it holds a prefix of the events.
 *
 * <p>The event methods never throw: a failed write (disk full, database locked for longer than the
 * busy timeout, store closed) goes to the error handler given with the journal
 * ({@link ExperimentStore#create}, {@link ExperimentStore#reopen}, {@link ExperimentStore#catchUp}),
 * and the experiment decides what to do without it.
 */
public final class ExperimentJournal {
    private static final Logger LOG = LoggerFactory.getLogger(ExperimentJournal.class);

    private final StoreConnection db;
    private final String experimentId;
    private final Consumer<? super StoreException> onError;

    ExperimentJournal(StoreConnection db, String experimentId, Consumer<? super StoreException> onError) {
        this.db = db;
        this.experimentId = experimentId;
        this.onError = onError != null
                ? onError
                : e -> LOG.warn("JNAS store: {} (the experiment goes on)", e.getMessage(), e);
    }

    /** The experiment this journal writes. */
    public String experimentId() {
        return experimentId;
    }

    /**
     * Records a trial's current state (submitted, started, with its final result): sample,
     * status, device, times, metrics, log. Writes the whole row, so calling it again is harmless.
     */
    public void trial(TrialRecord trial) {
        Objects.requireNonNull(trial, "trial");
        run("record trial " + trial.id(), () -> db.groupCommitted("record trial " + trial.id(), trialRow(trial),
                GroupCommit.Scope.ROW, trial.id()));
    }

    /** {@link #trial} without waiting: committed with the next write that waits, or by {@link #flush()}. */
    public void queueTrial(TrialRecord trial) {
        Objects.requireNonNull(trial, "trial");
        deferred("record trial " + trial.id(), trialRow(trial), GroupCommit.Scope.ROW, trial.id());
    }

    /** Records the trial's latest intermediate result (step = its position, from 0). */
    public void intermediate(TrialRecord trial) {
        Objects.requireNonNull(trial, "trial");
        String what = "record an intermediate of trial " + trial.id();
        lastIntermediate(trial).ifPresent(write -> run(what,
                () -> db.groupCommitted(what, write, GroupCommit.Scope.STEP, trial.id())));
    }

    /** {@link #intermediate} without waiting: committed with the next write that waits, or by {@link #flush()}. */
    public void queueIntermediate(TrialRecord trial) {
        Objects.requireNonNull(trial, "trial");
        lastIntermediate(trial).ifPresent(write -> deferred("record an intermediate of trial " + trial.id(), write,
                GroupCommit.Scope.STEP, trial.id()));
    }

    private StoreConnection.SqlWork<Void> trialRow(TrialRecord trial) {
        return c -> {
            Rows.upsertTrial(db, experimentId, trial);
            return null;
        };
    }

    private Optional<StoreConnection.SqlWork<Void>> lastIntermediate(TrialRecord trial) {
        List<Map<String, Double>> steps = trial.intermediates();
        if (steps.isEmpty()) {
            return Optional.empty();
        }
        int step = steps.size() - 1;
        return Optional.of(c -> {
            Rows.insertIntermediate(db, experimentId, trial.id(), step, steps.get(step), true);
            return null;
        });
    }

    /**
     * Commits what {@link #queueTrial} and {@link #queueIntermediate} queued, if anything, and
     * returns once committed; a failure goes to the error handler.
     */
    public void flush() {
        db.commitDeferred();
    }

    /**
     * Records how a trial ended (status, final metrics, error, log, and any intermediate not yet
     * recorded) together with the strategy's calls since the previous trial end (appended to those
     * stored, see {@link StoredExperiment#strategyCalls}), in one transaction, so a resume never
     * sees a strategy that knows a trial the store lacks, or the reverse.
     *
     * @param strategyCalls compact JSON texts, without line breaks
     */
    public void trialEnded(TrialRecord trial, List<String> strategyCalls) {
        Objects.requireNonNull(trial, "trial");
        List<String> calls = List.copyOf(strategyCalls);
        for (String call : calls) {
            if (call.indexOf('\n') >= 0) {
                throw new IllegalArgumentException("a strategy call must be one line of JSON, got " + call);
            }
        }
        String what = "record the end of trial " + trial.id();
        run(what, () -> db.groupCommitted(what, c -> {
            Rows.upsertTrialAndIntermediates(db, experimentId, trial);
            Rows.appendStrategyCalls(db, experimentId, calls);
            return null;
        }, GroupCommit.Scope.END, trial.id()));
    }

    /** Records the strategy's whole state, which replaces the stored one and the calls after it. */
    public void strategySaved(StrategyState state) {
        Objects.requireNonNull(state, "state");
        run("record the strategy's state", () -> db.groupCommitted("record the strategy's state", c -> {
            Rows.updateStrategyState(db, experimentId, state.json());
            Rows.deleteStrategyCalls(db, experimentId);
            return null;
        }, GroupCommit.Scope.OTHER, 0));
    }

    /** Records a changed configuration (e.g. max trials or concurrency changed while running). */
    public void configChanged(JsonObject config) {
        Objects.requireNonNull(config, "config");
        String json = Json.object(config);
        run("record the configuration", () -> db.groupCommitted("record the configuration", c -> {
            Rows.updateConfig(db, experimentId, json);
            return null;
        }, GroupCommit.Scope.OTHER, 0));
    }

    /** Records that the experiment ended with {@code status} (DONE or STOPPED) and when. */
    public void experimentEnded(ExperimentStatus status) {
        Objects.requireNonNull(status, "status");
        if (!status.isDone()) {
            throw new IllegalArgumentException("an experiment ends DONE, STOPPED or CRASHED, not " + status);
        }
        run("record the end of the experiment", () -> db.groupCommitted("record the end of the experiment", c -> {
            Rows.endExperiment(db, experimentId, status, Instant.now());
            return null;
        }, GroupCommit.Scope.OTHER, 0));
    }

    private void deferred(String what, StoreConnection.SqlWork<Void> write, GroupCommit.Scope scope, long trialId) {
        db.deferred(what, write, e -> onError.accept(storeFailure(what, e)), scope, trialId);
    }

    private void run(String what, Runnable write) {
        try {
            write.run();
        } catch (StoreException e) {
            onError.accept(e);
        } catch (RuntimeException e) {
            onError.accept(storeFailure(what, e));
        }
    }

    private StoreException storeFailure(String what, RuntimeException e) {
        return e instanceof StoreException se ? se : new StoreException("could not write: " + e, "could not " + what
                + " of experiment '" + experimentId + "' in " + db.file() + ": " + e, e);
    }

    @Override
    public String toString() {
        return "ExperimentJournal[" + experimentId + " in " + db.file() + "]";
    }
}
