package org.jnas.kernel.protocol;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

/** Small JSON helpers shared by the kernel (one Gson instance, null-safe field readers). */
public final class Json {
    /** The kernel's Gson: HTML characters are not escaped so MIME payloads stay readable. */
    public static final Gson GSON = new GsonBuilder().disableHtmlEscaping().serializeNulls().create();

    private Json() {}

    /** Returns {@code obj.key} as a string, or {@code fallback} when absent or not a string. */
    public static String string(JsonObject obj, String key, String fallback) {
        JsonElement e = obj == null ? null : obj.get(key);
        return e != null && e.isJsonPrimitive() ? e.getAsString() : fallback;
    }

    /** Returns {@code obj.key} as an int, or {@code fallback} when absent or not a number. */
    public static int integer(JsonObject obj, String key, int fallback) {
        JsonElement e = obj == null ? null : obj.get(key);
        if (e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isNumber()) {
            return e.getAsInt();
        }
        return fallback;
    }

    /** Returns {@code obj.key} as a boolean, or {@code fallback} when absent or not a boolean. */
    public static boolean bool(JsonObject obj, String key, boolean fallback) {
        JsonElement e = obj == null ? null : obj.get(key);
        return e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isBoolean()
                ? e.getAsBoolean() : fallback;
    }

    /** Starts an object builder: {@code Json.obj().put("a", 1).build()}. */
    public static ObjectBuilder obj() {
        return new ObjectBuilder();
    }

    /** Turns strings into a JSON array. */
    public static JsonArray array(Iterable<String> values) {
        JsonArray a = new JsonArray();
        values.forEach(a::add);
        return a;
    }

    /** A fluent builder of JSON objects. */
    public static final class ObjectBuilder {
        private final JsonObject o = new JsonObject();

        /** Adds any value: JSON elements as they are, strings, numbers, booleans, null. */
        public ObjectBuilder put(String key, Object value) {
            if (value == null) {
                o.add(key, com.google.gson.JsonNull.INSTANCE);
            } else if (value instanceof JsonElement e) {
                o.add(key, e);
            } else if (value instanceof String s) {
                o.add(key, new JsonPrimitive(s));
            } else if (value instanceof Number n) {
                o.add(key, new JsonPrimitive(n));
            } else if (value instanceof Boolean b) {
                o.add(key, new JsonPrimitive(b));
            } else {
                o.add(key, GSON.toJsonTree(value));
            }
            return this;
        }

        /** Returns the object. */
        public JsonObject build() {
            return o;
        }
    }
}
