/**
 * Jupyter messaging protocol 5.3 values: headers, messages, wire framing and HMAC signing, and one
 * record per message content, named after the wire ({@code execute_request} is
 * {@link org.jnas.kernel.protocol.ExecuteRequest}). {@link org.jnas.kernel.protocol.MessageType} is
 * the one table of wire names, content records and reply types. Knows nothing of sockets or of
 * JShell.
 */
package org.jnas.kernel.protocol;
