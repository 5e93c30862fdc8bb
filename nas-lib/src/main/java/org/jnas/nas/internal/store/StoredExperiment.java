package org.jnas.nas.internal.store;

import com.google.gson.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jnas.nas.space.Choice;
import org.jnas.nas.trial.Direction;
import org.jnas.nas.results.ExperimentStatus;
import org.jnas.nas.strategy.TrialOutcome;
import org.jnas.nas.trial.TrialRecord;

/**
 * An experiment as read back from the store: everything {@code view} shows and {@code resume}
 * needs.
 *
 * <p>In a CRASHED experiment, trials that were waiting or running when the process died read
 * CANCELLED, with an error saying so: they never ended and their last intermediate is all there is.
 *
 * @param info what it was created with
 * @param status its status (CRASHED when RUNNING in the file and its process is gone)
 * @param created when it was created
 * @param ended when it ended, or null
 * @param strategyState the strategy's state saved with the last ended trial (empty if none)
 * @param trials all trials by id, each with its intermediates
 */
public record StoredExperiment(
        ExperimentInfo info,
        ExperimentStatus status,
        Instant created,
        Instant ended,
        JsonObject strategyState,
        List<TrialRecord> trials) {

    public StoredExperiment {
        Objects.requireNonNull(info, "info");
        Objects.requireNonNull(status, "status");
        strategyState = strategyState == null ? new JsonObject() : strategyState.deepCopy();
        trials = List.copyOf(trials);
    }

    /** The experiment's id. */
    public String id() {
        return info.id();
    }

    /** The space's choices, in order. */
    public List<Choice> choices() {
        return info.choices();
    }

    /** Whether larger metrics are better. */
    public Direction direction() {
        return info.direction();
    }

    /** The strategy state (a copy). */
    @Override
    public JsonObject strategyState() {
        return strategyState.deepCopy();
    }

    /** The id a resumed experiment gives its next trial: one more than the largest stored id. */
    public long nextTrialId() {
        long max = 0;
        for (TrialRecord t : trials) {
            max = Math.max(max, t.id());
        }
        return max + 1;
    }

    /**
     * What a strategy learns from the stored trials that ended, by id: for a resume whose
     * strategy state is missing or unreadable, replay these through {@code onTrialEnd}.
     */
    public List<TrialOutcome> outcomes() {
        List<TrialOutcome> out = new ArrayList<>();
        for (TrialRecord t : trials) {
            if (t.status().isDone()) {
                out.add(t.toOutcome());
            }
        }
        return out;
    }

    /** The best succeeded trial in the experiment's direction. */
    public Optional<TrialRecord> bestTrial() {
        return direction().best(trials, 1).stream().findFirst();
    }
}
