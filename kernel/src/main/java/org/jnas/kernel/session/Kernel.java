package org.jnas.kernel.session;

import com.google.gson.JsonArray;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.logging.Logger;
import org.jnas.kernel.display.Display;
import org.jnas.kernel.display.DisplayHandle;
import org.jnas.kernel.display.DisplaySink;
import org.jnas.kernel.display.MimeBundle;
import org.jnas.kernel.display.Renderers;
import org.jnas.kernel.magic.MagicContext;
import org.jnas.kernel.magic.MagicRegistry;
import org.jnas.kernel.nas.NasRenderers;
import org.jnas.kernel.protocol.Channel;
import org.jnas.kernel.protocol.ClearOutput;
import org.jnas.kernel.protocol.CommClose;
import org.jnas.kernel.protocol.CommInfoReply;
import org.jnas.kernel.protocol.CommInfoRequest;
import org.jnas.kernel.protocol.CommOpen;
import org.jnas.kernel.protocol.CompleteReply;
import org.jnas.kernel.protocol.CompleteRequest;
import org.jnas.kernel.protocol.DisplayData;
import org.jnas.kernel.protocol.ErrorOutput;
import org.jnas.kernel.protocol.ExecuteInput;
import org.jnas.kernel.protocol.ExecuteReply;
import org.jnas.kernel.protocol.ExecuteRequest;
import org.jnas.kernel.protocol.ExecuteResult;
import org.jnas.kernel.protocol.Header;
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
import org.jnas.kernel.repl.CellResult;
import org.jnas.kernel.repl.Completeness;
import org.jnas.kernel.repl.Completion;
import org.jnas.kernel.repl.Inspection;
import org.jnas.kernel.repl.JShellRepl;

/**
 * The kernel: a dispatch table from request type to handler. Quick requests (kernel_info,
 * history, comm_info) are answered on the I/O thread; requests that need JShell run in order on
 * one execution thread; control requests (interrupt, shutdown) are served at once, also while a
 * cell runs. Every request is wrapped in busy/idle.
 */
public final class Kernel {
    private static final Logger LOG = Logger.getLogger(Kernel.class.getName());
    /** Warm-up rounds before the first cell: a few seconds of javac work on a 2-core machine (2.5 s before expressions compiled in one task). */
    private static final int WARM_UP_ROUNDS = 150;
    /** How long no cell may arrive before JShell indexes the class path. */
    private static final long IDLE_BEFORE_INDEXING_MS = 1000;

    private final Publisher publisher;
    private final ParentTracker parents = new ParentTracker();
    private final StreamCapture streams;
    private final StdinBridge stdin;
    private final History history = new History();
    private final MagicRegistry magics = MagicRegistry.withDefaults();
    private final ExecutionQueue queue = new ExecutionQueue();
    private final Router router;
    private final CompletableFuture<JShellRepl> repl;
    private final Runnable exit;
    private final CountDownLatch firstInfoAnswered = new CountDownLatch(1);
    private volatile boolean cellsStarted;
    private int executionCount;
    /** The execute request running now, or null between cells. */
    private volatile Header executing;

