package org.jnas.nas.strategy;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.jnas.nas.space.Sample;
import org.jnas.nas.space.SearchSpace;
import org.jnas.nas.trial.Direction;

/**
 * What every strategy and middleware here shares: argument checks, and save/restore by event
 * sourcing. A strategy is a deterministic function of (space, direction, seed) and the calls made
 * to it, so its state is that seed plus the log of calls; restoring starts afresh and replays the
 * log ({@link StrategyCallJson}). A restored search therefore proposes exactly what the
 * uninterrupted one would have, for every strategy alike, and replay checks each logged proposal,
 * so a state restored into another space or strategy fails loudly instead of drifting.
 */
abstract class BaseStrategy implements Strategy {
    private static final int STATE_VERSION = 1;

    /** The calls since start, made JSON only when the state is saved. */
    private final List<Supplier<JsonObject>> log = new ArrayList<>();
    private SearchSpace space;
    private Direction direction;
    private long seed;

    /** Resets all search state for a new search. */
    abstract void begin(SearchSpace space, Direction direction, long seed);

    /** The next proposal (never null). */
    abstract Proposal next(Capacity capacity);

    /** Learns an outcome. */
    abstract void learn(TrialOutcome outcome);

    /** Learns an intermediate result; true stops the trial. */
    boolean intermediate(long trialId, Sample sample, int step, double value) {
        return false;
    }

    /** What a notebook shows for it: its name, which holds its settings ({@code TPE(gamma=0.25, startup=10)}). */
    @Override
    public String toString() {
        return name();
    }

    /**
     * A setting for a name: {@code ", setting=value"} once changed from its default, nothing before,
     * so that a name stored before the setting was shown still matches a strategy built the same way.
     */
    static String unlessDefault(String setting, Object value, Object byDefault) {
        return value.equals(byDefault) ? "" : ", " + setting + "=" + value;
    }

    final SearchSpace space() {
        return space;
    }

    final Direction direction() {
        return direction;
    }

    final void requireNotStarted(String setting) {
        if (space != null) {
            throw new IllegalStateException(setting + " must be set before start()");
        }
    }

    @Override
    public final void start(SearchSpace space, Direction direction, long seed) {
        this.space = Objects.requireNonNull(space, "space");
        this.direction = Objects.requireNonNull(direction, "direction");
        this.seed = seed;
        log.clear();
        begin(space, direction, seed);
    }

    @Override
    public final Proposal propose(Capacity capacity) {
        Objects.requireNonNull(capacity, "capacity");
        requireStarted("propose");
        Proposal proposal = Objects.requireNonNull(next(capacity), "proposal");
        log.add(() -> StrategyCallJson.proposed(capacity, proposal));
        return proposal;
    }

    @Override
    public final void onTrialEnd(TrialOutcome outcome) {
        Objects.requireNonNull(outcome, "outcome");
        requireStarted("onTrialEnd");
        if (!outcome.status().isDone()) {
            throw new IllegalArgumentException("trial " + outcome.trialId() + " has not ended: " + outcome.status());
        }
        log.add(() -> StrategyCallJson.ended(outcome));
        learn(outcome);
    }

    @Override
    public final boolean onIntermediate(long trialId, Sample sample, int step, double value) {
        Objects.requireNonNull(sample, "sample");
        requireStarted("onIntermediate");
        if (step < 0) {
            throw new IllegalArgumentException("step must be >= 0: " + step);
        }
        boolean stop = intermediate(trialId, sample, step, value);
        log.add(() -> StrategyCallJson.reported(trialId, sample, step, value));
        return stop;
    }

    @Override
    public final StrategyState saveState() {
        requireStarted("saveState");
        JsonObject state = new JsonObject();
        state.addProperty("version", STATE_VERSION);
        state.addProperty("strategy", name());
        state.addProperty("direction", direction.name());
        state.addProperty("seed", seed);
        JsonArray events = new JsonArray();
        for (Supplier<JsonObject> call : log) {
            events.add(call.get());
        }
        state.add("events", events);
        return StrategyState.of(state.toString());
    }

    /**
     * Continues the search saved in {@code state}: starts again with the saved direction and seed
     * (they are part of the search) in the space given to {@link #start}, and replays the calls.
     *
     * @throws IllegalArgumentException if the state was written by another strategy, or replaying
     *     it in this space does not reproduce the saved proposals
     */
    @Override
    public final void restoreState(StrategyState savedState) {
        Objects.requireNonNull(savedState, "state");
        requireStarted("restoreState");
        JsonObject state;
        try {
            state = JsonParser.parseString(savedState.json()).getAsJsonObject();
        } catch (JsonParseException | IllegalStateException e) {
            throw new IllegalArgumentException("malformed strategy state (not a JSON object): " + e.getMessage(), e);
        }
        String saved = state.has("strategy") ? state.get("strategy").getAsString() : "?";
        if (!saved.equals(name())) {
            throw new IllegalArgumentException("state of strategy '" + saved + "' cannot be restored into '" + name() + "'");
        }
        if (!state.has("version") || state.get("version").getAsInt() != STATE_VERSION) {
            throw new IllegalArgumentException("unsupported strategy state version: " + state.get("version"));
        }
        try {
            replay(state);
        } catch (IllegalStateException | NullPointerException | ClassCastException | UnsupportedOperationException e) {
            // Gson's accessors throw these on a malformed tree.
            throw new IllegalArgumentException("malformed strategy state: " + e, e);
        }
    }

    private void replay(JsonObject state) {
        start(space, Direction.valueOf(state.get("direction").getAsString()), state.get("seed").getAsLong());
        JsonArray events = state.getAsJsonArray("events");
        for (int i = 0; i < events.size(); i++) {
            try {
                StrategyCallJson.replay(this, space, events.get(i).getAsJsonObject());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("state event " + i + ": " + e.getMessage(), e);
            }
        }
    }

    private void requireStarted(String call) {
        if (space == null) {
            throw new IllegalStateException(call + "() before start(): start the strategy " + name() + " first");
        }
    }
}
