/**
 * Jupyter messaging protocol 5.3 values: headers, messages, wire framing and HMAC signing.
 * Knows nothing of sockets or of JShell.
 */
package org.jnas.kernel.protocol;
