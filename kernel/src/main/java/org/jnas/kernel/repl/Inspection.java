package org.jnas.kernel.repl;

/**
 * What inspect found at the cursor.
 *
 * @param found whether anything was found
 * @param text signatures and javadoc as plain text
 */
public record Inspection(boolean found, String text) {}
