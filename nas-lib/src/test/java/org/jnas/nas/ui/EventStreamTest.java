package org.jnas.nas.ui;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.jnas.nas.trial.TrialRecord;
import org.junit.jupiter.api.Test;

class EventStreamTest {

    @Test
    void aBrowserThatFallsBehindGetsAResyncInsteadOfBlockingTheExperiment() throws Exception {
        FakeSource source = new FakeSource("exp-1", false);
        EventStream stream = new EventStream();
        TrialRecord trial = source.intermediate(source.startTrial(1).id(), 0.5);
        long t0 = System.nanoTime();
        long[] batches = new long[5];
        int perBatch = (EventStream.QUEUE_CAPACITY + 500) / batches.length;
        for (int b = 0; b < batches.length; b++) {
            long start = System.nanoTime();
            for (int i = 0; i < perBatch; i++) {
                stream.onIntermediate(trial);
            }
            batches[b] = (System.nanoTime() - start) / perBatch;
        }
        // Nobody reads the stream, yet the experiment's thread never waited on it.
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms < 5_000, "events took " + ms + " ms");
        java.util.Arrays.sort(batches);
        System.out.printf("dashboard: median %.1f us per event on the experiment's thread (one browser; batches of %d)%n",
                batches[batches.length / 2] / 1000.0, perBatch);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Thread pump = new Thread(() -> {
            try {
                stream.pump(out, Duration.ofSeconds(10));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        pump.start();
        DashboardHttpTest.waitFor(() -> out.toString(StandardCharsets.UTF_8).contains("event: resync"));
        stream.close();
        pump.join(5000);
        assertFalse(pump.isAlive(), "close() did not end the stream");
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.startsWith("retry: 2000\n\nevent: hello\ndata: {}\n\n"), text.substring(0, 60));
        // What overflowed is dropped, not queued without bound: the browser reloads its state instead.
        assertTrue(text.length() < 16 * 1024, "stream wrote " + text.length() + " chars");
    }
}
