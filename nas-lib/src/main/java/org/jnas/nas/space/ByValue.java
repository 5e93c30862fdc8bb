package org.jnas.nas.space;

import java.math.BigDecimal;
import java.util.List;

/** Keys that are equal exactly when {@link org.jnas.nas.space.Choice#indexOf} treats values as equal. */
final class ByValue {
    private ByValue() {}

    /** Numbers become their decimal value (floats through their shortest string); lists element-wise. */
    static Object key(Object value) {
        if (value instanceof Float || value instanceof Double) {
            double d = ((Number) value).doubleValue();
            return Double.isFinite(d) ? new BigDecimal(value.toString()).stripTrailingZeros() : value;
        }
        if (value instanceof Number n) {
            return new BigDecimal(n.toString()).stripTrailingZeros();
        }
        if (value instanceof List<?> list) {
            return list.stream().map(ByValue::key).toList();
        }
        return value;
    }

    /** The keys of {@code values}, in order. */
    static List<Object> keys(List<Object> values) {
        return values.stream().map(ByValue::key).toList();
    }
}
