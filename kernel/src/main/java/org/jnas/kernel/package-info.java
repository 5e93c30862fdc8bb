/**
 * The JNAS Jupyter kernel: JShell cells over the Jupyter messaging protocol.
 *
 * <p>{@link org.jnas.kernel.KernelMain} is the entry point named in the kernelspec. The packages
 * split the kernel by capability: {@code protocol} (what a message is), {@code transport} (how
 * bytes move; the only ZeroMQ user), {@code session} (routing requests, output capture),
 * {@code repl} (JShell), {@code display} (renderers, display handles) and {@code magic}.
 */
package org.jnas.kernel;
