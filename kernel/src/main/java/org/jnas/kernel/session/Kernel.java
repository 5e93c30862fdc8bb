package org.jnas.kernel.session;

import com.google.gson.JsonArray;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.logging.Logger;
import org.jnas.kernel.display.Display;
import org.jnas.kernel.magic.MagicRegistry;
import org.jnas.kernel.nas.NasRenderers;
import org.jnas.kernel.protocol.Channel;
import org.jnas.kernel.protocol.CommClose;
import org.jnas.kernel.protocol.CommInfoReply;
import org.jnas.kernel.protocol.CommInfoRequest;
import org.jnas.kernel.protocol.CommOpen;
import org.jnas.kernel.protocol.CompleteReply;
import org.jnas.kernel.protocol.CompleteRequest;
import org.jnas.kernel.protocol.HistoryReply;
import org.jnas.kernel.protocol.HistoryRequest;
import org.jnas.kernel.protocol.InspectReply;
import org.jnas.kernel.protocol.InspectRequest;
import org.jnas.kernel.protocol.InterruptReply;
import org.jnas.kernel.protocol.InterruptRequest;
import org.jnas.kernel.protocol.IsCompleteReply;
import org.jnas.kernel.protocol.IsCompleteRequest;
import org.jnas.kernel.protocol.KernelInfoReply;
import org.jnas.kernel.protocol.KernelInfoRequest;
import org.jnas.kernel.protocol.Message;
import org.jnas.kernel.protocol.MessageSink;
import org.jnas.kernel.protocol.MessageType;
import org.jnas.kernel.protocol.ShutdownReply;
import org.jnas.kernel.protocol.ShutdownRequest;
import org.jnas.kernel.repl.Completeness;
import org.jnas.kernel.repl.Completion;
import org.jnas.kernel.repl.Inspection;
import org.jnas.kernel.repl.Repl;
import org.jnas.nas.internal.LaunchContext;

/**
 * The kernel: the dispatch table from message type to handler, and the handlers of everything but
 * cells ({@link CellRunner}). Quick requests (kernel_info, history, comm_info) are answered on the
 * I/O thread; requests that need the repl run in order on the {@link ExecutionQueue}; control
 * requests (interrupt, shutdown) are served at once, also while a cell runs. Every request is
 * wrapped in busy/idle ({@link ReplyContext}).
 */
