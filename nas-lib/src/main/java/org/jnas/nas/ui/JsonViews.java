package org.jnas.nas.ui;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.jnas.nas.results.ArchitectureRanking;
import org.jnas.nas.results.ExperimentProgress;
import org.jnas.nas.results.ExperimentStatus;
import org.jnas.nas.results.ExperimentSummary;
import org.jnas.nas.results.FailureReasons;
import org.jnas.nas.space.Choice;
import org.jnas.nas.trial.Direction;
import org.jnas.nas.trial.Objective;
import org.jnas.nas.trial.TrialRecord;
import org.jnas.nas.trial.TrainingProgress;
import org.jnas.nas.trial.TrialStatus;

/** The JSON the pages read. Built by hand so that NaN, odd sample values and nulls never break a response. */
final class JsonViews {
    static final Gson GSON = new GsonBuilder().serializeNulls().disableHtmlEscaping().create();
    static final int TOP_TRIALS = 5;
    /** How many of a one-shot search's most likely architectures the overview ranks, as the notebook's views do. */
    static final int TOP_ARCHITECTURES = 10;

    private JsonViews() {}

    /** A trial as the table and charts need it: everything but its log, error and full metric maps. */
    static JsonObject trialSummary(TrialRecord t) {
        JsonObject o = new JsonObject();
        o.addProperty("id", t.id());
        o.addProperty("status", t.status().name());
        o.add("sample", value(t.sample().values()));
        o.addProperty("device", t.device().orElse(""));
        o.add("submitted", time(Optional.of(t.submitted())));
        o.add("started", time(t.started()));
        o.add("ended", time(t.ended()));
        o.addProperty("durationMs", t.duration().toMillis());
        o.add("metric", number(t.metric()));
        // the other final metrics (params, macs, latency_ms, ...): columns of the trial table; a
        // one-shot search's probabilities have their own chart and ranking
        Map<String, Double> costs = new TreeMap<>(t.finalMetrics());
        costs.remove(TrialRecord.DEFAULT_METRIC);
        costs.keySet().removeIf(name -> name.startsWith(ArchitectureRanking.PROBABILITY));
        o.add("metrics", metrics(costs));
        JsonArray curve = new JsonArray();
        for (Double d : t.intermediateDefaults()) {
            curve.add(number(d));
        }
        o.add("intermediates", curve);
        o.addProperty("hasError", t.error().isPresent());
        return o;
    }

    /**
     * A trial with everything: the summary plus all metric maps, its log and its error, and while it
     * runs, how far its training has got ({@code progress}) when it reports that.
     */
    static JsonObject trialDetail(TrialRecord t, boolean hasArchitecture, Optional<TrainingProgress> progress) {
        JsonObject o = trialSummary(t);
        progress.filter(p -> t.status() == TrialStatus.RUNNING).ifPresent(p -> o.add("progress", progress(p)));
        o.add("finalMetrics", metrics(t.finalMetrics()));
        JsonArray all = new JsonArray();
        for (Map<String, Double> m : t.intermediates()) {
            // a one-shot search's probabilities within its epochs are its chart's points, served as
            // probabilities.svg (a long search's would make this page megabytes), and the
            // architectures its policy ranked are the overview's ranking
            Map<String, Double> shown = new TreeMap<>(m);
            shown.keySet().removeIf(name -> name.startsWith(ArchitectureRanking.STEP_PROBABILITY)
                    || name.startsWith(ArchitectureRanking.RANKED));
            all.add(metrics(shown));
        }
        o.add("intermediateMetrics", all);
        JsonArray log = new JsonArray();
        t.log().forEach(log::add);
        o.add("log", log);
        o.addProperty("error", t.error().orElse(""));
        o.addProperty("hasArchitecture", hasArchitecture);
        return o;
    }

    /** A training's progress: its epoch (from 0) of its epochs, that epoch's steps done of its steps, the share of all done. */
    static JsonObject progress(TrainingProgress p) {
        JsonObject o = new JsonObject();
        o.addProperty("epoch", p.epoch());
        o.addProperty("epochs", p.epochs());
        o.addProperty("step", p.step());
        o.addProperty("steps", p.steps());
        o.addProperty("fraction", p.fraction());
        return o;
    }

