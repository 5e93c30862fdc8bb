package org.jnas.nas.results;

import java.util.Locale;
import java.util.function.DoubleFunction;
import java.util.stream.DoubleStream;

/**
 * HTML and XML text escaping (public: the kernel's renderers use the same escaping) and the number
 * formats shared by the views.
 */
public final class Html {
    private Html() {}

    /** Escapes text for an HTML or XML element body or a quoted attribute value. */
    public static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> {
                    if (c < 0x20 && c != '\n' && c != '\t' && c != '\r') {
                        sb.append(' '); // control characters are not allowed in XML 1.0
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }

    /**
     * A measured number as the views show it (public: the kernel shows Tablesaw tables the same
     * way): 4 significant digits ({@code 0.7733}, {@code 12.35}, {@code 0.01235}), whole numbers
     * from 10,000 to a million without an exponent ({@code 12346}), others in scientific notation
     * ({@code 1.235e-05}); NaN and infinities as Java writes them. Tables and CSV keep every digit.
     */
    public static String number(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return Double.toString(v);
        }
        double a = Math.abs(v);
        if (a >= 1e4 && a < 1e6) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        return String.format(Locale.ROOT, "%.4g", v);
    }

    /**
     * The format of a column of numbers (public: the kernel shows Tablesaw tables the same way):
     * {@link #number} for each, except that a column whose every value is a whole number (a count
     * such as a supernet's {@code step}, a trial's {@code epochs} or a model's {@code params}) shows
     * them as counts: {@code 192}, not {@code 192.0}; {@code 1,199,882}, not {@code 1.200e+06}.
     */
    public static DoubleFunction<String> columnFormat(DoubleStream values) {
        return values.allMatch(v -> v == Math.rint(v) && Math.abs(v) < 1e15)
                ? v -> count((long) v)
                : Html::number;
    }

    /** A count with thousands separators: {@code 10,000}. */
    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** A duration in seconds as h:mm:ss or m:ss. */
    static String clock(long seconds) {
        long h = seconds / 3600;
        long m = (seconds % 3600) / 60;
        long s = seconds % 60;
        return h > 0 ? String.format(Locale.ROOT, "%d:%02d:%02d", h, m, s) : String.format(Locale.ROOT, "%d:%02d", m, s);
    }
}
