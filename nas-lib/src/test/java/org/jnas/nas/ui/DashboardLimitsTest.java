package org.jnas.nas.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What keeps the dashboard answering under careless or hostile clients: budgets, stream slots, slow requests. */
class DashboardLimitsTest {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<Socket> sockets = new ArrayList<>();
    private final FakeSource source = new FakeSource("exp-1", false);
    private Dashboard dashboard;

    @AfterEach
    void close() throws IOException {
        for (Socket s : sockets) {
            s.close();
        }
        dashboard.close();
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(dashboard.url() + path.substring(1))));
    }

    @Test
    void aTrialBudgetBelowTheTrialsSubmittedIsRefusedAndChangesNothing() throws Exception {
        for (long id = 1; id <= 4; id++) {
            source.startTrial(id);
        }
        source.succeed(1, 0.5);
        dashboard = Dashboard.start(source, 0);
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(dashboard.url() + "api/experiments/exp-1/config"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"trialConcurrency\": 3, \"maxTrials\": 3}")));
        assertEquals(409, r.statusCode(), r.body());
        assertEquals("max trials 3 is below the 4 trials already submitted; set at least 4",
                JsonParser.parseString(r.body()).getAsJsonObject().get("error").getAsString());
        assertEquals(10, source.maxTrials);
        assertEquals(2, source.concurrency);

        HttpResponse<String> ok = send(HttpRequest.newBuilder(URI.create(dashboard.url() + "api/experiments/exp-1/config"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"maxTrials\": 4}")));
        assertEquals(200, ok.statusCode(), ok.body());
        assertEquals(4, source.maxTrials);
    }

    /** Opens an event stream on a raw socket and reads up to its hello event. */
    private Socket openStream() throws IOException {
        Socket s = new Socket("127.0.0.1", dashboard.port());
        sockets.add(s);
        s.setSoTimeout(10_000);
        s.getOutputStream().write(("GET /api/experiments/exp-1/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
        String status = in.readLine();
        if (!status.startsWith("HTTP/1.1 200")) {
            throw new AssertionError("event stream refused: " + status);
        }
        for (String line = in.readLine(); !line.equals("event: hello"); line = in.readLine()) {
            // headers, chunk sizes, retry
        }
        return s;
    }

    @Test
    void streamsOfClosedTabsGiveTheirSlotsBackWithoutWaitingForAKeepAlive() throws Exception {
        // A keep-alive far longer than the test: only probing can find the closed streams.
        dashboard = Dashboard.builder().optSource(source).optKeepAliveInterval(Duration.ofHours(1)).build();
        List<Socket> tabs = new ArrayList<>();
        for (int i = 0; i < Api.MAX_STREAMS; i++) {
            tabs.add(openStream());
        }
        DashboardHttpTest.waitFor(() -> source.listeners.size() == Api.MAX_STREAMS);
        for (Socket tab : tabs) {
            tab.close();
        }
        Socket another = openStream();
        DashboardHttpTest.waitFor(() -> source.listeners.size() == 1);
        another.close();
    }

    @Test
    void slowClientsNeitherMultiplyThreadsNorStopTheDashboardAnswering() throws Exception {
        source.startTrial(1);
        dashboard = Dashboard.builder().optSource(source).requestReadDeadline(Duration.ofMillis(500)).build();
        // Each sends the start of a request and then nothing: before the read deadline, each held a thread.
        int slow = 400;
        for (int i = 0; i < slow; i++) {
            Socket s = new Socket("127.0.0.1", dashboard.port());
            sockets.add(s);
            OutputStream out = s.getOutputStream();
            out.write("GET /api/dashboard HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }
        int peak = 0;
        for (int i = 0; i < 20; i++) { // the server takes the requests up as their bytes arrive
            peak = Math.max(peak, dashboardThreads());
            Thread.sleep(50);
        }
        assertTrue(peak <= RequestThreads.MAX_THREADS + 1, peak + " dashboard threads for " + slow + " slow clients");

        HttpResponse<String> r = get("/api/experiments/exp-1");
        assertEquals(200, r.statusCode(), r.body());
        JsonObject overview = JsonParser.parseString(r.body()).getAsJsonObject();
        assertEquals("exp-1", overview.get("id").getAsString());
        // The slow clients were cut off (their connection closed, with or without an answer).
        for (Socket s : sockets) {
            s.setSoTimeout(20_000);
            try {
                while (s.getInputStream().read() >= 0) {
                    // a 408 or nothing, then the end
                }
            } catch (SocketTimeoutException e) {
                throw new AssertionError("a slow client is still connected", e);
            } catch (IOException e) {
                // reset: cut off too
            }
        }
        assertTrue(dashboardThreads() <= RequestThreads.MAX_THREADS + 1);
    }

    private static int dashboardThreads() {
        return (int) Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("jnas-dashboard-")).count();
    }
}
