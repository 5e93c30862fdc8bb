package org.jnas.nas.internal.store;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jnas.nas.results.ExperimentStatus;
import org.jnas.nas.strategy.StrategyState;
import org.jnas.nas.trial.TrialRecord;

/**
 * An experiment as the store keeps it: read back, everything {@code view} shows and {@code resume}
 * needs; handed to {@link ExperimentStore#catchUp}, everything a running experiment has to write at
 * once. In a CRASHED experiment, trials that were waiting or running when the process died read
 * CANCELLED ({@link TrialRecord#cancelledIfUnfinished}).
 *
 * @param info what it was created with
 * @param status its status (CRASHED when RUNNING in the file and its process is gone)
 * @param created when it was created
 * @param ended when it ended, once it did
 * @param strategyState the strategy's whole state as saved last, if any (at the end of a search)
 * @param strategyCalls the engine's calls to the strategy after that state, in order: with it, the
 *     strategy's state right after the last ended trial
 * @param trials all trials by id, each with its intermediates
 */
public record StoredExperiment(
        ExperimentInfo info,
        ExperimentStatus status,
        Instant created,
        Optional<Instant> ended,
        Optional<StrategyState> strategyState,
        List<String> strategyCalls,
        List<TrialRecord> trials) {

    public StoredExperiment {
        Objects.requireNonNull(info, "info");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(ended, "ended");
        Objects.requireNonNull(strategyState, "strategyState");
        strategyCalls = List.copyOf(strategyCalls);
        trials = List.copyOf(trials);
    }

    /** The experiment's id. */
    public String id() {
        return info.id();
    }
}
