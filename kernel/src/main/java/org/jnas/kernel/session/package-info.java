/**
 * The kernel's behaviour: one dispatch table from request type to handler, a reply context that
 * always ends with idle, output capture that coalesces stdout/stderr into stream messages, the
 * stdin bridge, history and the display sink.
 */
package org.jnas.kernel.session;
