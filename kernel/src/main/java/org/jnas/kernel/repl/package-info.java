/**
 * JShell behind four hooks: evaluate a cell, complete, inspect and judge completeness. Cells run
 * in the kernel's own JVM (local execution), so snippets share objects and threads with the
 * libraries on the kernel's class path.
 */
package org.jnas.kernel.repl;
