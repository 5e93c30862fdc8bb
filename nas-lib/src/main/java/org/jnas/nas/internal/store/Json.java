package org.jnas.nas.internal.store;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.ToNumberPolicy;
import com.google.gson.reflect.TypeToken;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jnas.nas.space.Choice;
import org.jnas.nas.space.ChoiceKind;

/** The JSON forms of the store's columns: metric maps, logs, choices. */
final class Json {
    /** NaN and infinities are legal metrics (a diverged loss), so they are written as bare words. */
    static final Gson GSON = new GsonBuilder()
            .serializeSpecialFloatingPointValues()
            .setObjectToNumberStrategy(ToNumberPolicy.LONG_OR_DOUBLE)
            .disableHtmlEscaping()
            .create();

    private static final java.lang.reflect.Type METRICS = new TypeToken<LinkedHashMap<String, Double>>() {}.getType();
    private static final java.lang.reflect.Type LINES = new TypeToken<ArrayList<String>>() {}.getType();

    private Json() {}

    static String metrics(Map<String, Double> metrics) {
        return GSON.toJson(metrics, METRICS);
    }

    static Map<String, Double> metrics(String json) {
        if (json == null || json.isEmpty()) {
            return Map.of();
        }
        Map<String, Double> map = GSON.fromJson(json, METRICS);
        return map == null ? Map.of() : map;
    }

    static String lines(List<String> lines) {
        return GSON.toJson(lines, LINES);
    }

    static List<String> lines(String json) {
        if (json == null || json.isEmpty()) {
            return List.of();
        }
        List<String> list = GSON.fromJson(json, LINES);
        return list == null ? List.of() : list;
    }

    static String object(JsonObject object) {
        return object == null ? null : GSON.toJson(object);
    }

    static JsonObject object(String json) {
        if (json == null || json.isEmpty()) {
            return new JsonObject();
        }
        return JsonParser.parseString(json).getAsJsonObject();
    }

    static String choices(List<Choice> choices) {
        JsonArray array = new JsonArray();
        for (Choice c : choices) {
            JsonObject o = new JsonObject();
            o.addProperty("label", c.label());
            o.addProperty("kind", c.kind().name());
            o.add("candidates", GSON.toJsonTree(c.candidates()));
            if (c.hasNames()) {
                o.add("names", GSON.toJsonTree(c.names()));
            }
            array.add(o);
        }
        return GSON.toJson(array);
    }

    static List<Choice> choices(String json) {
        if (json == null || json.isEmpty()) {
            return List.of();
        }
        List<Choice> out = new ArrayList<>();
        for (JsonElement e : JsonParser.parseString(json).getAsJsonArray()) {
            JsonObject o = e.getAsJsonObject();
            List<Object> candidates = GSON.fromJson(o.get("candidates"), new TypeToken<ArrayList<Object>>() {}.getType());
            // "names" came with candidate names; experiments stored before them have none
            List<String> names = o.has("names")
                    ? GSON.fromJson(o.get("names"), new TypeToken<ArrayList<String>>() {}.getType()) : List.of();
            out.add(new Choice(o.get("label").getAsString(), ChoiceKind.valueOf(o.get("kind").getAsString()), candidates,
                    names));
        }
        return out;
    }
}
