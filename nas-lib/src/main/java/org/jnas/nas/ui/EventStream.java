package org.jnas.nas.ui;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jnas.nas.ExperimentListener;
import org.jnas.nas.ExperimentStatus;
import org.jnas.nas.TrialRecord;

/**
 * One browser's server-sent event stream. The experiment's threads only format and enqueue (they
 * never wait on a slow browser); the HTTP thread that owns the connection writes. When a browser
 * falls so far behind that the queue fills, it gets a {@code resync} event and reloads its state.
 */
final class EventStream implements ExperimentListener {
    static final int QUEUE_CAPACITY = 2048;
    private static final String CLOSE = "";

    private final BlockingQueue<String> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private volatile boolean overflowed;
    private volatile boolean closed;

    @Override
    public void onTrialStarted(TrialRecord trial) {
        offer(event("trialStarted", JsonViews.trialSummary(trial)));
    }

    @Override
    public void onIntermediate(TrialRecord trial) {
        offer(event("intermediate", JsonViews.trialSummary(trial)));
    }

    @Override
    public void onTrialEnded(TrialRecord trial) {
        offer(event("trialEnded", JsonViews.trialSummary(trial)));
    }

    @Override
    public void onExperimentEnded(ExperimentStatus status) {
        JsonObject o = new JsonObject();
        o.addProperty("status", status.name());
        offer(event("experimentEnded", o));
    }

    /** Ends the stream from another thread (the dashboard is closing). */
    void close() {
        closed = true;
        queue.clear();
        queue.offer(CLOSE);
    }

    private void offer(String event) {
        if (!queue.offer(event)) {
            overflowed = true;
        }
    }

    /**
     * Writes events until the browser disconnects or {@link #close()} is called, with a comment
     * line every {@code keepAlive} so that proxies and the browser keep the connection open.
     */
    void pump(OutputStream out, Duration keepAlive) throws IOException, InterruptedException {
        write(out, "retry: 2000\n\n" + event("hello", new JsonObject()));
        while (true) {
            String next = queue.poll(keepAlive.toMillis(), TimeUnit.MILLISECONDS);
            if (closed || next == CLOSE) {
                return;
            }
            if (overflowed) {
                overflowed = false;
                queue.clear();
                next = event("resync", new JsonObject());
            }
            write(out, next == null ? ": keep-alive\n\n" : next);
        }
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** JSON never holds a raw newline, so one {@code data:} line carries the whole object. */
    private static String event(String name, JsonObject data) {
        return "event: " + name + "\ndata: " + JsonViews.GSON.toJson(data) + "\n\n";
    }
}
