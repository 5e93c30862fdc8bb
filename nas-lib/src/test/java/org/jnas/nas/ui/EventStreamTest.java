package org.jnas.nas.ui;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.jnas.nas.trial.TrialRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class EventStreamTest {

    @Test
    @Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a blocked experiment thread hangs here
    void aBrowserThatFallsBehindGetsAResyncInsteadOfBlockingTheExperiment() throws Exception {
        FakeSource source = new FakeSource("exp-1", false);
        EventStream stream = new EventStream();
        TrialRecord trial = source.intermediate(source.startTrial(1).id(), 0.5);
        // Nobody reads the stream, yet every event the experiment's thread sends returns: more than
        // the queue holds, so the last ones find it full.
        for (int i = 0; i < EventStream.QUEUE_CAPACITY + 500; i++) {
            stream.onIntermediate(trial);
        }

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
        pump.join(10_000);
        assertFalse(pump.isAlive(), "close() did not end the stream");
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.startsWith("retry: 2000\n\nevent: hello\ndata: {}\n\n"), text.substring(0, 60));
        // What overflowed is dropped, not queued without bound: the browser reloads its state instead.
        assertTrue(text.length() < 16 * 1024, "stream wrote " + text.length() + " chars");
    }
}
