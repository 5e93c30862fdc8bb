package org.jnas.nas.ui;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jnas.nas.results.ExperimentListener;
import org.jnas.nas.results.ExperimentStatus;
import org.jnas.nas.trial.TrialRecord;

/**
 * One browser's server-sent event stream. The experiment's threads only enqueue the immutable
 * records (they never format and never wait on a slow browser); the HTTP thread that owns the
 * connection formats and writes. When a browser falls so far behind that the queue fills, it gets a
 * {@code resync} event and reloads its state.
 */
final class EventStream implements ExperimentListener {
    static final int QUEUE_CAPACITY = 2048;
    private static final Event CLOSE = new Event("close", null, null);
    private static final Event PROBE = new Event("probe", null, null);

    /** What happened: a trial event carries the trial, the experiment's end carries its status. */
    private record Event(String name, TrialRecord trial, ExperimentStatus status) {}

    private final BlockingQueue<Event> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private volatile boolean overflowed;
    private volatile boolean closed;

    @Override
    public void onTrialStarted(TrialRecord trial) {
        offer(new Event("trialStarted", trial, null));
    }

    @Override
    public void onIntermediate(TrialRecord trial) {
        offer(new Event("intermediate", trial, null));
    }

    @Override
    public void onTrialEnded(TrialRecord trial) {
        offer(new Event("trialEnded", trial, null));
    }

    @Override
    public void onExperimentEnded(ExperimentStatus status) {
        offer(new Event("experimentEnded", null, status));
    }

    /** Ends the stream from another thread (the dashboard is closing). */
    void close() {
        closed = true;
        queue.clear();
        queue.offer(CLOSE);
    }

    /**
     * Makes the stream write a comment now, so that a browser that went away is noticed without
     * waiting for the keep-alive: the write after the peer's reset fails and the stream ends.
     */
    void probe() {
        queue.offer(PROBE);
    }

    private void offer(Event event) {
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
            Event next = queue.poll(keepAlive.toMillis(), TimeUnit.MILLISECONDS);
            if (closed || next == CLOSE) {
                return;
            }
            String text;
            if (overflowed) {
                overflowed = false;
                queue.clear();
                text = event("resync", new JsonObject());
            } else if (next == null || next == PROBE) {
                text = ": keep-alive\n\n";
            } else if (next.trial() != null) {
                text = event(next.name(), JsonViews.trialSummary(next.trial()));
            } else {
                JsonObject o = new JsonObject();
                o.addProperty("status", next.status().name());
                text = event(next.name(), o);
            }
            write(out, text);
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
