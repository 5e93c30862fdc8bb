package org.jnas.kernel.repl;

/**
 * What {@code System.exit}, {@code Runtime.exit} and {@code Runtime.halt} throw in code a cell
 * defined: they would end the kernel, and with it every variable and running experiment. It ends
 * the cell, or the thread it is thrown in (a trial's, which then fails), as IPython's
 * {@code SystemExit} ends a cell.
 */
public final class ExitNotAllowedException extends SecurityException {
    private static final long serialVersionUID = 1L;

    ExitNotAllowedException(String message) {
        super(message);
    }
}
