package org.jnas.nas.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jnas.nas.trial.Direction;
import org.jnas.nas.results.ExperimentStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.jnas.nas.results.ExperimentSummary;

class DashboardHttpTest {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private FakeSource source;
    private Dashboard dashboard;

    @BeforeEach
    void start() {
        source = new FakeSource("exp-1", false);
        source.startTrial(1);
        source.intermediate(1, 0.61);
        source.intermediate(1, 0.74);
        source.succeed(1, 0.81);
        source.startTrial(2);
        dashboard = Dashboard.builder().optSource(source).optKeepAliveInterval(Duration.ofMillis(200)).build();
    }

    @AfterEach
    void stop() {
        dashboard.close();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(dashboard.url() + path.substring(1)))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(dashboard.url() + path.substring(1)))
                .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonObject json(HttpResponse<String> r) {
        return JsonParser.parseString(r.body()).getAsJsonObject();
    }

    private static void assertError(HttpResponse<String> r, int status, String fragment) {
        assertEquals(status, r.statusCode(), r.body());
        String message = json(r).get("error").getAsString();
        assertTrue(message.contains(fragment), "'" + message + "' should mention '" + fragment + "'");
    }

    @Test
    void listensOnLoopbackAtTheGivenUrl() {
        assertTrue(dashboard.url().startsWith("http://127.0.0.1:" + dashboard.port() + "/"), dashboard.url());
        assertTrue(dashboard.port() > 0);
    }

    @Test
    void servesThePageAndItsAssetsFromTheJar() throws Exception {
        HttpResponse<String> page = get("/");
        assertEquals(200, page.statusCode());
        assertTrue(page.headers().firstValue("Content-Type").orElseThrow().startsWith("text/html"));
        assertTrue(page.body().contains("/assets/app.js"));
        assertTrue(page.headers().firstValue("Content-Security-Policy").orElseThrow().contains("script-src 'self'"));
        HttpResponse<String> js = get("/assets/app.js");
        assertEquals(200, js.statusCode());
        assertTrue(js.headers().firstValue("Content-Type").orElseThrow().startsWith("text/javascript"));
        assertTrue(js.body().contains("EventSource"));
        assertEquals(200, get("/assets/app.css").statusCode());
    }

    @Test
    void overviewHoldsStatusConfigChoicesProgressAndBestTrials() throws Exception {
        JsonObject o = json(get("/api/experiments/exp-1"));
        assertEquals("exp-1", o.get("id").getAsString());
        assertEquals("mnist_search", o.get("name").getAsString());
        assertEquals("RUNNING", o.get("status").getAsString());
        assertEquals("MAXIMIZE", o.get("direction").getAsString());
        assertFalse(o.get("readOnly").getAsBoolean());
        assertEquals(2, o.get("trialConcurrency").getAsInt());
        assertEquals(10, o.get("maxTrials").getAsLong());
        assertEquals(2, o.get("trials").getAsInt());
        assertEquals(1, o.get("done").getAsLong());
        assertEquals(1, o.getAsJsonObject("counts").get("RUNNING").getAsInt());
        assertEquals("30m", o.getAsJsonObject("config").get("maxDuration").getAsString());
        assertEquals(3, o.getAsJsonArray("choices").size());
        assertEquals("dropout1", o.getAsJsonArray("choices").get(1).getAsJsonObject().get("label").getAsString());
        JsonArray best = o.getAsJsonArray("best");
        assertEquals(1, best.size());
        assertEquals(0.81, best.get(0).getAsJsonObject().get("metric").getAsDouble());
    }

    @Test
    void trialsAndOneTrialWithIntermediatesLogAndError() throws Exception {
        source.startTrial(3);
        source.fail(3, "java.lang.IllegalStateException: out of memory\n\tat Model.forward");
        JsonObject page = json(get("/api/experiments/exp-1/trials"));
        assertEquals(3, page.get("total").getAsInt());
        JsonArray trials = page.getAsJsonArray("trials");
        assertEquals(3, trials.size());
        JsonObject first = trials.get(0).getAsJsonObject();
        assertEquals(1, first.get("id").getAsLong());
        assertEquals("SUCCEEDED", first.get("status").getAsString());
        assertEquals(0.5, first.getAsJsonObject("sample").get("dropout1").getAsDouble());
        assertEquals(List.of(0.61, 0.74), List.of(first.getAsJsonArray("intermediates").get(0).getAsDouble(),
                first.getAsJsonArray("intermediates").get(1).getAsDouble()));
        assertTrue(first.get("metric").getAsDouble() == 0.81);
        assertTrue(trials.get(1).getAsJsonObject().get("metric").isJsonNull());

        JsonObject one = json(get("/api/experiments/exp-1/trials/1"));
        assertEquals(3, one.getAsJsonArray("log").size());
        assertEquals(0.81, one.getAsJsonObject("finalMetrics").get("default").getAsDouble());
        assertTrue(one.get("hasArchitecture").getAsBoolean());
        JsonObject failed = json(get("/api/experiments/exp-1/trials/3"));
        assertEquals("FAILED", failed.get("status").getAsString());
        assertTrue(failed.get("error").getAsString().contains("out of memory\n\tat Model.forward"));

        HttpResponse<String> svg = get("/api/experiments/exp-1/trials/1/architecture.svg");
        assertEquals(200, svg.statusCode());
        assertTrue(svg.headers().firstValue("Content-Type").orElseThrow().startsWith("image/svg+xml"));
        assertTrue(svg.body().startsWith("<svg"));
    }

    @Test
    void eventStreamSendsAnEventPerTrialStartIntermediateEndAndExperimentEnd() throws Exception {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        CompletableFuture<HttpResponse<Stream<String>>> response = http.sendAsync(
                HttpRequest.newBuilder(URI.create(dashboard.url() + "api/experiments/exp-1/events")).build(),
                HttpResponse.BodyHandlers.ofLines());
        HttpResponse<Stream<String>> r = response.get(10, TimeUnit.SECONDS);
        assertEquals(200, r.statusCode());
        assertEquals("text/event-stream; charset=utf-8", r.headers().firstValue("Content-Type").orElseThrow());
        Thread reader = new Thread(() -> {
            try {
                r.body().forEach(lines::add);
            } catch (UncheckedIOException e) {
                // the test closed the stream
            }
        });
        reader.setDaemon(true);
        reader.start();
        awaitLine(lines, "event: hello");
        waitFor(() -> source.listeners.size() == 1);

        source.startTrial(3);
        assertEquals("event: trialStarted", awaitLine(lines, "event: "));
        JsonObject started = JsonParser.parseString(awaitLine(lines, "data: ").substring(6)).getAsJsonObject();
        assertEquals(3, started.get("id").getAsLong());
        assertEquals("RUNNING", started.get("status").getAsString());
        source.intermediate(3, 0.5);
        assertEquals("event: intermediate", awaitLine(lines, "event: "));
        assertTrue(awaitLine(lines, "data: ").contains("\"intermediates\":[0.5]"));
        source.succeed(3, 0.9);
        assertEquals("event: trialEnded", awaitLine(lines, "event: "));
        assertTrue(awaitLine(lines, "data: ").contains("\"status\":\"SUCCEEDED\""));
        assertEquals(": keep-alive", awaitLine(lines, ": keep-alive"));
        source.endExperiment(ExperimentStatus.DONE);
        assertEquals("event: experimentEnded", awaitLine(lines, "event: "));
        assertEquals("data: {\"status\":\"DONE\"}", awaitLine(lines, "data: "));

        r.body().close();
        // The server notices the disconnect at its next write (a keep-alive) and unsubscribes.
        waitFor(() -> source.listeners.isEmpty());
    }

    @Test
    @Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // close() must return, not hang
    void closeEndsOpenStreamsAndStopsServing() throws Exception {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        HttpResponse<Stream<String>> r = http.send(
                HttpRequest.newBuilder(URI.create(dashboard.url() + "api/experiments/exp-1/events")).build(),
                HttpResponse.BodyHandlers.ofLines());
        Thread reader = new Thread(() -> {
            try {
                r.body().forEach(lines::add);
            } catch (UncheckedIOException e) {
                // the server cut the stream: what close() does
            }
            lines.add("<end>");
        });
        reader.setDaemon(true);
        reader.start();
        awaitLine(lines, "event: hello");
        dashboard.close();
        awaitLine(lines, "<end>");
        // The stream's own thread unsubscribes as it ends, maybe just after the reader saw the end.
        waitFor(() -> source.listeners.isEmpty());
        assertThrows(IOException.class, () -> get("/"));
    }

    @Test
    void stopAndSettingsFromThePage() throws Exception {
        HttpResponse<String> set = post("/api/experiments/exp-1/config", "{\"trialConcurrency\": 4, \"maxTrials\": 50}");
        assertEquals(200, set.statusCode(), set.body());
        assertEquals(4, source.concurrency);
        assertEquals(50, source.maxTrials);
        assertEquals(4, json(set).get("trialConcurrency").getAsInt());
        assertError(post("/api/experiments/exp-1/config", "{\"trialConcurrency\": 100}"), 400, "over the limit of 64");

        HttpResponse<String> stop = post("/api/experiments/exp-1/stop", "");
        assertEquals(200, stop.statusCode(), stop.body());
        assertEquals(1, source.stopCalls.get());
        assertEquals("STOPPING", json(stop).get("status").getAsString());

        source.endExperiment(ExperimentStatus.STOPPED);
        assertError(post("/api/experiments/exp-1/stop", ""), 409, "has already ended (STOPPED)");
        assertError(post("/api/experiments/exp-1/config", "{\"maxTrials\": 5}"), 409, "has already ended");
        assertEquals(50, source.maxTrials);
    }

    @Test
    void badInputGetsAClearErrorAndChangesNothing() throws Exception {
        assertError(get("/api/nothing"), 404, "no API endpoint '/api/nothing'");
        HttpResponse<String> page = get("/nothing.html");
        assertEquals(404, page.statusCode());
        assertTrue(page.body().contains("no page '/nothing.html'"));
        assertError(get("/api/experiments/nope"), 404, "no experiment 'nope'");
        assertError(get("/api/experiments/exp-1/trials/abc"), 400, "trial id 'abc' is not a number");
        assertError(get("/api/experiments/exp-1/trials/99"), 404, "has no trial 99");
        assertError(get("/api/experiments/exp-1/trials/2/other"), 404, "no API endpoint for trial 'other'");
        assertError(get("/api/experiments/exp-1/whatever"), 404, "no API endpoint 'whatever'");
        assertError(get("/api/experiments/exp-1/stop"), 405, "use POST");
        assertEquals("POST", get("/api/experiments/exp-1/stop").headers().firstValue("Allow").orElseThrow());
        assertError(post("/api/experiments/exp-1/trials", "{}"), 405, "method POST not allowed");
        assertError(post("/api/experiments/exp-1/config", "{not json"), 400, "not valid JSON");
        assertError(post("/api/experiments/exp-1/config", "[1,2]"), 400, "must be a JSON object");
        assertError(post("/api/experiments/exp-1/config", "{}"), 400, "nothing to change");
        assertError(post("/api/experiments/exp-1/config", "{\"seed\": 3}"), 400, "unknown setting 'seed'");
        assertError(post("/api/experiments/exp-1/config", "{\"trialConcurrency\": 0}"), 400, "trialConcurrency must be a whole number from 1");
        assertError(post("/api/experiments/exp-1/config", "{\"maxTrials\": 2.5}"), 400, "got 2.5");
        assertError(post("/api/experiments/exp-1/config", "{\"maxTrials\": \"many\"}"), 400, "got \"many\"");
        assertError(post("/api/experiments/exp-1/config", "{\"trialConcurrency\": 1e12}"), 400, "trialConcurrency must be");

        assertTrue(rawRequest("POST /api/experiments/exp-1/config HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Content-Type: application/json\r\nContent-Length: 10000000\r\n\r\n").startsWith("HTTP/1.1 413"));
        String foreign = rawRequest("GET /api/experiments/exp-1 HTTP/1.1\r\nHost: attacker.example:80\r\n\r\n");
        assertTrue(foreign.startsWith("HTTP/1.1 403") && foreign.contains("host 'attacker.example:80' not allowed"), foreign);
        HttpResponse<String> crossSite = http.send(HttpRequest.newBuilder(URI.create(dashboard.url() + "api/experiments/exp-1/stop"))
                .header("Origin", "http://attacker.example").POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertError(crossSite, 403, "cross-origin request from 'http://attacker.example' refused");
        assertTrue(rawRequest("GARBAGE\r\n\r\n").isEmpty() || !rawRequest("GARBAGE\r\n\r\n").startsWith("HTTP/1.1 2"));

        // Nothing reached the experiment, and the server still serves.
        assertEquals(0, source.stopCalls.get());
        assertEquals(2, source.concurrency);
        assertEquals(10, source.maxTrials);
        assertEquals(ExperimentStatus.RUNNING, source.status());
        assertEquals(200, get("/api/experiments/exp-1").statusCode());
        source.startTrial(3);
        assertEquals(3, json(get("/api/experiments/exp-1/trials")).getAsJsonArray("trials").size());
    }

    @Test
    void aPortInUseIsNamedInTheError() {
        UncheckedIOException e = assertThrows(UncheckedIOException.class,
                () -> Dashboard.start(source, dashboard.port()));
        assertTrue(e.getMessage().contains("port " + dashboard.port()) && e.getMessage().contains("already in use")
                && e.getMessage().contains("0 for any free port"), e.getMessage());
        UncheckedIOException foreign = assertThrows(UncheckedIOException.class,
                () -> Dashboard.builder().optSource(source).optBindAddress("192.0.2.1").build());
        assertTrue(foreign.getMessage().startsWith("cannot listen on 192.0.2.1:0"), foreign.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Dashboard.builder().optPort(70000));
        assertThrows(IllegalArgumentException.class, () -> Dashboard.builder().build());
    }

    @Test
    void storedExperimentsAreListedAndViewedReadOnly() throws Exception {
        FakeSource old = new FakeSource("exp-0", true);
        old.startTrial(1);
        old.succeed(1, 0.7);
        old.status = ExperimentStatus.CRASHED;
        StoredExperiments store = new StoredExperiments() {
            @Override
            public List<ExperimentSummary> list() {
                return List.of(new ExperimentSummary("exp-1", "mnist_search", ExperimentStatus.RUNNING, Instant.now(),
                                Optional.empty(), "space", "Random", Direction.MAXIMIZE, 2, 1, 0, 1, OptionalDouble.of(0.81)),
                        new ExperimentSummary("exp-0", "old_search", ExperimentStatus.CRASHED,
                                Instant.now().minusSeconds(3600), Optional.empty(), "space", "Random", Direction.MAXIMIZE,
                                1, 1, 0, 0, OptionalDouble.of(0.7)));
            }

            @Override
            public Optional<DashboardSource> open(String id) {
                if (id.equals("broken")) {
                    throw new IllegalStateException("database file is corrupt");
                }
                return id.equals("exp-0") ? Optional.of(old) : Optional.empty();
            }
        };
        try (Dashboard d = Dashboard.builder().optSource(source).optStoredExperiments(store).build()) {
            dashboard.close();
            dashboard = d;
            JsonArray list = json(get("/api/experiments")).getAsJsonArray("experiments");
            assertEquals(2, list.size());
            assertTrue(list.get(0).getAsJsonObject().get("live").getAsBoolean());
            assertEquals("exp-0", list.get(1).getAsJsonObject().get("id").getAsString());
            assertEquals(0.7, list.get(1).getAsJsonObject().get("bestMetric").getAsDouble());

            JsonObject viewed = json(get("/api/experiments/exp-0"));
            assertTrue(viewed.get("readOnly").getAsBoolean());
            assertEquals("CRASHED", viewed.get("status").getAsString());
            assertNotNull(json(get("/api/experiments/exp-0/trials/1")));
            assertError(post("/api/experiments/exp-0/stop", ""), 409, "read-only");
            assertError(post("/api/experiments/exp-0/config", "{\"maxTrials\": 3}"), 409, "read-only");
            assertEquals(0, old.stopCalls.get());
            assertError(get("/api/experiments/missing"), 404, "no experiment 'missing' in the store");
            assertError(get("/api/experiments/broken"), 500, "database file is corrupt");
        }
    }

    @Test
    void aStoreThatCannotBeReadStillListsTheLiveExperiment() throws Exception {
        StoredExperiments broken = new StoredExperiments() {
            @Override
            public List<ExperimentSummary> list() {
                throw new IllegalStateException("database is locked");
            }

            @Override
            public Optional<DashboardSource> open(String id) {
                return Optional.empty();
            }
        };
        dashboard.close();
        dashboard = Dashboard.builder().optSource(source).optStoredExperiments(broken).build();
        JsonObject o = json(get("/api/experiments"));
        assertEquals(1, o.getAsJsonArray("experiments").size());
        assertTrue(o.get("storeError").getAsString().contains("database is locked"));
    }

    /** Sends bytes as they are (HttpClient refuses a foreign Host header and lying lengths). */
    private String rawRequest(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", dashboard.port())) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] buf = new byte[4096];
            StringBuilder sb = new StringBuilder();
            try {
                int n;
                while ((n = in.read(buf)) > 0) {
                    sb.append(new String(buf, 0, n, StandardCharsets.UTF_8));
                    if (sb.indexOf("\r\n\r\n") >= 0 && sb.indexOf("}") >= 0) {
                        break;
                    }
                }
            } catch (IOException e) {
                // a reset after the answer was read
            }
            return sb.toString();
        }
    }

    private static String awaitLine(BlockingQueue<String> lines, String prefix) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            String line = lines.poll(100, TimeUnit.MILLISECONDS);
            if (line != null && line.startsWith(prefix)) {
                return line;
            }
        }
        throw new AssertionError("no line starting with '" + prefix + "' within 10 s");
    }

    static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 10 s");
            }
            Thread.sleep(20);
        }
    }
}
