package org.jnas.kernel.session;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jnas.kernel.display.Display;
import org.jnas.kernel.display.DisplayHandle;
import org.jnas.kernel.display.DisplaySink;
import org.jnas.kernel.display.MimeBundle;
import org.jnas.kernel.display.Renderers;
import org.jnas.kernel.magic.MagicContext;
import org.jnas.kernel.nas.NasRenderers;
import org.jnas.kernel.magic.MagicRegistry;
import org.jnas.kernel.protocol.Channel;
import org.jnas.kernel.protocol.Header;
import org.jnas.kernel.protocol.Json;
import org.jnas.kernel.protocol.Message;
import org.jnas.kernel.protocol.MessageSink;
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

    private interface Handler {
        void handle(Channel channel, Message request);
    }

    private record Route(Handler handler, boolean needsRepl) {}

    private final Publisher publisher;
    private final ParentTracker parents = new ParentTracker();
    private final StreamCapture streams;
    private final StdinBridge stdin;
    private final History history = new History();
    private final MagicRegistry magics = MagicRegistry.withDefaults();
    private final Map<String, Route> routes = new HashMap<>();
    private final ThreadPoolExecutor executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
            new LinkedBlockingQueue<>(), r -> {
                Thread t = new Thread(r, "jnas-exec");
                t.setDaemon(true);
                return t;
            });
    private final CompletableFuture<JShellRepl> repl;
    private final Runnable exit;
    private final CountDownLatch firstInfoAnswered = new CountDownLatch(1);
    private volatile boolean cellsStarted;
    /** Requests queued for or running on the execution thread whose "idle" is not yet queued. */
    private final AtomicInteger pendingOnExecutionThread = new AtomicInteger();
    /** Execute requests received so far (counted on the I/O thread). */
    private volatile long executeRequestsAccepted;
    /** Execute requests up to this count that are still queued are answered "aborted". */
    private volatile long abortExecutesThrough;
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
        System.setOut(streams.stdout());
        System.setErr(streams.stderr());
        System.setIn(stdin);
        Display.install(new Sink());
        NasRenderers.install();
        this.repl = CompletableFuture.supplyAsync(() -> {
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
        }, executor);
        repl.thenRun(() -> keepWarming(0));
        repl.thenAccept(this::indexClassPathWhenIdle);

        on("kernel_info_request", this::kernelInfo, false);
        on("execute_request", this::execute, true);
        on("complete_request", this::complete, true);
        on("inspect_request", this::inspect, true);
        on("is_complete_request", this::isComplete, true);
        on("history_request", this::history, false);
        on("comm_info_request", this::commInfo, false);
        on("comm_open", this::commOpen, false);
        on("comm_msg", (c, m) -> LOG.fine("comm_msg for unknown comm ignored"), false);
        on("comm_close", (c, m) -> LOG.fine("comm_close for unknown comm ignored"), false);
        on("interrupt_request", this::interrupt, false);
        on("shutdown_request", this::shutdown, false);
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
        try {
            executor.execute(() -> {
                if (cellsStarted) {
                    return;
                }
                if (!executor.getQueue().isEmpty()) {
                    keepWarming(round);
                    return;
                }
                repl().warmUpRound();
                keepWarming(round + 1);
            });
        } catch (RejectedExecutionException e) {
            // Shutting down: nothing left to warm.
        }
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
        long cellsSoFar = executeRequestsAccepted;
        CompletableFuture.delayedExecutor(IDLE_BEFORE_INDEXING_MS, TimeUnit.MILLISECONDS, Runnable::run).execute(() -> {
            if (executeRequestsAccepted == cellsSoFar && executing == null) {
                r.indexClassPath();
            } else {
                indexClassPathWhenIdle(r);
            }
        });
    }

    private void on(String type, Handler handler, boolean needsRepl) {
        routes.put(type, new Route(handler, needsRepl));
    }

    /** Accepts one verified request from the transport (called on the I/O thread). */
    public void accept(Channel channel, Message request) {
        if ("execute_request".equals(request.type())) {
            cellsStarted = true;
        }
        if (channel == Channel.STDIN) {
            if ("input_reply".equals(request.type())) {
                stdin.reply(Json.string(request.content(), "value", ""));
            } else {
                LOG.warning("unexpected " + request.type() + " on stdin ignored");
            }
            return;
        }
        Route route = routes.get(request.type());
        if (route == null) {
            onExecutionThread(request, () -> unknown(channel, request));
            return;
        }
        if ("execute_request".equals(request.type()) && channel == Channel.SHELL) {
            long seq = ++executeRequestsAccepted;
            onExecutionThread(request, () -> {
                if (seq <= abortExecutesThrough) {
                    abortedExecute(request);
                } else {
                    execute(channel, request);
                }
            });
        } else if (route.needsRepl() && channel == Channel.SHELL) {
            onExecutionThread(request, () -> route.handler().handle(channel, request));
        } else {
            publisher.status(request.header(), "busy");
            withIdle(request, () -> route.handler().handle(channel, request));
        }
    }

    /**
     * Queues a request for the execution thread. When nothing is queued or running there, "busy"
     * goes out from here at once (the I/O thread sends it in this turn) instead of after the
     * execution thread has woken up; otherwise the execution thread sends it when the request's
     * turn comes, after the idle of the one before. The idle before is queued before the count
     * drops, so this "busy" can never overtake it.
     */
    private void onExecutionThread(Message request, Runnable body) {
        boolean busyNow = pendingOnExecutionThread.getAndIncrement() == 0;
        if (busyNow) {
            publisher.status(request.header(), "busy");
        }
        executor.execute(() -> {
            if (!busyNow) {
                publisher.status(request.header(), "busy");
            }
            try {
                withIdle(request, body);
            } finally {
                pendingOnExecutionThread.decrementAndGet();
            }
        });
    }

    /** Runs a request's handler, answers an error reply if it throws, and then publishes "idle". */
    private void withIdle(Message request, Runnable body) {
        try {
            body.run();
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "handler of " + request.type() + " failed", e);
            if (request.type().endsWith("_request")) {
                reply(Channel.SHELL, request, errorContent(e.getClass().getName(), String.valueOf(e.getMessage()), List.of()));
            }
        } finally {
            publisher.status(request.header(), "idle");
        }
    }

    private void unknown(Channel channel, Message request) {
        String type = request.type();
        LOG.warning("unknown message type '" + type + "' on " + channel);
        if (type.endsWith("_request")) {
            reply(channel, request, type.substring(0, type.length() - "_request".length()) + "_reply",
                    errorContent("UnknownMessageType", "this kernel does not handle " + type, List.of()));
        }
    }

    private void reply(Channel channel, Message request, JsonObject content) {
        String type = request.type();
        String replyType = type.endsWith("_request") ? type.substring(0, type.length() - 8) + "_reply" : type + "_reply";
        reply(channel, request, replyType, content);
    }

    private void reply(Channel channel, Message request, String replyType, JsonObject content) {
        publisher.sink().send(channel, request.reply(replyType, content));
    }

    private static JsonObject errorContent(String ename, String evalue, List<String> traceback) {
        return Json.obj().put("status", "error").put("ename", ename).put("evalue", evalue)
                .put("traceback", Json.array(traceback)).build();
    }

    private JShellRepl repl() {
        return repl.join();
    }

    private void kernelInfo(Channel channel, Message request) {
        JsonObject languageInfo = Json.obj().put("name", "java")
                .put("version", System.getProperty("java.version"))
                .put("mimetype", "text/x-java").put("file_extension", ".jshell")
                .put("pygments_lexer", "java").put("codemirror_mode", "text/x-java").build();
        reply(channel, request, Json.obj().put("status", "ok").put("protocol_version", Header.PROTOCOL_VERSION)
                .put("implementation", "jnas").put("implementation_version", "0.1.0")
                .put("language_info", languageInfo)
                .put("banner", "JNAS Java kernel (JShell, Java " + System.getProperty("java.version") + ")")
                .put("help_links", new JsonArray()).put("debugger", false).build());
        publisher.sink().afterFlush(firstInfoAnswered::countDown);
    }

    /**
     * A cell queued behind a failed one (Run All) is not run, like ipykernel's {@code stop_on_error}:
     * it would most likely fail on what the failed cell did not define.
     */
    private void abortedExecute(Message request) {
        reply(Channel.SHELL, request, Json.obj().put("status", "aborted").put("execution_count", executionCount).build());
    }

    private void execute(Channel channel, Message request) {
        JsonObject c = request.content();
        String code = Json.string(c, "code", "");
        boolean silent = Json.bool(c, "silent", false);
        boolean stopOnError = Json.bool(c, "stop_on_error", true);
        boolean storeHistory = Json.bool(c, "store_history", !silent);
        if (!silent) {
            executionCount++;
        }
        int count = executionCount;
        parents.enter(request.header());
        stdin.setRequest(request);
        if (!silent) {
            publisher.publish(request.header(), "execute_input",
                    Json.obj().put("code", code).put("execution_count", count).build());
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
                    publisher.publish(request.header(), "display_data", displayContent(bundle));
                } else {
                    publisher.publish(request.header(), "execute_result", Json.obj().put("execution_count", count)
                            .put("data", Json.GSON.toJsonTree(bundle.data())).put("metadata", Json.GSON.toJsonTree(bundle.metadata()))
                            .build());
                }
            }
        } finally {
            executing = null;
        }
        if (storeHistory) {
            history.add(count, code, output);
        }
        if (result.ok()) {
            JsonArray payload = new JsonArray();
            if (ctx != null) {
                ctx.pages.forEach(text -> payload.add(Json.obj().put("source", "page").put("start", 0)
                        .put("data", Json.obj().put("text/plain", text).build()).build()));
            }
            reply(channel, request, Json.obj().put("status", "ok").put("execution_count", count)
                    .put("payload", payload).put("user_expressions", new JsonObject()).build());
        } else {
            if (!silent) {
                publisher.publish(request.header(), "error", Json.obj().put("ename", result.ename())
                        .put("evalue", result.evalue()).put("traceback", Json.array(result.traceback())).build());
            }
            if (stopOnError && !silent) {
                abortExecutesThrough = executeRequestsAccepted;
            }
            JsonObject content = errorContent(result.ename(), result.evalue(), result.traceback());
            content.addProperty("execution_count", count);
            reply(channel, request, content);
        }
    }

    private static JsonObject displayContent(MimeBundle bundle) {
        JsonObject transient_ = new JsonObject();
        if (bundle.displayId() != null) {
            transient_.addProperty("display_id", bundle.displayId());
        }
        return Json.obj().put("data", Json.GSON.toJsonTree(bundle.data()))
                .put("metadata", Json.GSON.toJsonTree(bundle.metadata())).put("transient", transient_).build();
    }

    private void complete(Channel channel, Message request) {
        String code = Json.string(request.content(), "code", "");
        int cursor = Json.integer(request.content(), "cursor_pos", code.codePointCount(0, code.length()));
        Completion c = repl().complete(code, cursor);
        reply(channel, request, Json.obj().put("status", "ok").put("matches", Json.array(c.matches()))
                .put("cursor_start", c.cursorStart()).put("cursor_end", c.cursorEnd())
                .put("metadata", new JsonObject()).build());
    }

    private void inspect(Channel channel, Message request) {
        String code = Json.string(request.content(), "code", "");
        int cursor = Json.integer(request.content(), "cursor_pos", code.codePointCount(0, code.length()));
        Inspection i = repl().inspect(code, cursor);
        JsonObject data = new JsonObject();
        if (i.found()) {
            data.addProperty("text/plain", i.text());
        }
        reply(channel, request, Json.obj().put("status", "ok").put("found", i.found()).put("data", data)
                .put("metadata", new JsonObject()).build());
    }

    private void isComplete(Channel channel, Message request) {
        String code = Json.string(request.content(), "code", "");
        // A magic line runs as typed; the frontend submits it on Enter.
        Completeness c = MagicRegistry.hasMagic(code) ? new Completeness("complete", "") : repl().isComplete(code);
        JsonObject content = Json.obj().put("status", c.status()).build();
        if ("incomplete".equals(c.status())) {
            content.addProperty("indent", c.indent());
        }
        reply(channel, request, content);
    }

    private void history(Channel channel, Message request) {
        JsonObject c = request.content();
        boolean output = Json.bool(c, "output", false);
        String access = Json.string(c, "hist_access_type", "tail");
        JsonArray rows = switch (access) {
            case "range" -> history.range(Json.integer(c, "session", History.SESSION), Json.integer(c, "start", 0),
                    Json.integer(c, "stop", 0), output);
            case "search" -> history.search(Json.string(c, "pattern", "*"), Json.integer(c, "n", 0),
                    Json.bool(c, "unique", false), output);
            default -> history.tail(Json.integer(c, "n", 10), output);
        };
        reply(channel, request, Json.obj().put("status", "ok").put("history", rows).build());
    }

    private void commInfo(Channel channel, Message request) {
        reply(channel, request, Json.obj().put("status", "ok").put("comms", new JsonObject()).build());
    }

    private void commOpen(Channel channel, Message request) {
        String id = Json.string(request.content(), "comm_id", "");
        String target = Json.string(request.content(), "target_name", "");
        LOG.warning("comm_open for unknown target '" + target + "': closing comm " + id);
        publisher.publish(request.header(), "comm_close", Json.obj().put("comm_id", id).put("data", new JsonObject()).build());
    }

    private void interrupt(Channel channel, Message request) {
        if (repl.isDone()) {
            repl().stop();
        }
        stdin.cancel();
        reply(channel, request, Json.obj().put("status", "ok").build());
    }

    private void shutdown(Channel channel, Message request) {
        boolean restart = Json.bool(request.content(), "restart", false);
        if (repl.isDone()) {
            repl().stop();
        }
        streams.close();
        reply(channel, request, Json.obj().put("status", "ok").put("restart", restart).build());
        publisher.status(request.header(), "idle");
        publisher.sink().afterFlush(exit);
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
            publisher.publish(parents.current(), "display_data", displayContent(bundle));
        }

        @Override
        public void update(MimeBundle bundle) {
            streams.flush();
            publisher.publish(parents.current(), "update_display_data", displayContent(bundle));
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
            publisher.publish(parent, "update_display_data", displayContent(bundle));
        }

        @Override
        public void clearOutput(boolean wait) {
            streams.flush();
            publisher.publish(parents.current(), "clear_output", Json.obj().put("wait", wait).build());
        }
    }
}
