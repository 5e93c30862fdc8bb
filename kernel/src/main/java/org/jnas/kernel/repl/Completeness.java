package org.jnas.kernel.repl;

/**
 * Whether a cell can run as typed.
 *
 * @param status {@code complete}, {@code incomplete} or {@code invalid}
 * @param indent suggested indent of the next line when incomplete, else ""
 */
public record Completeness(String status, String indent) {}
