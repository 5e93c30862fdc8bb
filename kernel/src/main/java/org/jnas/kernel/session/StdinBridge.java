package org.jnas.kernel.session;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import org.jnas.kernel.protocol.Channel;
import org.jnas.kernel.protocol.Header;
import org.jnas.kernel.protocol.Json;
import org.jnas.kernel.protocol.Message;

/**
 * {@code System.in} for cells: a read with nothing buffered sends an input_request to the frontend
 * that sent the running cell and waits for its input_reply. When that frontend does not allow
 * stdin, the read fails with an exception that says so.
 */
final class StdinBridge extends InputStream {
    private static final String CANCELLED = "\u0000cancelled";

    private final Publisher publisher;
    private final Runnable flushOutput;
    private final LinkedBlockingQueue<String> replies = new LinkedBlockingQueue<>();
    private volatile Message request;
    private byte[] pending = new byte[0];
    private int pos;

    StdinBridge(Publisher publisher, Runnable flushOutput) {
        this.publisher = publisher;
        this.flushOutput = flushOutput;
    }

    /** The execute request whose frontend answers reads from now on. */
    void setRequest(Message executeRequest) {
        request = executeRequest;
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
        Message req = request;
        if (req == null || !Json.bool(req.content(), "allow_stdin", false)) {
            throw new IllegalStateException("stdin is not available: this frontend does not allow input "
                    + "(allow_stdin is false), so System.in cannot be read here");
        }
        flushOutput.run();
        Header parent = req.header();
        publisher.sink().send(Channel.STDIN, new Message(req.identities(),
                Header.create("input_request", publisher.session()), parent, new com.google.gson.JsonObject(),
                Json.obj().put("prompt", "").put("password", false).build(), List.of()));
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
