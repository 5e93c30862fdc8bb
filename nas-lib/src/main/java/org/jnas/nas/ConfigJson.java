package org.jnas.nas;

import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import org.jnas.nas.trial.Direction;
import org.jnas.nas.trial.Objective;

/** An experiment's configuration as the store keeps it: JSON, read back on view and resume. */
final class ConfigJson {
    private ConfigJson() {}

    /** The experiment's configuration with the direction and strategy it runs with. */
    static JsonObject write(Experiment exp) {
        ExperimentConfig config = exp.config();
        JsonObject o = new JsonObject();
        o.addProperty("name", config.name());
        o.addProperty("strategy", exp.strategyName());
        o.addProperty("trialConcurrency", config.trialConcurrency());
        config.maxTrials().ifPresent(n -> o.addProperty("maxTrials", n));
        config.maxDuration().ifPresent(d -> o.addProperty("maxDuration", d.toString()));
        config.maxTrialDuration().ifPresent(d -> o.addProperty("maxTrialDuration", d.toString()));
        o.addProperty("direction", exp.direction().name());
        o.addProperty("seed", config.seed());
        o.addProperty("devicePolicy", config.devicePolicy().name());
        o.addProperty("keepTopWeights", config.keepTopWeights());
        config.directory().ifPresent(d -> o.addProperty("directory", d.toString()));
        if (!config.objectives().isEmpty()) {
            JsonArray objectives = new JsonArray();
            for (Objective objective : config.objectives()) {
                JsonObject j = new JsonObject();
                j.addProperty("metric", objective.metric());
                j.addProperty("direction", objective.direction().name());
                j.addProperty("weight", objective.weight());
                objectives.add(j);
            }
            o.add("objectives", objectives);
        }
        config.inputShape().ifPresent(shape -> {
            JsonArray dims = new JsonArray();
            for (long d : shape.getShape()) {
                dims.add(d);
            }
            o.add("inputShape", dims);
        });
        config.measureLatency().ifPresent(batch -> o.addProperty("measureLatency", batch));
        config.latencyLimit().ifPresent(ms -> o.addProperty("latencyLimit", ms));
        return o;
    }

    /** Applies a stored configuration to {@code config}; unknown or missing keys are left alone. */
    static ExperimentConfig read(JsonObject o, ExperimentConfig config) {
        if (o.has("name")) config.name(o.get("name").getAsString());
        if (o.has("trialConcurrency")) config.trialConcurrency(o.get("trialConcurrency").getAsInt());
        if (o.has("maxTrials")) config.maxTrials(o.get("maxTrials").getAsLong());
        if (o.has("maxDuration")) config.maxDuration(Duration.parse(o.get("maxDuration").getAsString()));
        if (o.has("maxTrialDuration")) config.maxTrialDuration(Duration.parse(o.get("maxTrialDuration").getAsString()));
        if (o.has("direction")) config.direction(Direction.valueOf(o.get("direction").getAsString()));
        if (o.has("seed")) config.seed(o.get("seed").getAsLong());
        if (o.has("devicePolicy")) config.devicePolicy(DevicePolicy.valueOf(o.get("devicePolicy").getAsString()));
        if (o.has("keepTopWeights")) config.keepTopWeights(o.get("keepTopWeights").getAsInt());
        if (o.has("directory")) config.directory(Path.of(o.get("directory").getAsString()));
        if (o.has("inputShape") && o.get("inputShape").isJsonArray()) {
            JsonArray a = o.getAsJsonArray("inputShape");
            long[] dims = new long[a.size()];
            int i = 0;
            for (JsonElement e : a) {
                dims[i++] = e.getAsLong();
            }
            config.inputShape(new Shape(dims));
        }
        if (o.has("objectives") && o.get("objectives").isJsonArray()) {
            JsonArray a = o.getAsJsonArray("objectives");
            Objective[] objectives = new Objective[a.size()];
            for (int i = 0; i < objectives.length; i++) {
                JsonObject j = a.get(i).getAsJsonObject();
                objectives[i] = new Objective(j.get("metric").getAsString(), Direction.valueOf(j.get("direction").getAsString()),
                        j.has("weight") ? j.get("weight").getAsDouble() : 1);
            }
            config.objectives(objectives);
        }
        if (o.has("measureLatency")) config.measureLatency(o.get("measureLatency").getAsInt());
        if (o.has("latencyLimit")) config.latencyLimit(o.get("latencyLimit").getAsDouble());
        return config;
    }

    /** The strategy's name as stored, or "". */
    static String strategy(JsonObject o) {
        return o.has("strategy") ? o.get("strategy").getAsString() : "";
    }
}