    /** The overview page: status, config, choices, progress and the best trials. */
    static JsonObject overview(DashboardSource s, boolean live) {
        SourceResults results = new SourceResults(s); // one snapshot of the trials for every part of the page
        List<TrialRecord> trials = results.trials();
        JsonObject o = new JsonObject();
        o.addProperty("id", s.id());
        o.addProperty("name", s.name());
        o.addProperty("status", s.status().name());
        o.addProperty("direction", s.direction().name());
        o.addProperty("readOnly", s.readOnly());
        o.addProperty("live", live);
        o.addProperty("storeProblem", s.storeProblem().orElse(null));
        o.addProperty("runawayTrials", s.runawayTrials());
        JsonObject config = new JsonObject();
        s.config().forEach((k, v) -> config.add(k, value(v)));
        o.add("config", config);
        JsonArray choices = new JsonArray();
        for (Choice c : s.choices()) {
            JsonObject co = new JsonObject();
            co.addProperty("label", c.label());
            co.addProperty("kind", c.kind().name());
            co.add("candidates", value(c.candidates()));
            co.add("names", value(c.names())); // empty, or a name per candidate ("" where it has none)
            choices.add(co);
        }
        o.add("choices", choices);
        JsonArray objectives = new JsonArray();
        for (Objective objective : s.objectives()) {
            JsonObject j = new JsonObject();
            j.addProperty("metric", objective.metric());
            j.addProperty("direction", objective.direction().name());
            objectives.add(j);
        }
        o.add("objectives", objectives);
        o.addProperty("trialConcurrency", s.trialConcurrency());
        OptionalLong max = s.maxTrials();
        o.add("maxTrials", max.isPresent() ? new JsonPrimitive(max.getAsLong()) : JsonNull.INSTANCE);
        // a one-shot search's progress in supernet epochs, as the notebook's progress line counts it
        ExperimentProgress progress = results.progress();
        if (progress.countsSupernetEpochs()) {
            JsonObject epochs = new JsonObject();
            epochs.addProperty("done", progress.supernetEpochs());
            epochs.addProperty("max", progress.maxSupernetEpochs());
            if (progress.epochSteps() > 0) {
                // the epoch the supernet trains now, step by step
                epochs.addProperty("step", progress.epochStep());
                epochs.addProperty("steps", progress.epochSteps());
            }
            if (progress.bestTrial().isEmpty()) {
                // no trial has a final metric yet: the supernet's latest epoch's stands in
                progress.best().ifPresent(latest -> epochs.addProperty("latest", latest));
            }
            o.add("supernetEpochs", epochs);
        }
        // running trials within their epochs, as the notebook's progress line names them
        if (!progress.trialProgress().isEmpty()) {
            JsonArray training = new JsonArray();
            progress.trialProgress().forEach((id, p) -> {
                JsonObject t = progress(p);
                t.addProperty("trial", id);
                training.add(t);
            });
            o.add("training", training);
        }
        Map<TrialStatus, Integer> counts = new EnumMap<>(TrialStatus.class);
        for (TrialStatus st : TrialStatus.values()) {
            counts.put(st, 0);
        }
        for (TrialRecord t : trials) {
            counts.merge(t.status(), 1, Integer::sum);
        }
        JsonObject countJson = new JsonObject();
        counts.forEach((k, v) -> countJson.addProperty(k.name(), v));
        o.add("counts", countJson);
        o.addProperty("trials", trials.size());
        o.addProperty("done", trials.stream().filter(t -> t.status().isDone()).count());
        Optional<Instant> start = s.startTime();
        Optional<Instant> end = s.endTime();
        o.add("startTime", time(start));
        o.add("endTime", time(end));
        o.add("elapsedMs", start.<JsonElement>map(t -> new JsonPrimitive(
                Duration.between(t, end.orElseGet(Instant::now)).toMillis())).orElse(JsonNull.INSTANCE));
        // a search that may run so long: the page shows how much of that time is gone until the deadline
        o.add("maxDurationMs", s.maxDuration().<JsonElement>map(d -> new JsonPrimitive(d.toMillis())).orElse(JsonNull.INSTANCE));
        o.add("deadline", time(s.deadline()));
        o.add("endReason", s.endReason().isEmpty() ? JsonNull.INSTANCE : new JsonPrimitive(s.endReason()));
        JsonArray best = new JsonArray();
        for (TrialRecord t : s.direction().best(trials, TOP_TRIALS)) {
            best.add(trialSummary(t));
        }
        o.add("best", best);
        FailureReasons failures = FailureReasons.of(trials);
        if (!failures.reasons().isEmpty()) {
            JsonArray reasons = new JsonArray();
            for (FailureReasons.Reason r : failures.reasons()) {
                JsonObject j = new JsonObject();
                j.addProperty("line", r.line());
                j.add("trials", value(r.trials()));
                j.addProperty("count", r.count());
                reasons.add(j);
            }
            JsonObject f = new JsonObject();
            f.add("reasons", reasons);
            f.addProperty("others", failures.otherReasons());
            o.add("failures", f);
        }
        ArchitectureRanking ranking = ArchitectureRanking.of(results);
        if (!ranking.isEmpty()) {
            o.add("oneShot", oneShot(ranking));
        }
        return o;
    }

