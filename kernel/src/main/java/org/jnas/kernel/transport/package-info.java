/**
 * ZeroMQ (JeroMQ) sockets: binding the connection file's ports, the heartbeat, and one I/O
 * thread that blocks on poll and owns every socket. The only package that imports ZeroMQ.
 */
package org.jnas.kernel.transport;
