package org.jnas.nas.strategy;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.jnas.nas.space.Sample;
import org.jnas.nas.space.SearchSpace;
import org.jnas.nas.trial.TrialRecord;
import org.jnas.nas.trial.TrialStatus;

/**
 * The calls made to a {@link Strategy} as JSON objects, one per call, and their replay. A strategy
 * is a deterministic function of its start and the calls made to it, so replaying the calls it saw
 * gives back its state: the built-in strategies save their state as these calls, and an experiment
 * journals every call of its search in the same form, so that a resumed search proposes what the
 * uninterrupted one would have. Replay checks each logged proposal against the one the strategy
 * makes now, so calls replayed into another space or strategy fail loudly instead of drifting.
 */
public final class StrategyCallJson {
    private StrategyCallJson() {}

    /** {@code propose(capacity)}, answered with {@code proposal}. */
    public static JsonObject proposed(Capacity capacity, Proposal proposal) {
        JsonArray c = new JsonArray();
        c.add(capacity.freeSlots());
        c.add(capacity.running());
        c.add(capacity.remainingTrials().isPresent() ? new JsonPrimitive(capacity.remainingTrials().getAsLong())
                : JsonNull.INSTANCE);
        JsonObject o = new JsonObject();
        o.add("ask", c);
        o.add("got", proposal.isSample() ? proposal.sample().toJsonObject() : new JsonPrimitive(describe(proposal)));
        return o;
    }

    /** {@code onIntermediate(trialId, sample, step, value)}. */
    public static JsonObject reported(long trialId, Sample sample, int step, double value) {
        JsonObject r = new JsonObject();
        r.addProperty("trial", trialId);
        r.add("sample", sample.toJsonObject());
        r.addProperty("step", step);
        r.add("value", number(value));
        JsonObject o = new JsonObject();
        o.add("step", r);
        return o;
    }

    /** {@code onTrialEnd(outcome)}. */
    public static JsonObject ended(TrialOutcome outcome) {
        JsonObject e = new JsonObject();
        e.addProperty("trial", outcome.trialId());
        e.add("sample", outcome.sample().toJsonObject());
        e.addProperty("status", outcome.status().name());
        e.add("metric", number(outcome.metric().orElse(Double.NaN)));
        JsonArray values = new JsonArray();
        outcome.intermediates().forEach(v -> values.add(number(v)));
        e.add("intermediates", values);
        if (!outcome.metrics().isEmpty()) {
            JsonObject metrics = new JsonObject();
            outcome.metrics().forEach((k, v) -> metrics.add(k, number(v)));
            e.add("metrics", metrics);
        }
        JsonObject o = new JsonObject();
        o.add("end", e);
        return o;
    }

    /**
     * Makes {@code call} again on {@code strategy}, started in {@code space}. A trial end that the
     * strategy fails to learn is passed over: it failed the same way when the search ran, and the
     * search went on without the lesson.
     *
     * @throws IllegalArgumentException when the call is malformed, or the strategy now answers a
     *     logged proposal with another one
     */
    public static void replay(Strategy strategy, SearchSpace space, JsonObject call) {
        try {
            if (call.has("ask")) {
                JsonArray c = call.getAsJsonArray("ask");
                Proposal replayed = strategy.propose(new Capacity(c.get(0).getAsInt(), c.get(1).getAsInt(), remaining(c.get(2))));
                JsonElement got = call.get("got");
                boolean same = got.isJsonObject()
                        ? replayed.isSample() && replayed.sample().equals(sample(space, got.getAsJsonObject()))
                        : got.getAsString().equals(describe(replayed));
                if (!same) {
                    throw new IllegalArgumentException("does not replay in this space and strategy: it proposed " + got
                            + ", now " + describe(replayed));
                }
            } else if (call.has("end")) {
                TrialOutcome outcome = outcome(space, call.getAsJsonObject("end"));
                try {
                    strategy.onTrialEnd(outcome);
                } catch (RuntimeException e) {
                    // see the method's comment
                }
            } else {
                JsonObject r = call.getAsJsonObject("step");
                strategy.onIntermediate(r.get("trial").getAsLong(), sample(space, r.getAsJsonObject("sample")),
                        r.get("step").getAsInt(), number(r.get("value")));
            }
        } catch (IllegalStateException | NullPointerException | ClassCastException | UnsupportedOperationException e) {
            // Gson's accessors throw these on a malformed tree.
            throw new IllegalArgumentException("malformed strategy call " + call + ": " + e, e);
        }
    }

    private static TrialOutcome outcome(SearchSpace space, JsonObject end) {
        List<Double> intermediates = new ArrayList<>();
        for (JsonElement v : end.getAsJsonArray("intermediates")) {
            intermediates.add(number(v));
        }
        double metric = number(end.get("metric"));
        Map<String, Double> metrics = new HashMap<>();
        if (end.has("metrics")) {
            end.getAsJsonObject("metrics").entrySet().forEach(m -> metrics.put(m.getKey(), number(m.getValue())));
        } else if (!Double.isNaN(metric)) {
            metrics.put(TrialRecord.DEFAULT_METRIC, metric); // calls logged before the metrics were kept
        }
        return new TrialOutcome(end.get("trial").getAsLong(), sample(space, end.getAsJsonObject("sample")),
                TrialStatus.valueOf(end.get("status").getAsString()), OptionalDouble.of(metric), intermediates, metrics);
    }

    private static Sample sample(SearchSpace space, JsonObject json) {
        return space.validate(Sample.fromJson(json));
    }

    private static String describe(Proposal p) {
        return p.isSample() ? p.sample().toJson() : p.isExhausted() ? "EXHAUSTED" : "WAIT";
    }

    /** No budget travels as null; older states wrote Long.MAX_VALUE. */
    private static OptionalLong remaining(JsonElement e) {
        return e.isJsonNull() || e.getAsLong() == Long.MAX_VALUE ? OptionalLong.empty() : OptionalLong.of(e.getAsLong());
    }

    /** JSON has no NaN or infinities: those travel as strings. */
    private static JsonPrimitive number(double v) {
        return Double.isFinite(v) ? new JsonPrimitive(v) : new JsonPrimitive(Double.toString(v));
    }

    private static double number(JsonElement e) {
        return e.getAsJsonPrimitive().isString() ? Double.parseDouble(e.getAsString()) : e.getAsDouble();
    }
}