    /** A one-shot search's supernet per epoch and its most likely architectures, as the notebook's views show them. */
    private static JsonObject oneShot(ArchitectureRanking ranking) {
        JsonObject o = new JsonObject();
        JsonArray epochs = new JsonArray();
        ranking.epochs().forEach(m -> epochs.add(metrics(m)));
        o.add("epochs", epochs);
        ranking.maxEpochs().ifPresent(max -> o.addProperty("maxEpochs", max));
        JsonArray top = new JsonArray();
        for (ArchitectureRanking.Entry e : ranking.top(TOP_ARCHITECTURES)) {
            JsonObject a = new JsonObject();
            a.add("sample", e.sample().toJsonObject());
            a.addProperty("score", e.score());
            top.add(a);
        }
        o.add("ranking", top);
        o.addProperty("scoreName", ranking.scoreName());
        return o;
    }

    /** A line of the list page for a stored experiment. */
    static JsonObject summary(ExperimentSummary e, boolean live) {
        return summary(e.id(), e.name(), e.status(), e.direction(), e.trials(), e.succeeded(), e.bestMetric(),
                Optional.of(e.created()), e.ended(), live);
    }

    /** A line of the list page for the experiment the dashboard shows, when the store does not (yet) hold it. */
    static JsonObject summary(DashboardSource s, boolean live) {
        List<TrialRecord> trials = s.trials();
        List<TrialRecord> best = s.direction().best(trials, 1);
        return summary(s.id(), s.name(), s.status(), s.direction(), trials.size(),
                trials.stream().filter(t -> t.status() == TrialStatus.SUCCEEDED).count(),
                best.isEmpty() ? OptionalDouble.empty() : best.get(0).metric(), s.startTime(), s.endTime(), live);
    }

    private static JsonObject summary(String id, String name, ExperimentStatus status, Direction direction, long trials,
            long succeeded, OptionalDouble bestMetric, Optional<Instant> started, Optional<Instant> ended, boolean live) {
        JsonObject o = new JsonObject();
        o.addProperty("id", id);
        o.addProperty("name", name);
        o.addProperty("status", status.name());
        o.addProperty("direction", direction.name());
        o.addProperty("trials", trials);
        o.addProperty("succeeded", succeeded);
        o.add("bestMetric", number(bestMetric));
        o.add("started", time(started));
        o.add("ended", time(ended));
        o.addProperty("live", live);
        return o;
    }

    static JsonObject error(int status, String message) {
        JsonObject o = new JsonObject();
        o.addProperty("status", status);
        o.addProperty("error", message);
        return o;
    }

    private static JsonObject metrics(Map<String, Double> m) {
        JsonObject o = new JsonObject();
        m.forEach((k, v) -> o.add(k, number(v)));
        return o;
    }

    private static JsonElement time(Optional<Instant> t) {
        return t.<JsonElement>map(i -> new JsonPrimitive(i.toEpochMilli())).orElse(JsonNull.INSTANCE);
    }

    private static JsonElement number(OptionalDouble d) {
        return d.isPresent() ? number(d.getAsDouble()) : JsonNull.INSTANCE;
    }

    /** JSON has no NaN or infinity: those become null. */
    private static JsonElement number(Double d) {
        return d == null || !Double.isFinite(d) ? JsonNull.INSTANCE : new JsonPrimitive(d);
    }

    /** Any sample, candidate or config value as JSON; what JSON cannot hold becomes its text. */
    static JsonElement value(Object v) {
        if (v == null) {
            return JsonNull.INSTANCE;
        }
        if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            return Double.isFinite(d) ? new JsonPrimitive((Number) v) : new JsonPrimitive(String.valueOf(v));
        }
        if (v instanceof Number n) {
            return new JsonPrimitive(n);
        }
        if (v instanceof Boolean b) {
            return new JsonPrimitive(b);
        }
        if (v instanceof Enum<?> e) {
            return new JsonPrimitive(e.name());
        }
        if (v instanceof Collection<?> c) {
            JsonArray a = new JsonArray();
            c.forEach(x -> a.add(value(x)));
            return a;
        }
        if (v instanceof Map<?, ?> m) {
            JsonObject o = new JsonObject();
            m.forEach((k, x) -> o.add(String.valueOf(k), value(x)));
            return o;
        }
        if (v instanceof Duration d) {
            return new JsonPrimitive(humanDuration(d));
        }
        return new JsonPrimitive(String.valueOf(v));
    }

    static String humanDuration(Duration d) {
        long s = d.toSeconds();
        List<String> parts = new ArrayList<>();
        if (s >= 3600) {
            parts.add(s / 3600 + "h");
        }
        if (s % 3600 >= 60) {
            parts.add(s % 3600 / 60 + "m");
        }
        if (s % 60 != 0 || parts.isEmpty()) {
            parts.add(s % 60 + "s");
        }
        return String.join(" ", parts);
    }
}
