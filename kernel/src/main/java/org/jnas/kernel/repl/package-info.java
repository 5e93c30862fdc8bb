/**
 * JShell behind four hooks ({@link org.jnas.kernel.repl.Repl}): evaluate a cell, complete, inspect
 * and judge completeness. Cells run in the kernel's own JVM (local execution), so snippets share
 * objects and threads with the libraries on the kernel's class path. The only package that imports
 * {@code jdk.jshell}: {@link org.jnas.kernel.repl.JShellRepl} and its package-private helpers, one
 * job each.
 */
package org.jnas.kernel.repl;
