/**
 * Rich display: MIME bundles, a renderer registry keyed by type, updatable display handles and
 * the helpers cells call ({@link org.jnas.kernel.display.Display}, imported statically in every
 * cell). Knows nothing of the wire protocol: the kernel installs a
 * {@link org.jnas.kernel.display.DisplaySink}.
 */
package org.jnas.kernel.display;
