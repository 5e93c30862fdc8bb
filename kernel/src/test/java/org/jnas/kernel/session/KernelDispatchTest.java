package org.jnas.kernel.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.jnas.kernel.display.Display;
import org.jnas.kernel.display.DisplayHandle;
import org.jnas.kernel.protocol.Channel;
import org.jnas.kernel.protocol.Header;
import org.jnas.kernel.protocol.Json;
import org.jnas.kernel.protocol.Message;
import org.jnas.kernel.protocol.MessageSink;
import org.jnas.kernel.repl.CellResult;
import org.jnas.kernel.repl.Completeness;
import org.jnas.kernel.repl.Completion;
import org.jnas.kernel.repl.Inspection;
import org.jnas.kernel.repl.Repl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The kernel's dispatch without sockets or JShell: requests go straight to {@link Kernel#accept}
 * (as from the I/O thread), messages into a recording sink, cells to a fake repl whose cells can
 * be held running until the test lets them end.
 */
class KernelDispatchTest {
    private static final long TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(30);
    private static final byte[] PEER = "peer".getBytes(StandardCharsets.UTF_8);

    private final RecordingSink sink = new RecordingSink();
    private final FakeRepl repl = new FakeRepl();
    private Kernel kernel;

    @BeforeEach
    void start() {
        kernel = new Kernel(sink, "kernel-session", () -> repl, () -> { }, false);
    }

    @AfterEach
    void stop() {
        repl.release();
        kernel.close();
    }

    @Test
    void everyRequestIsBusyThenItsReplyThenIdle() throws InterruptedException {
        List<Message> requests = List.of(request("kernel_info_request", Json.obj().build()), execute("1 + 1"),
                request("complete_request", Json.obj().put("code", "Math.ab").build()),
                request("history_request", Json.obj().build()), request("no_such_request", Json.obj().build()));
        requests.forEach(r -> kernel.accept(Channel.SHELL, r));
        List<Sent> sent = sink.awaitIdle(requests.get(requests.size() - 1));
        for (Message r : requests) {
            String reply = r.type().replace("_request", "_reply");
            assertEquals(List.of("busy", reply, "idle"), lifecycle(sent, r), r.type());
        }
        assertEquals("UnknownMessageType", replyTo(sent, requests.get(4)).content().get("ename").getAsString());
    }

    @Test
    void aQueuedRequestIsBusyOnlyAfterTheIdleOfTheOneBefore() throws InterruptedException {
        Message held = execute("held");
        kernel.accept(Channel.SHELL, held);
        repl.awaitRunning();
        Message cell = execute("1 + 1");
        Message complete = request("complete_request", Json.obj().put("code", "Math.ab").build());
        kernel.accept(Channel.SHELL, cell);
        kernel.accept(Channel.SHELL, complete);
        repl.release();
        List<Sent> sent = sink.awaitIdle(complete);
        List<Message> inOrder = List.of(held, cell, complete);
        List<String> states = sent.stream().filter(Sent::isStatus)
                .flatMap(s -> IntStream.range(0, inOrder.size()).filter(i -> s.answers(inOrder.get(i))).mapToObj(i -> i + " " + s.state()))
                .toList();
        assertEquals(List.of("0 busy", "0 idle", "1 busy", "1 idle", "2 busy", "2 idle"), states);
        for (Message r : inOrder) {
            assertEquals(List.of("busy", r.type().replace("_request", "_reply"), "idle"), lifecycle(sent, r));
        }
    }

    @Test
    void aCellQueuedBehindAFailingCellIsAbortedAndALaterOneRuns() throws InterruptedException {
        Message failing = execute("held fail");
        Message queued = execute("queued");
        List<Sent> sent = failWithACellQueued(failing, queued);
        assertEquals("error", status(sent, failing));
        assertEquals("aborted", status(sent, queued));
        assertEquals(List.of("busy", "execute_reply", "idle"), lifecycle(sent, queued));
        assertTrue(sent.stream().noneMatch(s -> s.answers(queued) && s.type().equals("execute_input")), "not even its input");

        Message later = execute("later");
        kernel.accept(Channel.SHELL, later);
        assertEquals("ok", status(sink.awaitIdle(later), later), "the abort covers only what was queued at the failure");
        assertEquals(List.of("held fail", "later"), repl.evaluated);
    }

    @Test
    void aFailureWithStopOnErrorOffLetsTheQueueRun() throws InterruptedException {
        assertQueueRunsAfterFailing(execute("held fail", "stop_on_error", false));
    }

    @Test
    void aSilentFailureLetsTheQueueRun() throws InterruptedException {
        assertQueueRunsAfterFailing(execute("held fail", "silent", true));
    }

    private void assertQueueRunsAfterFailing(Message failing) throws InterruptedException {
        Message queued = execute("queued");
        List<Sent> sent = failWithACellQueued(failing, queued);
        assertEquals("error", status(sent, failing));
        assertEquals("ok", status(sent, queued));
        assertEquals(List.of("held fail", "queued"), repl.evaluated);
    }