    /**
     * Creates the kernel, captures {@code System.out/err/in}, installs the display sink and starts
     * warming JShell on the execution thread.
     *
     * @param sink where messages go
     * @param session this kernel's session id
     * @param replFactory creates the JShell (called on the execution thread)
     * @param exit ends the process once the shutdown reply is sent
     */
    public Kernel(MessageSink sink, String session, Supplier<JShellRepl> replFactory, Runnable exit) {
        this.publisher = new Publisher(sink, session);
        this.streams = new StreamCapture(publisher, parents);
        this.stdin = new StdinBridge(publisher, streams::flush);
        this.exit = exit;
        this.router = new Router(publisher, queue);
        System.setOut(streams.stdout());
        System.setErr(streams.stderr());
        System.setIn(stdin);
        Display.install(new Sink());
        NasRenderers.install();
        this.repl = queue.supply(() -> {
            // On a small machine javac's warm-up competes with the first kernel_info_reply: let
            // the reply go first (or wait at most a second when no frontend asks).
            try {
                firstInfoAnswered.await(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            JShellRepl r = replFactory.get();
            r.warmUp();
            // JShell's start-up leaves some 30 MB of long-lived compiler state among the young
            // objects: the young collections of the first cells would copy it to and fro and
            // promote it, pausing those cells for 100-200 ms each (mostly the first touch of
            // old-generation pages). One full collection now, before any cell runs, moves it to
            // the old generation at once; the young collections after it take a few ms.
            System.gc();
            return r;
        });
        repl.thenRun(() -> keepWarming(0));
        repl.thenAccept(this::indexClassPathWhenIdle);

        router.onIoThread(MessageType.KERNEL_INFO_REQUEST, this::kernelInfo);
        router.onExecutionThread(MessageType.EXECUTE_REQUEST, this::execute, this::aborted);
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

    /**
     * JShell compiles every cell with javac, which runs slowly until the JIT has compiled it: a
     * trivial cell takes about twice as long in a fresh kernel as after a few hundred cells. The
     * time between start-up and the first cell (a user opening a notebook, reading) goes into
     * compiling throw-away snippets. Warming ends for good when the first cell arrives (it waits
     * at most for the round under way, a few milliseconds), so it never competes with user code.
     */
    private void keepWarming(int round) {
        if (round >= WARM_UP_ROUNDS || cellsStarted) {
            return;
        }
        queue.background(() -> {
            if (cellsStarted) {
                return;
            }
            if (queue.hasQueuedWork()) {
                keepWarming(round);
                return;
            }
            repl().warmUpRound();
            keepWarming(round + 1);
        });
    }

    /**
     * JShell indexes the class path for completing package names, a second of a core and a few
     * hundred MB of allocation: it waits until no cell has come for a while, so that a notebook run
     * at once (or Run All) does not share the machine with it. Called once JShell is ready: checks
     * every second, on the JDK's delay-scheduler thread (without an executor it would go to the
     * common pool, which on two cores means a new thread each time), until a second passed with no
     * cell arriving or running.
     */
    private void indexClassPathWhenIdle(JShellRepl r) {
        long cellsSoFar = queue.cellsSubmitted();
        CompletableFuture.delayedExecutor(IDLE_BEFORE_INDEXING_MS, TimeUnit.MILLISECONDS, Runnable::run).execute(() -> {
            if (queue.cellsSubmitted() == cellsSoFar && executing == null) {
                r.indexClassPath();
            } else {
                indexClassPathWhenIdle(r);
            }
        });
    }

    /** Accepts one verified message from the transport (called on the I/O thread). */
    public void accept(Channel channel, Message message) {
        if (MessageType.EXECUTE_REQUEST.is(message)) {
            cellsStarted = true;
        }
        router.dispatch(channel, message);
    }

    private JShellRepl repl() {
        return repl.join();
    }

    private void kernelInfo(KernelInfoRequest info, ReplyContext request) {
        String javaVersion = System.getProperty("java.version");
        request.reply(new KernelInfoReply("jnas", "0.1.0",
                new KernelInfoReply.LanguageInfo("java", javaVersion, "text/x-java", ".jshell", "java", "text/x-java"),
                "JNAS Java kernel (JShell, Java " + javaVersion + ")"));
        request.afterSent(firstInfoAnswered::countDown);
    }

    /**
     * A cell queued behind a failed one (Run All) is not run, like ipykernel's {@code stop_on_error}:
     * it would most likely fail on what the failed cell did not define.
     */
    private void aborted(ExecuteRequest cell, ReplyContext request) {
        request.reply(ExecuteReply.aborted(executionCount));
    }

    private void execute(ExecuteRequest cell, ReplyContext request) {
        String code = cell.code();
        boolean silent = cell.silent();
        if (!silent) {
            executionCount++;
        }
        int count = executionCount;
        parents.enter(request.header());
        stdin.setRequest(request.request(), cell.allowStdin());
        if (!silent) {
            request.publish(MessageType.EXECUTE_INPUT, new ExecuteInput(code, count));
        }
        CellResult result;
        CellContext ctx = null;
        executing = request.header();
        try {
            JShellRepl r = repl();
            ctx = new CellContext(r, String.valueOf(count));
            result = MagicRegistry.hasMagic(code) ? magics.run(code, ctx) : r.eval(code, String.valueOf(count));
        } finally {
            streams.flush();
        }
        String output = null;
        try {
            // display(x) returns its handle; like IPython's display(), it is not shown a second time.
            // System.out.printf(...) returns the stream itself: its output is the point, not the value.
            if (result.ok() && result.hasValue() && !silent && !(result.value() instanceof DisplayHandle)
                    && !(result.value() instanceof PrintStream)) {
                Display.keepOutput(count, result.value());
                MimeBundle bundle = Renderers.render(result.value());
                output = bundle.data().get("text/plain");
                if (bundle.displayId() != null) {
                    request.publish(MessageType.DISPLAY_DATA, displayContent(bundle));
                } else {
                    request.publish(MessageType.EXECUTE_RESULT, new ExecuteResult(count, bundle.data(), bundle.metadata()));
                }
            }
        } finally {
            executing = null;
        }
        if (cell.storeHistory()) {
            history.add(count, code, output);
        }
        if (result.ok()) {
            request.reply(ExecuteReply.ok(count, ctx != null ? ctx.pages : List.of()));
        } else {
            if (!silent) {
                request.publish(MessageType.ERROR, new ErrorOutput(result.ename(), result.evalue(), result.traceback()));
            }
            queue.cellFailed(cell);
            request.reply(ExecuteReply.error(count, result.ename(), result.evalue(), result.traceback()));
        }
    }

    private static DisplayData displayContent(MimeBundle bundle) {
        return new DisplayData(bundle.data(), bundle.metadata(), bundle.displayId());
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
        // Idle now: the context's own idle would come after the exit below, which halts the JVM.
        request.idle();
        request.afterSent(exit);
    }

    /** Runs magic code and cell code in the current cell. */
    private final class CellContext implements MagicContext {
        private final JShellRepl r;
        private final String label;
        private final List<String> pages = new java.util.ArrayList<>();

        CellContext(JShellRepl r, String label) {
            this.r = r;
            this.label = label;
        }

        @Override
        public void addToClasspath(String path) {
            r.addToClasspath(path);
        }

        @Override
        public CellResult eval(String code) {
            return r.eval(code, label);
        }

        @Override
        public PrintStream out() {
            return System.out;
        }

        @Override
        public String documentation(String code) {
            Inspection i = r.inspect(code, code.codePointCount(0, code.length()));
            return i.found() ? i.text() : "";
        }

        @Override
        public void page(String text) {
            pages.add(text);
        }
    }

    /** Displays go to the request that started the calling thread, or to the latest cell: never dropped. */
    private final class Sink implements DisplaySink {
        @Override
        public void display(MimeBundle bundle) {
            streams.flush();
            publisher.publish(parents.current(), MessageType.DISPLAY_DATA, displayContent(bundle));
        }

        @Override
        public void update(MimeBundle bundle) {
            streams.flush();
            publisher.publish(parents.current(), MessageType.UPDATE_DISPLAY_DATA, displayContent(bundle));
        }

        @Override
        public Object currentTarget() {
            return parents.current();
        }

        /**
         * Under the cell running now, else under {@code target} (the cell that showed the
         * display). Frontends find the output by display id whatever the parent (JupyterLab,
         * Notebook), but nbclient, thus nbconvert --execute, reads only the running cell's
         * messages: an update under an earlier cell would be lost there while a later cell, e.g.
         * {@code exp.await(...)}, runs.
         */
        @Override
        public void update(MimeBundle bundle, Object target) {
            streams.flush();
            Header running = executing;
            Header parent = running != null ? running : target instanceof Header h ? h : parents.current();
            publisher.publish(parent, MessageType.UPDATE_DISPLAY_DATA, displayContent(bundle));
        }

        @Override
        public void clearOutput(boolean wait) {
            streams.flush();
            publisher.publish(parents.current(), MessageType.CLEAR_OUTPUT, new ClearOutput(wait));
        }
    }
}
