package org.jnas.kernel.repl;

import java.util.List;

/**
 * Completion candidates, positions in code points as Jupyter expects.
 *
 * @param matches the texts that may replace the range
 * @param cursorStart start of the replaced range
 * @param cursorEnd end of the replaced range
 */
public record Completion(List<String> matches, int cursorStart, int cursorEnd) {}
