package org.jnas.kernel.repl;

/**
 * What a cell's text says before any compiler sees it: whether it may be one expression to show,
 * and line numbers. Strings, character literals, text blocks and comments are skipped; this is a
 * quick first guess, and a wrong guess only costs the slower path through JShell.
 */
final class CodeScan {
    private CodeScan() {}

    /**
     * Whether a cell's last snippet can be a value to show: not a statement or declaration ending in
     * {@code ;} or a block (a void call like {@code println(x);} would cost a failed compile first),
     * and no assignment.
     */
    static boolean mayBeShownExpression(String source) {
        String code = source.strip();
        return !code.endsWith(";") && !code.endsWith("}") && !hasTopLevelAssignment(code);
    }

    /**
     * Whether {@code code} has an {@code =} outside brackets, strings and comments other than
     * {@code ==} and {@code !=}: an assignment (shown as nothing, like IPython) or a declaration.
     * Comparisons like {@code a <= b} also count; they only take the slower path.
     */
    static boolean hasTopLevelAssignment(String code) {
        return anyOutsideLiterals(code, (i, depth) -> {
            char prev = i > 0 ? code.charAt(i - 1) : 0;
            char next = i + 1 < code.length() ? code.charAt(i + 1) : 0;
            return code.charAt(i) == '=' && depth == 0 && next != '=' && prev != '=' && prev != '!';
        });
    }

    /**
     * Whether {@code code} may hold more than one statement: a {@code ;} outside brackets, strings
     * and comments, an unbalanced closing bracket, or a unicode escape (javac reads {@code \\u003b}
     * as a semicolon).
     */
    static boolean hasTopLevelSemicolon(String code) {
        return code.contains("\\u") || anyOutsideLiterals(code, (i, depth) -> depth < 0 || (code.charAt(i) == ';' && depth == 0));
    }

    /** The 1-based line of {@code text} that holds {@code index}. */
    static int lineOf(String text, int index) {
        int line = 1;
        for (int i = 0; i < Math.min(index, text.length()); i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    /** How many whitespace characters {@code text} starts with. */
    static int leadingWhitespace(String text) {
        int lead = 0;
        while (lead < text.length() && Character.isWhitespace(text.charAt(lead))) {
            lead++;
        }
        return lead;
    }

    private interface CodeTest {
        /** {@code depth}: the brackets open at {@code index}, counting a closing bracket there as closed. */
        boolean test(int index, int depth);
    }

    /** Whether {@code test} holds at any character of {@code code} outside strings, character literals and comments. */
    private static boolean anyOutsideLiterals(String code, CodeTest test) {
        int depth = 0;
        for (int i = 0; i < code.length(); i++) {
            char c = code.charAt(i);
            char next = i + 1 < code.length() ? code.charAt(i + 1) : 0;
            if (c == '"' || c == '\'') {
                i = skipLiteral(code, i);
                continue;
            } else if (c == '/' && next == '/') {
                i = code.indexOf('\n', i) < 0 ? code.length() : code.indexOf('\n', i);
                continue;
            } else if (c == '/' && next == '*') {
                int end = code.indexOf("*/", i + 2);
                i = end < 0 ? code.length() : end + 1;
                continue;
            } else if (c == ')' || c == ']' || c == '}') {
                depth--;
            }
            if (test.test(i, depth)) {
                return true;
            }
            if (c == '(' || c == '[' || c == '{') {
                depth++;
            }
        }
        return false;
    }

    /** The index of the quote closing the string, text block or char literal opened at {@code open}. */
    private static int skipLiteral(String code, int open) {
        char quote = code.charAt(open);
        if (quote == '"' && code.startsWith("\"\"\"", open)) {
            int end = code.indexOf("\"\"\"", open + 3);
            return end < 0 ? code.length() : end + 2;
        }
        for (int i = open + 1; i < code.length(); i++) {
            char c = code.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == quote || c == '\n') {
                return i;
            }
        }
        return code.length();
    }
}
