package org.jnas.nas;

import com.google.gson.JsonObject;
import java.util.Optional;
import org.jnas.nas.internal.store.ExperimentInfo;
import org.jnas.nas.internal.store.ExperimentJournal;
import org.jnas.nas.internal.store.ExperimentStore;
import org.jnas.nas.results.ExperimentStatus;
import org.jnas.nas.strategy.StrategyState;
import org.jnas.nas.trial.TrialRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a running experiment to the store as it happens: every event in the thread that reports
 * it, committed before the call returns, so that a killed process loses nothing reported.
 */
final class StoreRecorder {
    private static final Logger LOG = LoggerFactory.getLogger(StoreRecorder.class);

    private final ExperimentStore store;
    private final ExperimentJournal journal;

    private StoreRecorder(ExperimentStore store, ExperimentJournal journal) {
        this.store = store;
        this.journal = journal;
    }

    /**
     * Records a new experiment ({@code resumed} false) or takes over a stored one to continue it.
     * A store that cannot be opened or written is logged and the experiment runs unrecorded.
     */
    static Optional<StoreRecorder> open(Experiment exp, boolean resumed, JsonObject config, String spaceName) {
        ExperimentStore store;
        try {
            store = Stores.open(exp.config().home());
        } catch (RuntimeException e) {
            LOG.warn("JNAS store: could not open the store ({}); experiment {} runs without being recorded",
                    e.getMessage(), exp.id(), e);
            return Optional.empty();
        }
        try {
            ExperimentJournal journal = resumed ? store.reopen(exp.id(), null)
                    : store.create(new ExperimentInfo(exp.id(), exp.config().name(), config, spaceName, exp.choices(),
                            exp.strategyName(), exp.direction()), null);
            return Optional.of(new StoreRecorder(store, journal));
        } catch (RuntimeException e) {
            LOG.warn("JNAS store: could not record experiment {} in {} ({}); it runs without being recorded",
                    exp.id(), store.file(), e.getMessage(), e);
            store.close();
            return Optional.empty();
        }
    }

    /** The whole row of a trial: at submission, start and final result. */
    void trial(TrialRecord trial) {
        journal.trial(trial);
    }

    void intermediate(TrialRecord trial) {
        journal.intermediate(trial);
    }

    void trialEnded(TrialRecord trial, Optional<StrategyState> stateAfter) {
        journal.trialEnded(trial, stateAfter);
    }

    void configChanged(JsonObject config) {
        journal.configChanged(config);
    }

    /** Records the end and closes the store. */
    void ended(ExperimentStatus status) {
        try {
            journal.experimentEnded(status);
        } finally {
            store.close();
        }
    }
}
