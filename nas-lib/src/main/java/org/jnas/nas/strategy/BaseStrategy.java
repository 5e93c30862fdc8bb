package org.jnas.nas.strategy;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.jnas.nas.space.Sample;
import org.jnas.nas.space.SearchSpace;
import org.jnas.nas.trial.Direction;
import org.jnas.nas.trial.TrialRecord;
import org.jnas.nas.trial.TrialStatus;

/**
 * What every strategy and middleware here shares: argument checks, and save/restore by event
 * sourcing. A strategy is a deterministic function of (space, direction, seed) and the calls made
 * to it, so its state is that seed plus the log of calls; restoring starts afresh and replays the
 * log. A restored search therefore proposes exactly what the uninterrupted one would have, for
 * every strategy alike, and replay checks each logged proposal, so a state restored into another
 * space or strategy fails loudly instead of drifting.
 */
abstract class BaseStrategy implements Strategy {
    private static final int STATE_VERSION = 1;

    private final List<Event> log = new ArrayList<>();
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
        log.add(new Asked(capacity, proposal));
        return proposal;
    }

    @Override
    public final void onTrialEnd(TrialOutcome outcome) {
        Objects.requireNonNull(outcome, "outcome");
        requireStarted("onTrialEnd");
        if (!outcome.status().isDone()) {
            throw new IllegalArgumentException("trial " + outcome.trialId() + " has not ended: " + outcome.status());
        }
        log.add(new Ended(outcome));
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
        log.add(new Reported(trialId, sample, step, value, stop));
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
        for (Event e : log) {
            events.add(e.toJson());
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
            JsonObject e = events.get(i).getAsJsonObject();
            if (e.has("ask")) {
                JsonArray c = e.getAsJsonArray("ask");
                Proposal replayed = propose(new Capacity(c.get(0).getAsInt(), c.get(1).getAsInt(), remaining(c.get(2))));
                JsonElement got = e.get("got");
                boolean same = got.isJsonObject()
                        ? replayed.isSample() && replayed.sample().equals(canonical(got.getAsJsonObject()))
                        : got.getAsString().equals(describe(replayed));
                if (!same) {
                    throw new IllegalArgumentException("state does not replay in this space: event " + i
                            + " proposed " + got + ", now " + describe(replayed));
                }
            } else if (e.has("end")) {
                onTrialEnd(outcomeFromJson(e.getAsJsonObject("end")));
            } else {
                JsonObject r = e.getAsJsonObject("step");
                onIntermediate(r.get("trial").getAsLong(), canonical(r.getAsJsonObject("sample")),
                        r.get("step").getAsInt(), number(r.get("value")));
            }
        }
    }

    private void requireStarted(String call) {
        if (space == null) {
            throw new IllegalStateException(call + "() before start(): start the strategy " + name() + " first");
        }
    }

    private Sample canonical(JsonObject json) {
        return space.validate(Sample.fromJson(json));
    }

    private static String describe(Proposal p) {
        return p.isSample() ? p.sample().toJson() : p.isExhausted() ? "EXHAUSTED" : "WAIT";
    }

    private TrialOutcome outcomeFromJson(JsonObject o) {
        List<Double> intermediates = new ArrayList<>();
        for (JsonElement v : o.getAsJsonArray("intermediates")) {
            intermediates.add(number(v));
        }
        OptionalDouble metric = OptionalDouble.of(number(o.get("metric")));
        Map<String, Double> metrics = new HashMap<>();
        if (o.has("metrics")) {
            o.getAsJsonObject("metrics").entrySet().forEach(m -> metrics.put(m.getKey(), number(m.getValue())));
        } else if (!Double.isNaN(metric.getAsDouble())) {
            metrics.put(TrialRecord.DEFAULT_METRIC, metric.getAsDouble()); // states written before metrics were kept
        }
        return new TrialOutcome(o.get("trial").getAsLong(), canonical(o.getAsJsonObject("sample")),
                TrialStatus.valueOf(o.get("status").getAsString()), metric, intermediates, metrics);
    }

    /** JSON has no NaN or infinities: those travel as strings. */
    private static JsonPrimitive json(double v) {
        return Double.isFinite(v) ? new JsonPrimitive(v) : new JsonPrimitive(Double.toString(v));
    }

    /** No budget travels as null; older states wrote Long.MAX_VALUE. */
    private static OptionalLong remaining(JsonElement e) {
        return e.isJsonNull() || e.getAsLong() == Long.MAX_VALUE ? OptionalLong.empty() : OptionalLong.of(e.getAsLong());
    }

    private static double number(JsonElement e) {
        return e.getAsJsonPrimitive().isString() ? Double.parseDouble(e.getAsString()) : e.getAsDouble();
    }

    private sealed interface Event permits Asked, Ended, Reported {
        JsonObject toJson();
    }

    private record Asked(Capacity capacity, Proposal proposal) implements Event {
        @Override
        public JsonObject toJson() {
            JsonObject o = new JsonObject();
            JsonArray c = new JsonArray();
            c.add(capacity.freeSlots());
            c.add(capacity.running());
            if (capacity.remainingTrials().isPresent()) {
                c.add(capacity.remainingTrials().getAsLong());
            } else {
                c.add(JsonNull.INSTANCE);
            }
            o.add("ask", c);
            if (proposal.isSample()) {
                o.add("got", proposal.sample().toJsonObject());
            } else {
                o.addProperty("got", proposal.isExhausted() ? "EXHAUSTED" : "WAIT");
            }
            return o;
        }
    }

    private record Ended(TrialOutcome outcome) implements Event {
        @Override
        public JsonObject toJson() {
            JsonObject e = new JsonObject();
            e.addProperty("trial", outcome.trialId());
            e.add("sample", outcome.sample().toJsonObject());
            e.addProperty("status", outcome.status().name());
            e.add("metric", json(outcome.metric().orElse(Double.NaN)));
            JsonArray values = new JsonArray();
            outcome.intermediates().forEach(v -> values.add(json(v)));
            e.add("intermediates", values);
            if (!outcome.metrics().isEmpty()) {
                JsonObject metrics = new JsonObject();
                outcome.metrics().forEach((k, v) -> metrics.add(k, json(v)));
                e.add("metrics", metrics);
            }
            JsonObject o = new JsonObject();
            o.add("end", e);
            return o;
        }
    }

    private record Reported(long trialId, Sample sample, int step, double value, boolean stop) implements Event {
        @Override
        public JsonObject toJson() {
            JsonObject r = new JsonObject();
            r.addProperty("trial", trialId);
            r.add("sample", sample.toJsonObject());
            r.addProperty("step", step);
            r.add("value", json(value));
            JsonObject o = new JsonObject();
            o.add("step", r);
            return o;
        }
    }
}