    /** Runs {@code failing} (a held cell), queues {@code queued} while it runs, then lets it fail. */
    private List<Sent> failWithACellQueued(Message failing, Message queued) throws InterruptedException {
        kernel.accept(Channel.SHELL, failing);
        repl.awaitRunning();
        kernel.accept(Channel.SHELL, queued);
        repl.release();
        return sink.awaitIdle(queued);
    }

    @Test
    void anInterruptIsAnsweredWhileACellRuns() throws InterruptedException {
        Message cell = execute("held");
        kernel.accept(Channel.SHELL, cell);
        repl.awaitRunning();
        Message interrupt = request("interrupt_request", Json.obj().build());
        kernel.accept(Channel.CONTROL, interrupt);
        List<Sent> sent = sink.awaitIdle(interrupt);
        assertEquals(List.of("busy", "interrupt_reply", "idle"), lifecycle(sent, interrupt));
        assertEquals(Channel.CONTROL, replyTo(sent, interrupt).channel());
        assertEquals(List.of("busy"), lifecycle(sent, cell), "the cell still runs");
        assertTrue(repl.stopRequested, "the interrupt stops the repl's cell");

        repl.release();
        sent = sink.awaitIdle(cell);
        assertEquals("InterruptedException", replyTo(sent, cell).content().get("ename").getAsString());
    }

    @Test
    void shellRequestsOnControlAreRefusedAtOnceOnControlWithoutTheRepl() throws InterruptedException {
        Message cell = execute("held");
        kernel.accept(Channel.SHELL, cell);
        repl.awaitRunning();
        List<Message> misdirected = List.of(execute("while (true) {}"),
                request("complete_request", Json.obj().put("code", "Math.ab").build()),
                request("inspect_request", Json.obj().put("code", "Math.abs").build()),
                request("is_complete_request", Json.obj().put("code", "1 +").build()),
                request("history_request", Json.obj().build()));
        for (Message m : misdirected) {
            kernel.accept(Channel.CONTROL, m);
            List<Sent> sent = sink.awaitIdle(m);
            assertEquals(List.of("busy", m.type().replace("_request", "_reply"), "idle"), lifecycle(sent, m), m.type());
            Sent reply = replyTo(sent, m);
            assertEquals(Channel.CONTROL, reply.channel(), m.type());
            assertEquals("error", reply.content().get("status").getAsString(), m.type());
            assertEquals("WrongChannel", reply.content().get("ename").getAsString(), m.type());
            assertTrue(reply.content().get("evalue").getAsString().contains("send it on shell"), m.type());
        }
        // debug_request belongs on control: not handled here, but answered there, also beside a cell.
        Message debug = request("debug_request", Json.obj().build());
        kernel.accept(Channel.CONTROL, debug);
        Sent debugReply = replyTo(sink.awaitIdle(debug), debug);
        assertEquals(Channel.CONTROL, debugReply.channel());
        assertEquals("UnknownMessageType", debugReply.content().get("ename").getAsString());

        assertEquals(List.of("held"), repl.evaluated);
        assertEquals(0, repl.otherCalls.get(), "neither completion, inspection nor is_complete reached the repl");
        repl.release();
        assertEquals("ok", status(sink.awaitIdle(cell), cell));
    }

    @Test
    void aControlHandlerThatThrowsIsAnsweredOnControl() throws InterruptedException {
        repl.failStop = true;
        Message cell = execute("held");
        kernel.accept(Channel.SHELL, cell);
        repl.awaitRunning();
        Message interrupt = request("interrupt_request", Json.obj().build());
        kernel.accept(Channel.CONTROL, interrupt);
        Sent reply = replyTo(sink.awaitIdle(interrupt), interrupt);
        assertEquals(Channel.CONTROL, reply.channel());
        assertEquals("interrupt_reply", reply.type());
        assertEquals("error", reply.content().get("status").getAsString());
    }

    @Test
    void aCellWhoseReplThrowsFailsAndLeavesNoCellMarkedRunning() throws InterruptedException {
        Message show = execute("show");
        kernel.accept(Channel.SHELL, show);
        sink.awaitIdle(show);
        Message broken = execute("throw");
        kernel.accept(Channel.SHELL, broken);
        Sent reply = replyTo(sink.awaitIdle(broken), broken);
        assertEquals("execute_reply", reply.type());
        assertEquals("error", reply.content().get("status").getAsString());
        assertEquals("java.lang.IllegalStateException", reply.content().get("ename").getAsString());
        assertEquals(2, reply.content().get("execution_count").getAsInt());

        // No cell runs now, so an update from another thread goes under the cell that showed the display.
        repl.shown.update("updated");
        List<Sent> sent = sink.await(all -> all.stream().anyMatch(s -> s.type().equals("update_display_data")),
                "update_display_data");
        Sent update = sent.stream().filter(s -> s.type().equals("update_display_data")).findFirst().orElseThrow();
        assertEquals(show.header().msgId(), update.message().parentHeader().msgId());
    }

