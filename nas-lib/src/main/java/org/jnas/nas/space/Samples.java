package org.jnas.nas.space;

import java.math.BigDecimal;
import java.util.List;

/** Value comparison shared by {@link Sample} and {@link Choice}: numbers compare by decimal value. */
final class Samples {
    private Samples() {}

    static boolean sameValue(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            // whole numbers (the common case: indices, widths) compare exactly without a BigDecimal
            return integral(x) && integral(y) ? x.longValue() == y.longValue() : decimal(x).compareTo(decimal(y)) == 0;
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
        return a.equals(b);
    }

    static int valueHash(Object v) {
        if (v instanceof Number n) {
            return decimal(n).stripTrailingZeros().hashCode();
        }
        if (v instanceof List<?> list) {
            int h = 1;
            for (Object o : list) {
                h = 31 * h + valueHash(o);
            }
            return h;
        }
        return v.hashCode();
    }

    private static boolean integral(Number n) {
        return n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte;
    }

    /** Floats go through their shortest decimal string, so 0.1f equals 0.1 read from JSON. */
    private static BigDecimal decimal(Number n) {
        if (n instanceof Float || n instanceof Double) {
            double d = n.doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                return BigDecimal.valueOf(Long.MIN_VALUE); // not representable; unequal to finite values
            }
            return new BigDecimal(n.toString());
        }
        if (n instanceof BigDecimal b) {
            return b;
        }
        return new BigDecimal(n.toString());
    }
}
