package org.jnas.kernel.session;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import com.google.gson.JsonObject;
import org.jnas.kernel.protocol.Channel;
import org.jnas.kernel.protocol.Header;
import org.jnas.kernel.protocol.InputRequest;
import org.jnas.kernel.protocol.Message;
import org.jnas.kernel.protocol.MessageType;

/**
 * {@code System.in} for cells: a read with nothing buffered sends an input_request to the frontend
 * that sent the running cell and waits for its input_reply. When that frontend does not allow
 * stdin, the read fails with an exception that says so.
 */
final class StdinBridge extends InputStream {
    private static final String CANCELLED = "\u0000cancelled";

    /** The execute request whose frontend answers reads, and whether that frontend allows input. */
    private record Asker(Message request, boolean allowStdin) {}

    private final Publisher publisher;
    private final Runnable flushOutput;
    private final LinkedBlockingQueue<String> replies = new LinkedBlockingQueue<>();
    private volatile Asker asker;
    private byte[] pending = new byte[0];
    private int pos;

    StdinBridge(Publisher publisher, Runnable flushOutput) {
        this.publisher = publisher;
        this.flushOutput = flushOutput;
    }

    /** The execute request whose frontend answers reads from now on, and whether it allows stdin. */
    void setRequest(Message executeRequest, boolean allowStdin) {
        asker = new Asker(executeRequest, allowStdin);
        replies.clear();
    }

    /** Delivers an input_reply. */
    void reply(String value) {
        replies.add(value);
    }

    /** Wakes a waiting read, which then fails (interrupt). */
    void cancel() {
        replies.add(CANCELLED);
    }

    @Override
    public synchronized int read() {
        if (!fill()) {
            return -1;
        }
        return pending[pos++] & 0xFF;
    }

    @Override
    public synchronized int read(byte[] b, int off, int len) {
        if (len == 0) {
            return 0;
        }
        if (!fill()) {
            return -1;
        }
        int n = Math.min(len, pending.length - pos);
        System.arraycopy(pending, pos, b, off, n);
        pos += n;
        return n;
    }

    @Override
    public synchronized int available() {
        return pending.length - pos;
    }

    private boolean fill() {
        if (pos < pending.length) {
            return true;
        }
        Asker a = asker;
        if (a == null || !a.allowStdin()) {
            throw new IllegalStateException("stdin is not available: this frontend does not allow input "
                    + "(allow_stdin is false), so System.in cannot be read here");
        }
        flushOutput.run();
        Header parent = a.request().header();
        publisher.sink().send(Channel.STDIN, new Message(a.request().identities(),
                Header.create(MessageType.INPUT_REQUEST.wireName(), publisher.session()), parent, new JsonObject(),
                new InputRequest("", false).toJson(), List.of()));
        String value;
        try {
            value = replies.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("input interrupted", e);
        }
        if (CANCELLED.equals(value)) {
            throw new IllegalStateException("input interrupted");
        }
        pending = (value + "\n").getBytes(StandardCharsets.UTF_8);
        pos = 0;
        return true;
    }
}
