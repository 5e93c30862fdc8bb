package org.jnas.kernel.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jnas.kernel.protocol.Channel;
import org.jnas.kernel.protocol.Header;
import org.jnas.kernel.protocol.Message;
import org.jnas.kernel.protocol.MessageSink;
import org.junit.jupiter.api.Test;

class StreamCaptureTest {
    private final List<Message> sent = new CopyOnWriteArrayList<>();
    private final MessageSink sink = new MessageSink() {
        @Override
        public void send(Channel channel, Message message) {
            sent.add(message);
        }

        @Override
        public void afterFlush(Runnable action) {
            action.run();
        }
    };

    private String text() {
        StringBuilder sb = new StringBuilder();
        sent.forEach(m -> sb.append(m.content().get("text").getAsString()));
        return sb.toString();
    }

    @Test
    void tenThousandLinesArriveWholeInFewMessages() {
        ParentTracker parents = new ParentTracker();
        parents.enter(Header.create("execute_request", "s"));
        try (StreamCapture capture = new StreamCapture(new Publisher(sink, "k"), parents)) {
            PrintStream out = capture.stdout();
            StringBuilder expected = new StringBuilder();
            for (int i = 0; i < 10_000; i++) {
                out.println("line " + i + " ü");
                expected.append("line ").append(i).append(" ü\n");
            }
            capture.flush();
            assertEquals(expected.toString(), text());
            assertTrue(sent.size() < 40, "messages: " + sent.size());
        }
    }

    @Test
    void outputOfAnotherRequestStartsANewMessageWithItsParent() {
        ParentTracker parents = new ParentTracker();
        Header first = Header.create("execute_request", "s");
        Header second = Header.create("execute_request", "s");
        try (StreamCapture capture = new StreamCapture(new Publisher(sink, "k"), parents)) {
            PrintStream out = capture.stdout();
            parents.enter(first);
            out.print("a");
            parents.enter(second);
            out.print("b");
            capture.flush();
        }
        assertEquals(2, sent.size());
        assertEquals(first, sent.get(0).parentHeader());
        assertEquals(second, sent.get(1).parentHeader());
    }

    @Test
    void utf8SequencesAreNeverSplit() {
        byte[] b = "a😀".getBytes(StandardCharsets.UTF_8);
        assertEquals(b.length, StreamCapture.completeUtf8Prefix(b, b.length));
        assertEquals(1, StreamCapture.completeUtf8Prefix(b, b.length - 1));
        assertEquals(1, StreamCapture.completeUtf8Prefix(b, 2));
    }
}
