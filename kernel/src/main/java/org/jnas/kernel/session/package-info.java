/**
 * The kernel's behaviour: {@link org.jnas.kernel.session.Kernel} and its dispatch table (a
 * {@code Router} from message type to handler), the reply context that always ends a request with
 * idle, the execution queue (one thread, busy/idle order, stop-on-error), the cell runner, output
 * capture that coalesces stdout/stderr into stream messages, the stdin bridge, history, the display
 * sink and {@link org.jnas.kernel.session.StartupTuning}. Knows the repl only through
 * {@link org.jnas.kernel.repl.Repl}.
 */
package org.jnas.kernel.session;
