package org.jnas.nas.internal.engine;

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
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.jnas.nas.space.Sample;
import org.jnas.nas.space.SearchSpace;
import org.jnas.nas.strategy.Capacity;
import org.jnas.nas.strategy.Proposal;
import org.jnas.nas.strategy.Strategy;
import org.jnas.nas.strategy.TrialOutcome;
import org.jnas.nas.trial.TrialRecord;
import org.jnas.nas.trial.TrialStatus;

/**
 * The engine's calls to its strategy as JSON texts, one per call, and their replay. A strategy is
 * a deterministic function of its start and the calls made to it, so a store can keep its state
 * incrementally: the state it saved last (a checkpoint, possibly none) and the calls made since,
 * each written once. Saving the whole state at every trial end instead would copy the whole search
 * so far each time.
 *
 * <p>Replaying checks each logged proposal against what the strategy proposes now, so calls
 * replayed into another space or strategy fail loudly instead of drifting.
 */
final class StrategyJournal {
    private StrategyJournal() {}

    static String proposed(Capacity capacity, Proposal proposal) {
        JsonObject o = new JsonObject();
        o.add("ask", capacity(capacity));
        o.add("got", proposal.isSample() ? proposal.sample().toJsonObject() : new JsonPrimitive(describe(proposal)));
        return o.toString();
    }

    static String reported(long trialId, Sample sample, int step, double value) {
        JsonObject r = new JsonObject();
        r.addProperty("trial", trialId);
        r.add("sample", sample.toJsonObject());
        r.addProperty("step", step);
        r.add("value", number(value));
        JsonObject o = new JsonObject();
        o.add("step", r);
        return o.toString();
    }

    static String ended(TrialOutcome outcome) {
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
        return o.toString();
    }

    /**
     * Makes the calls of {@code calls} again, in order, on a strategy started (and restored from the
     * checkpoint they follow) in {@code space}.
     *
     * @throws IllegalArgumentException when a call is malformed or a proposal differs from the logged one
     */
    static void replay(Strategy strategy, SearchSpace space, List<String> calls) {
        for (int i = 0; i < calls.size(); i++) {
            try {
                replayOne(strategy, space, JsonParser.parseString(calls.get(i)).getAsJsonObject(), i);
            } catch (JsonParseException | IllegalStateException | NullPointerException | ClassCastException
                    | UnsupportedOperationException e) {
                // Gson's accessors throw these on a malformed tree.
                throw new IllegalArgumentException("malformed strategy call " + i + " in the journal: " + e, e);
            }
        }
    }

    private static void replayOne(Strategy strategy, SearchSpace space, JsonObject call, int i) {
        if (call.has("ask")) {
            JsonArray c = call.getAsJsonArray("ask");
            Proposal replayed = strategy.propose(new Capacity(c.get(0).getAsInt(), c.get(1).getAsInt(),
                    c.get(2).isJsonNull() ? OptionalLong.empty() : OptionalLong.of(c.get(2).getAsLong())));
            JsonElement got = call.get("got");
            boolean same = got.isJsonObject()
                    ? replayed.isSample() && replayed.sample().equals(space.validate(Sample.fromJson(got.getAsJsonObject())))
                    : got.getAsString().equals(describe(replayed));
            if (!same) {
                throw new IllegalArgumentException("the strategy's journal does not replay in this space and strategy:"
                        + " call " + i + " proposed " + got + ", now " + describe(replayed));
            }
        } else if (call.has("end")) {
            JsonObject o = call.getAsJsonObject("end");
            List<Double> intermediates = new ArrayList<>();
            for (JsonElement v : o.getAsJsonArray("intermediates")) {
                intermediates.add(number(v));
            }
            TrialOutcome outcome = new TrialOutcome(o.get("trial").getAsLong(),
                    space.validate(Sample.fromJson(o.getAsJsonObject("sample"))),
                    TrialStatus.valueOf(o.get("status").getAsString()), OptionalDouble.of(number(o.get("metric"))),
                    intermediates, metrics(o));
            try {
                strategy.onTrialEnd(outcome);
            } catch (RuntimeException e) {
                // it failed the same way when the search ran, and the search went on without the lesson
            }
        } else {
            JsonObject r = call.getAsJsonObject("step");
            strategy.onIntermediate(r.get("trial").getAsLong(), space.validate(Sample.fromJson(r.getAsJsonObject("sample"))),
                    r.get("step").getAsInt(), number(r.get("value")));
        }
    }

    /** The final metrics of an "end" call; journals written before they were kept hold the default metric only. */
    private static Map<String, Double> metrics(JsonObject end) {
        Map<String, Double> metrics = new HashMap<>();
        if (end.has("metrics")) {
            end.getAsJsonObject("metrics").entrySet().forEach(m -> metrics.put(m.getKey(), number(m.getValue())));
        } else {
            double metric = number(end.get("metric"));
            if (!Double.isNaN(metric)) {
                metrics.put(TrialRecord.DEFAULT_METRIC, metric);
            }
        }
        return metrics;
    }

    private static JsonArray capacity(Capacity capacity) {
        JsonArray c = new JsonArray();
        c.add(capacity.freeSlots());
        c.add(capacity.running());
        if (capacity.remainingTrials().isPresent()) {
            c.add(capacity.remainingTrials().getAsLong());
        } else {
            c.add(JsonNull.INSTANCE);
        }
        return c;
    }

    private static String describe(Proposal p) {
        return p.isSample() ? p.sample().toJson() : p.isExhausted() ? "EXHAUSTED" : "WAIT";
    }

    /** JSON has no NaN or infinities: those travel as strings. */
    private static JsonPrimitive number(double v) {
        return Double.isFinite(v) ? new JsonPrimitive(v) : new JsonPrimitive(Double.toString(v));
    }

    private static double number(JsonElement e) {
        return e.getAsJsonPrimitive().isString() ? Double.parseDouble(e.getAsString()) : e.getAsDouble();
    }
}
