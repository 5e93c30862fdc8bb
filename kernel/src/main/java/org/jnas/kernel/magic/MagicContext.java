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
}
