package org.jnas.nas.space;

import ai.djl.ndarray.types.Shape;
import com.google.gson.Gson;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * Value comparison shared by {@link Sample} and {@link Choice}: a value equals a candidate when
 * they are the same once written as JSON and read back, since that is how a stored sample comes
 * back. Numbers compare by decimal value (a JSON {@code Long} equals an {@code Integer}, 0.1f
 * equals 0.1), an enum or a {@code char} equals its name or text, a DJL {@code Shape} equals the
 * map JSON reads back from it. Other objects compare by {@code equals}: what JSON makes of them
 * (a lambda's, a block's) is no value to compare.
 */
final class Samples {
    private static final Gson GSON = new Gson();

    private Samples() {}

    static boolean sameValue(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            // whole numbers (the common case: indices, widths) compare exactly without a BigDecimal
            return integral(x) && integral(y) ? x.longValue() == y.longValue() : canonical(x).equals(canonical(y));
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (int i = 0; i < x.size(); i++) {
                if (!sameValue(x.get(i), y.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return a.equals(b) || canonical(a).equals(canonical(b));
    }

    static int valueHash(Object v) {
        return canonical(v).hashCode();
    }

    /**
     * A key that equals another value's exactly when {@link #sameValue} does: numbers their decimal
     * value (floats through their shortest string), lists element-wise, enums and chars their
     * text, shapes and maps their JSON text, other values themselves.
     */
    static Object canonical(Object value) {
        if (value instanceof Float || value instanceof Double) {
            double d = ((Number) value).doubleValue();
            return Double.isFinite(d) ? new BigDecimal(value.toString()).stripTrailingZeros() : value;
        }
        if (value instanceof Number n) {
            return new BigDecimal(n.toString()).stripTrailingZeros();
        }
        if (value instanceof List<?> list) {
            return list.stream().map(Samples::canonical).toList();
        }
        if (value instanceof Enum<?> e) {
            return e.name();
        }
        if (value instanceof Character c) {
            return c.toString();
        }
        if (value instanceof Shape || value instanceof Map<?, ?>) {
            return new Json(GSON.toJson(value));
        }
        return value;
    }

    /** The JSON text of an object, unequal to a string of the same text. */
    private record Json(String text) {}

    private static boolean integral(Number n) {
        return n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte;
    }
}
