package org.jnas.kernel.magic;

import org.jnas.kernel.repl.CellResult;

/** One magic command. */
public interface Magic {
    /** The name after {@code %}, e.g. {@code maven}. */
    String name();

    /** One line of usage shown in the list of magics. */
    String usage();

    /**
     * Runs the magic.
     *
     * @param args the text after the name
     * @param body for a cell magic ({@code %%name}) the rest of the cell, otherwise {@code null}
     * @param context the kernel
     * @return the outcome; an error stops the cell
     * @throws Exception shown to the user as the cell's error
     */
    CellResult run(String args, String body, MagicContext context) throws Exception;
}
