package org.jnas.kernel.repl;

import java.util.List;

/**
 * The outcome of one cell.
 *
 * @param ok whether every snippet ran without error
 * @param hasValue whether the last snippet was an expression with a value to show
 * @param value that value (may be {@code null} for a null expression)
 * @param ename the error's name: the user's exception class, or {@code CompilationError}
 * @param evalue the error's message
 * @param traceback the lines shown for the error
 */
public record CellResult(boolean ok, boolean hasValue, Object value, String ename, String evalue,
        List<String> traceback) {

    /** A successful cell without a value. */
    public static CellResult empty() {
        return new CellResult(true, false, null, null, null, List.of());
    }

    /** A successful cell whose last expression is {@code value}. */
    public static CellResult value(Object value) {
        return new CellResult(true, true, value, null, null, List.of());
    }

    /** A failed cell. */
    public static CellResult error(String ename, String evalue, List<String> traceback) {
        return new CellResult(false, false, null, ename, evalue == null ? "" : evalue, List.copyOf(traceback));
    }
}
