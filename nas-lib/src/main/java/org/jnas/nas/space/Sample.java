package org.jnas.nas.space;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.ToNumberPolicy;
import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;

/**
 * One architecture of a model space: an immutable map from label to the chosen candidate value,
 * in the order the space met the labels.
 *
 * <p>Values are what the space declared: the value of a value choice, the candidate index (or name)
 * of a layer choice, the depth of a repeat, the list of chosen input indices of an input choice.
 * Two samples are equal when they hold the same labels with the same values (numbers compare by
 * value, so a sample read back from JSON equals the one written).
 */
public final class Sample implements Serializable {
    private static final long serialVersionUID = 1L;

    private static final Gson GSON = new GsonBuilder()
            .setObjectToNumberStrategy(ToNumberPolicy.LONG_OR_DOUBLE)
            .create();

    private final Map<String, Object> values;

    private Sample(Map<String, Object> values) {
        this.values = Collections.unmodifiableMap(values);
    }

    /** A sample holding these label -> value pairs, in the map's iteration order. */
    public static Sample of(Map<String, ?> values) {
        Objects.requireNonNull(values, "values");
        Map<String, Object> copy = new LinkedHashMap<>();
        values.forEach((label, value) -> copy.put(
                Objects.requireNonNull(label, "label"),
                Objects.requireNonNull(value, () -> "value of label '" + label + "'")));
        return new Sample(copy);
    }

    /** The empty sample (the only architecture of a space without choices). */
    public static Sample empty() {
        return new Sample(new LinkedHashMap<>());
    }

    /**
     * Reads the JSON form written by {@link #toJson()}. Integral numbers come back as {@code Long},
     * others as {@code Double}; {@link ModelSpace#instantiate} matches them to the candidates.
     *
     * @throws IllegalArgumentException if the text is not a JSON object
     */
    public static Sample fromJson(String json) {
        JsonElement element;
        try {
            element = JsonParser.parseString(json);
        } catch (JsonParseException e) {
            throw new IllegalArgumentException("not a sample: " + e.getMessage(), e);
        }
        if (!element.isJsonObject()) {
            throw new IllegalArgumentException("not a sample (expected a JSON object): " + json);
        }
        return fromJson(element.getAsJsonObject());
    }

    /** Reads a sample from a parsed JSON object. */
    @SuppressWarnings("unchecked")
    public static Sample fromJson(JsonObject object) {
        Map<String, Object> map = GSON.fromJson(object, LinkedHashMap.class);
        for (Map.Entry<String, Object> e : map.entrySet()) {
            if (e.getValue() == null) {
                throw new IllegalArgumentException("label '" + e.getKey() + "' has no value");
            }
        }
        return new Sample(map);
    }

    /** The value of {@code label}. */
    public Object get(String label) {
        Object value = values.get(label);
        if (value == null) {
            throw new IllegalArgumentException("sample has no label '" + label + "'; it has " + values.keySet());
        }
        return value;
    }

    /**
     * The value of {@code label} as an int: any whole number (a sample read back from JSON holds
     * {@code Long}s), e.g. {@code int channels = sample.getInt("channels")}.
     *
     * @throws IllegalArgumentException if the label is missing or its value is not a whole int
     */
    public int getInt(String label) {
        Object value = get(label);
        if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())
                && n.doubleValue() >= Integer.MIN_VALUE && n.doubleValue() <= Integer.MAX_VALUE) {
            return n.intValue();
        }
        throw notA("an int", label, value);
    }

    /** The value of {@code label} as a double (any number). */
    public double getDouble(String label) {
        Object value = get(label);
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        throw notA("a number", label, value);
    }

    /** The value of {@code label} as a String (a string candidate, or a layer choice's name). */
    public String getString(String label) {
        Object value = get(label);
        if (value instanceof String text) {
            return text;
        }
        throw notA("a String", label, value);
    }

    private static IllegalArgumentException notA(String kind, String label, Object value) {
        return new IllegalArgumentException("label '" + label + "' holds " + value + " ("
                + value.getClass().getSimpleName() + "), not " + kind);
    }

    /** True when the sample decides {@code label}. */
    public boolean has(String label) {
        return values.containsKey(label);
    }

    /** The label -> value map, read-only, in the order the space met the labels. */
    public Map<String, Object> values() {
        return values;
    }

    /** The number of labels. */
    public int size() {
        return values.size();
    }

    /** A copy with {@code label} set to {@code value}. */
    public Sample with(String label, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(values);
        copy.put(Objects.requireNonNull(label, "label"), Objects.requireNonNull(value, "value"));
        return new Sample(copy);
    }

    /** The JSON form, e.g. {@code {"conv2":1,"dropout1":0.5,"feature":128}}. */
    public String toJson() {
        return GSON.toJson(values);
    }

    /** The JSON form as a tree. */
    public JsonObject toJsonObject() {
        return GSON.toJsonTree(values).getAsJsonObject();
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Sample other) || other.values.size() != values.size()) {
            return false;
        }
        for (Map.Entry<String, Object> e : values.entrySet()) {
            if (!other.values.containsKey(e.getKey())
                    || !Samples.sameValue(e.getValue(), other.values.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = 0;
        for (Map.Entry<String, Object> e : values.entrySet()) {
            h += e.getKey().hashCode() ^ Samples.valueHash(e.getValue());
        }
        return h;
    }

    /** Reads like a map: {@code {conv2=1, dropout1=0.5, feature=128}}. */
    @Override
    public String toString() {
        return values.toString();
    }

    /**
     * As {@link #toString()}, with each named candidate's name beside its index
     * ({@link Choice#describe}): {@code {conv2=1 dwsep, feature=128}}.
     */
    public String describe(List<Choice> choices) {
        StringJoiner joined = new StringJoiner(", ", "{", "}");
        values.forEach((label, value) -> joined.add(label + "=" + choices.stream().filter(c -> c.label().equals(label))
                .findFirst().map(c -> c.describe(value)).orElse(String.valueOf(value))));
        return joined.toString();
    }
}
