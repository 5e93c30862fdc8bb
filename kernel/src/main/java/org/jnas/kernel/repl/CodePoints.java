package org.jnas.kernel.repl;

/** Converts between Jupyter cursor positions (Unicode code points) and Java string indices (UTF-16). */
public final class CodePoints {
    private CodePoints() {}

    /** The UTF-16 index of code point {@code cp} in {@code s}, clamped to the string. */
    public static int toIndex(String s, int cp) {
        int total = s.codePointCount(0, s.length());
        if (cp <= 0) {
            return 0;
        }
        if (cp >= total) {
            return s.length();
        }
        return s.offsetByCodePoints(0, cp);
    }

    /** The code point position of UTF-16 index {@code index} in {@code s}. */
    public static int toCodePoint(String s, int index) {
        return s.codePointCount(0, Math.max(0, Math.min(index, s.length())));
    }
}
