package org.jnas.kernel.protocol;

/** Where the kernel's outgoing messages go; implementations must accept calls from any thread. */
public interface MessageSink {
    /** Queues {@code message} for sending on {@code channel}, keeping the order of calls. */
    void send(Channel channel, Message message);

    /** Runs {@code action} once every message queued before it has been handed to the sockets. */
    void afterFlush(Runnable action);
}
