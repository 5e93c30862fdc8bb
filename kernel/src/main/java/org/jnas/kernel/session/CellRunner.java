package org.jnas.kernel.session;

import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jnas.kernel.display.Display;
import org.jnas.kernel.display.DisplayHandle;
import org.jnas.kernel.display.MimeBundle;
import org.jnas.kernel.display.Renderers;
import org.jnas.kernel.magic.MagicRegistry;
import org.jnas.kernel.protocol.ErrorOutput;
import org.jnas.kernel.protocol.ExecuteInput;
import org.jnas.kernel.protocol.ExecuteReply;
import org.jnas.kernel.protocol.ExecuteRequest;
import org.jnas.kernel.protocol.ExecuteResult;
import org.jnas.kernel.protocol.Header;
import org.jnas.kernel.protocol.MessageType;
import org.jnas.kernel.repl.CellResult;
import org.jnas.kernel.repl.Repl;

/**
 * The execute_request handler: runs a cell (its magics, then its code), shows its value, keeps
 * its history and answers ok, error or aborted. Runs on the execution thread only.
 */
final class CellRunner {
    private static final Logger LOG = Logger.getLogger(CellRunner.class.getName());
    private final ParentTracker parents;
    private final StreamCapture streams;
    private final StdinBridge stdin;
    private final History history;
    private final MagicRegistry magics = MagicRegistry.withDefaults();
    private final ExecutionQueue queue;
    private final Supplier<Repl> repl;
    private int executionCount;
    /** The execute request running now, or null between cells. */
    private volatile Header executing;

    CellRunner(ParentTracker parents, StreamCapture streams, StdinBridge stdin, History history, ExecutionQueue queue,
            Supplier<Repl> repl) {
        this.parents = parents;
        this.streams = streams;
        this.stdin = stdin;
        this.history = history;
        this.queue = queue;
        this.repl = repl;
    }

    /** The execute request whose code runs now, or null between cells; from any thread. */
    Header running() {
        return executing;
    }

    /**
     * A cell queued behind a failed one (Run All) is not run, like ipykernel's {@code stop_on_error}:
     * it would most likely fail on what the failed cell did not define.
     */
    void aborted(ExecuteRequest cell, ReplyContext request) {
        request.reply(ExecuteReply.aborted(executionCount));
    }

    void execute(ExecuteRequest cell, ReplyContext request) {
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
        CellContext context = null;
        String output;
        executing = request.header();
        try {
            try {
                Repl r = repl.get();
                context = new CellContext(r, String.valueOf(count));
                result = MagicRegistry.hasMagic(code) ? magics.run(code, context) : r.eval(code, String.valueOf(count));
            } catch (RuntimeException e) {
                result = failedToRun(e);
            } finally {
                streams.flush();
            }
            output = silent ? null : show(result, count, request);
        } finally {
            executing = null;
        }
        if (cell.storeHistory()) {
            history.add(count, code, output);
        }
        if (result.ok()) {
            request.reply(ExecuteReply.ok(count, context != null ? context.pages() : List.of()));
        } else {
            if (!silent) {
                request.publish(MessageType.ERROR, new ErrorOutput(result.ename(), result.evalue(), result.traceback()));
            }
            queue.cellFailed(cell);
            request.reply(ExecuteReply.error(count, result.ename(), result.evalue(), result.traceback()));
        }
    }

    /**
     * The result of a cell the kernel itself failed to run (the repl did not start, or threw): an
     * error like any other, so that the reply says so and a Run All stops there.
     */
    private static CellResult failedToRun(RuntimeException e) {
        Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        LOG.log(Level.SEVERE, "the kernel failed to run a cell", cause);
        String message = String.valueOf(cause.getMessage());
        return CellResult.error(cause.getClass().getName(), message,
                List.of("the kernel failed to run the cell: " + cause.getClass().getName() + ": " + message));
    }

    /**
     * Shows the cell's value, if it has one worth showing, as its Out (or as a display, when its
     * renderer made it updatable); returns its plain text for the history, or null.
     */
    private static String show(CellResult result, int count, ReplyContext request) {
        // display(x) returns its handle; like IPython's display(), it is not shown a second time.
        // System.out.printf(...) returns the stream itself: its output is the point, not the value.
        if (!result.ok() || !result.hasValue() || result.value() instanceof DisplayHandle
                || result.value() instanceof PrintStream) {
            return null;
        }
        Display.keepOutput(count, result.value());
        MimeBundle bundle = Renderers.render(result.value());
        if (bundle.displayId() != null) {
            request.publish(MessageType.DISPLAY_DATA, DisplayPublisher.content(bundle));
        } else {
            request.publish(MessageType.EXECUTE_RESULT, new ExecuteResult(count, bundle.data(), bundle.metadata()));
        }
        return bundle.data().get("text/plain");
    }
}
