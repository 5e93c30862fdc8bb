package org.jnas.kernel.repl;

/**
 * The language behind the kernel: four hooks (evaluate a cell, complete, inspect, judge
 * completeness), stopping a cell and growing the class path. The kernel calls everything from its
 * one execution thread except {@link #stop()}, which comes from the I/O thread while a cell runs.
 * {@link JShellRepl} is the implementation; the session code knows only this interface.
 */
public interface Repl {
    /**
     * Runs every snippet of a cell in order, stopping at the first error.
     *
     * @param code the cell's source
     * @param cellLabel how tracebacks name this cell, e.g. the execution count
     */
    CellResult eval(String code, String cellLabel);

    /** Completion at {@code cursor} (code points). */
    Completion complete(String code, int cursor);

    /** Signatures and documentation of the symbol at {@code cursor} (code points). */
    Inspection inspect(String code, int cursor);

    /** Whether {@code code} is complete, needs more lines, or cannot be run. */
    Completeness isComplete(String code);

    /** Stops the running cell, if any; callable from any thread. */
    void stop();

    /** Adds a jar or directory to the cells' class path. */
    void addToClasspath(String path);

    /** Start-up: makes the first real cell quick (called once, before any cell). */
    default void warmUp() {
    }

    /** Start-up: one round of throw-away work that warms the JIT, called while no cell waits. */
    default void warmUpRound() {
    }

    /** Start-up: background indexing (for completion) may begin; called once no cell has come for a while. */
    default void indexClassPath() {
    }
}
