package org.jnas.kernel.session;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.jnas.kernel.protocol.Header;
import org.jnas.kernel.protocol.MessageType;
import org.jnas.kernel.protocol.Stream;

/**
 * stdout and stderr as IOPub {@code stream} messages. Writes collect in a buffer that is sent when
 * it reaches {@value #MAX_CHUNK} bytes, when the writing request changes, when the kernel asks
 * (end of cell, before a display) or {@value #WINDOW_MS} ms after the first unsent write, so a
 * 10,000-line loop becomes a few messages and nothing is dropped.
 */
final class StreamCapture implements AutoCloseable {
    static final int MAX_CHUNK = 64 * 1024;
    static final long WINDOW_MS = 20;

    private final Publisher publisher;
    private final ParentTracker parents;
    private final Buffer stdout = new Buffer("stdout");
    private final Buffer stderr = new Buffer("stderr");
    private final Object signal = new Object();
    private boolean dirty;
    private volatile boolean closed;
    private final Thread flusher;

    StreamCapture(Publisher publisher, ParentTracker parents) {
        this.publisher = publisher;
        this.parents = parents;
        flusher = new Thread(this::flushLoop, "jnas-output-flusher");
        flusher.setDaemon(true);
        flusher.start();
    }

    PrintStream stdout() {
        return new PrintStream(stdout, true, StandardCharsets.UTF_8);
    }

    PrintStream stderr() {
        return new PrintStream(stderr, true, StandardCharsets.UTF_8);
    }

    /** Sends everything written so far. */
    void flush() {
        stdout.send();
        stderr.send();
    }

    private void markDirty() {
        synchronized (signal) {
            if (!dirty) {
                dirty = true;
                signal.notifyAll();
            }
        }
    }

    private void flushLoop() {
        try {
            while (!closed) {
                synchronized (signal) {
                    while (!dirty && !closed) {
                        signal.wait();
                    }
                    dirty = false;
                }
                // Coalescing window: let the writer add more before the message goes out.
                Thread.sleep(WINDOW_MS);
                flush();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        flush();
        closed = true;
        synchronized (signal) {
            signal.notifyAll();
        }
    }

    private final class Buffer extends OutputStream {
        private final String name;
        private byte[] bytes = new byte[8192];
        private int size;
        private Header parent;

        Buffer(String name) {
            this.name = name;
        }

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            Header p = parents.current();
            synchronized (this) {
                if (size > 0 && p != parent) {
                    sendLocked();
                }
                parent = p;
                if (size + len > bytes.length) {
                    bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + len));
                }
                System.arraycopy(b, off, bytes, size, len);
                size += len;
                if (size >= MAX_CHUNK) {
                    sendLocked();
                }
            }
            markDirty();
        }

        synchronized void send() {
            sendLocked();
        }

        private void sendLocked() {
            int n = completeUtf8Prefix(bytes, size);
            if (n == 0) {
                return;
            }
            String text = new String(bytes, 0, n, StandardCharsets.UTF_8);
            System.arraycopy(bytes, n, bytes, 0, size - n);
            size -= n;
            publisher.publish(parent, MessageType.STREAM, new Stream(name, text));
        }
    }

    /** The length of the longest prefix that does not end inside a UTF-8 sequence. */
    static int completeUtf8Prefix(byte[] b, int size) {
        for (int back = 1; back <= Math.min(3, size); back++) {
            int v = b[size - back] & 0xFF;
            if ((v & 0xC0) == 0x80) {
                continue; // continuation byte, look further back for the lead byte
            }
            int need = v >= 0xF0 ? 4 : v >= 0xE0 ? 3 : v >= 0xC0 ? 2 : 1;
            return need > back ? size - back : size;
        }
        return size;
    }
}
