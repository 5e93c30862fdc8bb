package org.jnas.kernel.magic;

import java.io.PrintStream;
import org.jnas.kernel.repl.CellResult;

/** What a magic may do to the kernel. */
public interface MagicContext {
    /** Adds a jar or class directory to the cells' class path. */
    void addToClasspath(String path);

    /** Evaluates Java code as part of the current cell. */
    CellResult eval(String code);

    /** The cell's stdout. */
    PrintStream out();

    /** Signatures and javadoc of the expression {@code code} (cursor at its end), or "" when none. */
    String documentation(String code);

    /** Shows {@code text} in the frontend's pager (an execute_reply payload). */
    void page(String text);
}