public final class Kernel implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Kernel.class.getName());

    private final Publisher publisher;
    private final ParentTracker parents = new ParentTracker();
    private final StreamCapture streams;
    private final StdinBridge stdin;
    private final History history = new History();
    private final ExecutionQueue queue = new ExecutionQueue();
    private final Router router;
    private final CellRunner cells;
    private final StartupTuning startup;
    private final CompletableFuture<Repl> repl;
    private final Runnable exit;

    /**
     * Creates the kernel, captures {@code System.out/err/in}, installs the display sink and starts
     * the repl on the execution thread, tuned for quick first cells ({@link StartupTuning}).
     *
     * @param sink where messages go
     * @param session this kernel's session id
     * @param replFactory creates the repl (called on the execution thread)
     * @param exit ends the process once the shutdown reply is sent
     */
    public Kernel(MessageSink sink, String session, Supplier<? extends Repl> replFactory, Runnable exit) {
        this(sink, session, replFactory, exit, true);
    }

    /** As the public constructor; {@code tuneStartup} false starts the repl plainly (tests). */
    Kernel(MessageSink sink, String session, Supplier<? extends Repl> replFactory, Runnable exit, boolean tuneStartup) {
        this.publisher = new Publisher(sink, session);
        this.streams = new StreamCapture(publisher, parents);
        this.stdin = new StdinBridge(publisher, streams::flush);
        this.exit = exit;
        this.router = new Router(publisher, queue);
        this.cells = new CellRunner(parents, streams, stdin, history, queue, this::repl);
        this.startup = new StartupTuning(queue, () -> cells.running() != null);
        System.setOut(streams.stdout());
        System.setErr(streams.stderr());
        System.setIn(stdin);
        Display.install(new DisplayPublisher(publisher, parents, streams, cells::running));
        NasRenderers.install();
        LaunchContext.install(parents::carry); // a trial's output goes to the cell that ran its search
        this.repl = tuneStartup ? startup.start(replFactory) : queue.supply(replFactory::get);

        router.onIoThread(MessageType.KERNEL_INFO_REQUEST, this::kernelInfo);
        router.onExecutionThread(MessageType.EXECUTE_REQUEST, cells::execute, cells::aborted);
        router.onExecutionThread(MessageType.COMPLETE_REQUEST, this::complete);
        router.onExecutionThread(MessageType.INSPECT_REQUEST, this::inspect);
        router.onExecutionThread(MessageType.IS_COMPLETE_REQUEST, this::isComplete);
        router.onIoThread(MessageType.HISTORY_REQUEST, this::history);
        router.onIoThread(MessageType.COMM_INFO_REQUEST, this::commInfo);
        router.onIoThread(MessageType.COMM_OPEN, this::commOpen);
        router.onIoThread(MessageType.COMM_MSG, (msg, request) -> LOG.fine("comm_msg for unknown comm ignored"));
        router.onIoThread(MessageType.COMM_CLOSE, (msg, request) -> LOG.fine("comm_close for unknown comm ignored"));
        router.onIoThread(MessageType.INTERRUPT_REQUEST, this::interrupt);
        router.onIoThread(MessageType.SHUTDOWN_REQUEST, this::shutdown);
        router.onStdin(MessageType.INPUT_REPLY, reply -> stdin.reply(reply.value()));
    }

    /** Accepts one verified message from the transport (called on the I/O thread). */
    public void accept(Channel channel, Message message) {
        if (MessageType.EXECUTE_REQUEST.is(message)) {
            startup.cellArrived();
        }
        router.dispatch(channel, message);
    }

    /**
     * Stops the execution thread and the output flusher, for a kernel that ends without exiting
     * the process (tests); a shutdown_request halts the JVM instead.
     */
    @Override
    public void close() {
        streams.close();
        queue.close();
    }

    private Repl repl() {
        return repl.join();
    }

    private void kernelInfo(KernelInfoRequest info, ReplyContext request) {
        String javaVersion = System.getProperty("java.version");
        request.reply(new KernelInfoReply("jnas", "0.1.0",
                new KernelInfoReply.LanguageInfo("java", javaVersion, "text/x-java", ".jshell", "java", "text/x-java"),
                "JNAS Java kernel (JShell, Java " + javaVersion + ")"));
        request.afterSent(startup::firstInfoAnswered);
    }

    private void complete(CompleteRequest complete, ReplyContext request) {
        Completion c = repl().complete(complete.code(), complete.cursorPos());
        request.reply(new CompleteReply(c.matches(), c.cursorStart(), c.cursorEnd()));
    }

    private void inspect(InspectRequest inspect, ReplyContext request) {
        Inspection i = repl().inspect(inspect.code(), inspect.cursorPos());
        request.reply(new InspectReply(i.found(), i.text()));
    }

    private void isComplete(IsCompleteRequest isComplete, ReplyContext request) {
        String code = isComplete.code();
        // A magic line runs as typed; the frontend submits it on Enter.
        Completeness c = MagicRegistry.hasMagic(code) ? new Completeness("complete", "") : repl().isComplete(code);
        request.reply(new IsCompleteReply(c.status(), c.indent()));
    }

    private void history(HistoryRequest h, ReplyContext request) {
        JsonArray rows = switch (h.histAccessType()) {
            case "range" -> history.range(h.session(), h.start(), h.stop(), h.output());
            case "search" -> history.search(h.pattern(), h.n(), h.unique(), h.output());
            default -> history.tail(h.n(), h.output());
        };
        request.reply(new HistoryReply(rows));
    }

    private void commInfo(CommInfoRequest info, ReplyContext request) {
        request.reply(new CommInfoReply());
    }

    private void commOpen(CommOpen open, ReplyContext request) {
        LOG.warning("comm_open for unknown target '" + open.targetName() + "': closing comm " + open.commId());
        request.publish(MessageType.COMM_CLOSE, new CommClose(open.commId()));
    }

    private void interrupt(InterruptRequest interrupt, ReplyContext request) {
        if (repl.isDone()) {
            repl().stop();
        }
        stdin.cancel();
        request.reply(new InterruptReply());
    }

    private void shutdown(ShutdownRequest shutdown, ReplyContext request) {
        if (repl.isDone()) {
            repl().stop();
        }
        streams.close();
        request.reply(new ShutdownReply(shutdown.restart()));
        // Idle now: the context's own idle comes after the exit below, which halts the JVM.
        request.idle();
        request.afterSent(exit);
    }
}
