package org.jnas.kernel.session;

import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jnas.kernel.protocol.Channel;
import org.jnas.kernel.protocol.Content;
import org.jnas.kernel.protocol.ErrorReply;
import org.jnas.kernel.protocol.Header;
import org.jnas.kernel.protocol.Message;
import org.jnas.kernel.protocol.MessageType;
import org.jnas.kernel.protocol.Status;

/**
 * One request while it is handled: its reply (named by {@link MessageType}'s table) goes back on
 * the channel it came on, and {@link #run} ends it with "idle" whatever the handler does, so no
 * handler can forget it. Who sends "busy", and when, is the caller's (see {@link ExecutionQueue}).
 */
final class ReplyContext {
    private static final Logger LOG = Logger.getLogger(ReplyContext.class.getName());

    private final Publisher publisher;
    private final Channel channel;
    private final Message request;
    /** Null for a message that is not answered (comms, anything but a request). */
    private final String replyName;

    ReplyContext(Publisher publisher, Channel channel, Message request) {
        this.publisher = publisher;
        this.channel = channel;
        this.request = request;
        MessageType<?> type = MessageType.of(request.type());
        this.replyName = type != null && type.reply() != null ? type.reply().wireName()
                : MessageType.replyNameOfUnknown(request.type());
    }

    Channel channel() {
        return channel;
    }

    Message request() {
        return request;
    }

    Header header() {
        return request.header();
    }

    void busy() {
        publisher.status(header(), Status.BUSY);
    }

    void idle() {
        publisher.status(header(), Status.IDLE);
    }

    /** Sends the reply on the request's channel. */
    void reply(Content content) {
        if (replyName == null) {
            throw new IllegalStateException(request.type() + " is not answered");
        }
        publisher.sink().send(channel, request.reply(replyName, content.toJson()));
    }

    /** Publishes on IOPub as output of this request. */
    <C extends Content> void publish(MessageType<C> type, C content) {
        publisher.publish(header(), type, content);
    }

    /** Runs {@code action} once every message sent so far has been handed to the sockets. */
    void afterSent(Runnable action) {
        publisher.sink().afterFlush(action);
    }

    /**
     * Runs the request's handler, then publishes "idle". A handler that throws is logged and its
     * request answered with an error reply, so the frontend does not wait for a reply forever.
     */
    void run(Runnable handler) {
        try {
            handler.run();
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "handler of " + request.type() + " failed", e);
            if (replyName != null) {
                reply(new ErrorReply(e.getClass().getName(), String.valueOf(e.getMessage()), List.of()));
            }
        } finally {
            idle();
        }
    }
}
