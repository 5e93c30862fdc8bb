package org.jnas.nas.cluster;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A trial's append-only events file: one JSON object a line ({@code {"seq":1,"event":"started",...}}),
 * written and flushed by the worker as it reports, read by the experiment from where it left off.
 * Nothing else carries a trial's reports, so nothing is lost when a connection drops.
 */
final class EventsFile {
    private EventsFile() {}

    /** The worker's side; each event reaches the file before the call returns. */
    static final class Writer implements AutoCloseable {
        private final OutputStream out;
        private long seq;

        Writer(Path file) throws IOException {
            this.out = new FileOutputStream(file.toFile(), true);
        }

        synchronized void write(String event, JsonObject fields) {
            fields.addProperty("seq", ++seq);
            fields.addProperty("event", event);
            fields.addProperty("at", System.currentTimeMillis());
            try {
                out.write((fields + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException("the trial's events file cannot be written", e);
            }
        }

        void write(String event) {
            write(event, new JsonObject());
        }

        void write(String event, String key, String value) {
            JsonObject o = new JsonObject();
            o.addProperty(key, value);
            write(event, o);
        }

        void metrics(String event, Map<String, Double> metrics) {
            JsonObject m = new JsonObject();
            metrics.forEach(m::addProperty);
            JsonObject o = new JsonObject();
            o.add("metrics", m);
            write(event, o);
        }

        @Override
        public synchronized void close() throws IOException {
            out.close();
        }
    }

    /** The experiment's side: reads the complete lines added since the last call. */
    static final class Reader {
        private final Path file;
        private long offset;

        Reader(Path file) {
            this.file = file;
        }

        List<JsonObject> readNew() {
            if (!Files.exists(file)) {
                return List.of();
            }
            try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
                long length = raf.length();
                if (length <= offset) {
                    return List.of();
                }
                byte[] bytes = new byte[(int) (length - offset)];
                raf.seek(offset);
                raf.readFully(bytes);
                int end = lastNewline(bytes);
                if (end < 0) {
                    return List.of(); // a line still being written
                }
                offset += end + 1;
                List<JsonObject> events = new ArrayList<>();
                for (String line : new String(bytes, 0, end, StandardCharsets.UTF_8).split("\n")) {
                    if (!line.isBlank()) {
                        events.add(JsonParser.parseString(line).getAsJsonObject());
                    }
                }
                return events;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }

        private static int lastNewline(byte[] bytes) {
            for (int i = bytes.length - 1; i >= 0; i--) {
                if (bytes[i] == '\n') {
                    return i;
                }
            }
            return -1;
        }
    }
}