    private static Message request(String type, JsonObject content) {
        return new Message(List.of(PEER), Header.create(type, "client-session"), null, new JsonObject(), content, List.of());
    }

    private static Message execute(String code) {
        return request("execute_request", Json.obj().put("code", code).build());
    }

    private static Message execute(String code, String option, boolean value) {
        return request("execute_request", Json.obj().put("code", code).put(option, value).build());
    }

    /** A request's busy, reply and idle, in the order they were sent. */
    private static List<String> lifecycle(List<Sent> sent, Message request) {
        return sent.stream().filter(s -> s.answers(request) && (s.isStatus() || s.channel() != Channel.IOPUB))
                .map(s -> s.isStatus() ? s.state() : s.type()).toList();
    }

    private static Sent replyTo(List<Sent> sent, Message request) {
        return sent.stream().filter(s -> s.answers(request) && s.channel() != Channel.IOPUB).findFirst()
                .orElseThrow(() -> new AssertionError("no reply to " + request.type()));
    }

    private static String status(List<Sent> sent, Message request) {
        return replyTo(sent, request).content().get("status").getAsString();
    }

    private record Sent(Channel channel, Message message) {
        String type() {
            return message.type();
        }

        JsonObject content() {
            return message.content();
        }

        boolean answers(Message request) {
            return message.parentHeader() != null && message.parentHeader().msgId().equals(request.header().msgId());
        }

        boolean isStatus() {
            return type().equals("status");
        }

        String state() {
            return message.content().get("execution_state").getAsString();
        }
    }

    /** Every message the kernel sends, in the order of the calls (the order a transport sends them in). */
    private static final class RecordingSink implements MessageSink {
        private final List<Sent> sent = new ArrayList<>();

        @Override
        public synchronized void send(Channel channel, Message message) {
            sent.add(new Sent(channel, message));
            notifyAll();
        }

        @Override
        public void afterFlush(Runnable action) {
            action.run();
        }

        /** Everything sent once {@code request}'s idle has been, waiting for it at most 30 s. */
        List<Sent> awaitIdle(Message request) throws InterruptedException {
            return await(all -> all.stream().anyMatch(s -> s.answers(request) && s.isStatus() && s.state().equals("idle")),
                    "idle of " + request.type());
        }

        private synchronized List<Sent> await(Predicate<List<Sent>> done, String what) throws InterruptedException {
            long deadline = System.nanoTime() + TIMEOUT_NANOS;
            while (!done.test(sent)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    fail("no " + what + "; sent: " + sent.stream().map(s -> s.type()).toList());
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
            return List.copyOf(sent);
        }
    }

    /**
     * Cells that succeed, fail when their code says "fail", and, when it starts with "held", run
     * until {@link #release()}; a cell stopped meanwhile ends interrupted, as JShellRepl's do. The
     * cell "show" displays a value, the cell "throw" makes eval itself throw.
     */
    private static final class FakeRepl implements Repl {
        final List<String> evaluated = new CopyOnWriteArrayList<>();
        /** Calls of complete, inspect and isComplete. */
        final AtomicInteger otherCalls = new AtomicInteger();
        /** Whether stop() throws, as a broken handler would. */
        volatile boolean failStop;
        /** What the cell "show" displayed. */
        volatile DisplayHandle shown;
        private final CountDownLatch running = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);
        volatile boolean stopRequested;

        void awaitRunning() throws InterruptedException {
            assertTrue(running.await(30, TimeUnit.SECONDS), "the held cell did not start");
        }

        void release() {
            released.countDown();
        }

        @Override
        public CellResult eval(String code, String cellLabel) {
            evaluated.add(code);
            if (code.equals("show")) {
                shown = Display.display("shown");
            } else if (code.equals("throw")) {
                throw new IllegalStateException("the repl broke");
            }
            if (code.startsWith("held")) {
                running.countDown();
                try {
                    if (!released.await(30, TimeUnit.SECONDS)) {
                        return CellResult.error("AssertionError", "never released", List.of());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                if (stopRequested) {
                    return CellResult.error("InterruptedException", "the cell was interrupted", List.of());
                }
            }
            return code.contains("fail") ? CellResult.error("java.lang.IllegalStateException", "failed",
                    List.of("java.lang.IllegalStateException: failed")) : CellResult.empty();
        }

        @Override
        public Completion complete(String code, int cursor) {
            otherCalls.incrementAndGet();
            return new Completion(List.of(), cursor, cursor);
        }

        @Override
        public Inspection inspect(String code, int cursor) {
            otherCalls.incrementAndGet();
            return new Inspection(false, "");
        }

        @Override
        public Completeness isComplete(String code) {
            otherCalls.incrementAndGet();
            return new Completeness("complete", "");
        }

        @Override
        public void stop() {
            if (failStop) {
                throw new IllegalStateException("stop failed");
            }
            stopRequested = true;
        }

        @Override
        public void addToClasspath(String path) {
        }
    }
}
