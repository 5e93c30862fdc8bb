package org.jnas.kernel.session;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.logging.Logger;
import org.jnas.kernel.protocol.Channel;
import org.jnas.kernel.protocol.ErrorReply;
import org.jnas.kernel.protocol.Message;
import org.jnas.kernel.protocol.MessageType;

/**
 * The dispatch table: each message type to its handler and the thread it runs on. Every request
 * is wrapped in a {@link ReplyContext} (busy, handler, idle).
 *
 * <ul>
 *   <li>{@link #onIoThread}: answered at once on the I/O thread (quick requests that do not touch
 *       the repl, control requests that must be served while a cell runs).
 *   <li>{@link #onExecutionThread}: queued for the {@link ExecutionQueue}.
 *   <li>{@link #onStdin}: replies from the frontend to the kernel's own requests; no busy/idle.
 * </ul>
 * Control carries only control requests ({@link Channel#accepts}): anything else that comes there
 * is answered with an error at once, on control, and never reaches the repl, which is not
 * thread-safe and may be running a cell. A message that is in no table is queued like a request
 * for the repl (answered at once on control) and, if it is a request, answered with an error reply.
 */
final class Router {
    private static final Logger LOG = Logger.getLogger(Router.class.getName());

    /** What a request of content type {@code C} does. */
    @FunctionalInterface
    interface Handler<C> {
        void handle(C content, ReplyContext request);
    }

    private record Route<C>(MessageType<C> type, boolean onExecutionThread, Handler<C> handler, Handler<C> whenAborted) {
        Runnable body(ReplyContext request, Handler<C> h) {
            return () -> h.handle(type.read(request.request().content()), request);
        }
    }

    private record StdinRoute<C>(MessageType<C> type, Consumer<C> handler) {
        void accept(Message m) {
            handler.accept(type.read(m.content()));
        }
    }

    private final Publisher publisher;
    private final ExecutionQueue queue;
    private final Map<MessageType<?>, Route<?>> routes = new HashMap<>();
    private final Map<MessageType<?>, StdinRoute<?>> stdinRoutes = new HashMap<>();

    Router(Publisher publisher, ExecutionQueue queue) {
        this.publisher = publisher;
        this.queue = queue;
    }

    /** Handles {@code type} on the I/O thread, as soon as it arrives. */
    <C> void onIoThread(MessageType<C> type, Handler<C> handler) {
        add(new Route<>(type, false, handler, null));
    }

    /** Handles {@code type} in order on the execution thread. */
    <C> void onExecutionThread(MessageType<C> type, Handler<C> handler) {
        add(new Route<>(type, true, handler, null));
    }

    /**
     * Handles {@code type} in order on the execution thread, and when a cell before it failed,
     * {@code whenAborted} instead (the stop-on-error rule of {@link ExecutionQueue}).
     */
    <C> void onExecutionThread(MessageType<C> type, Handler<C> handler, Handler<C> whenAborted) {
        add(new Route<>(type, true, handler, whenAborted));
    }

    /** Handles {@code type} when it comes on stdin. */
    <C> void onStdin(MessageType<C> type, Consumer<C> handler) {
        stdinRoutes.put(type, new StdinRoute<>(type, handler));
    }

    private void add(Route<?> route) {
        if (routes.put(route.type(), route) != null) {
            throw new IllegalStateException(route.type() + " has two handlers");
        }
    }

    /** Dispatches one verified message from the transport (called on the I/O thread). */
    void dispatch(Channel channel, Message message) {
        MessageType<?> type = MessageType.of(message.type());
        if (channel == Channel.STDIN) {
            StdinRoute<?> route = stdinRoutes.get(type);
            if (route != null) {
                route.accept(message);
            } else {
                LOG.warning("unexpected " + message.type() + " on stdin ignored");
            }
            return;
        }
        ReplyContext request = new ReplyContext(publisher, channel, message);
        Route<?> route = routes.get(type);
        if (!channel.accepts(message.type())) {
            atOnce(request, () -> misdirected(request));
        } else if (route == null && channel == Channel.CONTROL) {
            atOnce(request, () -> unknown(request));
        } else if (route == null) {
            queue.submit(request, () -> unknown(request));
        } else {
            dispatch(route, request);
        }
    }

    private static void atOnce(ReplyContext request, Runnable handler) {
        request.busy();
        request.run(handler);
    }

    private <C> void dispatch(Route<C> route, ReplyContext request) {
        if (!route.onExecutionThread()) {
            atOnce(request, route.body(request, route.handler()));
        } else if (route.whenAborted() != null) {
            queue.submitCell(request, route.body(request, route.handler()), route.body(request, route.whenAborted()));
        } else {
            queue.submit(request, route.body(request, route.handler()));
        }
    }

    private static void misdirected(ReplyContext request) {
        String type = request.request().type();
        LOG.warning(type + " on " + request.channel() + " refused");
        if (MessageType.replyNameOfUnknown(type) != null) {
            request.reply(new ErrorReply("WrongChannel", type + " came on " + request.channel().name().toLowerCase(Locale.ROOT)
                    + ", which carries only " + Channel.CONTROL_NAMES + " requests: send it on shell", List.of()));
        }
    }

    private static void unknown(ReplyContext request) {
        String type = request.request().type();
        LOG.warning("unknown message type '" + type + "' on " + request.channel());
        if (MessageType.replyNameOfUnknown(type) != null) {
            request.reply(new ErrorReply("UnknownMessageType", "this kernel does not handle " + type, List.of()));
        }
    }
}
