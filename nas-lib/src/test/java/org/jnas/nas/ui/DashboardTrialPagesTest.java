package org.jnas.nas.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The trial table served a page at a time, sorted and filtered by the server; every trial as CSV; the charts as SVG. */
class DashboardTrialPagesTest {
    private final HttpClient http = HttpClient.newHttpClient();
    private final FakeSource source = new FakeSource("exp-1", false);
    private Dashboard dashboard;

    @BeforeEach
    void start() {
        // 250 trials: every 10th failed, 246 to 249 running, the metric 0.5 + (id mod 7) / 100
        for (long id = 1; id <= 250; id++) {
            source.startTrial(id);
            if (id % 10 == 0) {
                source.fail(id, "diverged");
            } else if (id <= 245) {
                source.succeed(id, 0.5 + (id % 7) / 100.0);
            }
        }
        dashboard = Dashboard.start(source, 0);
    }

    @AfterEach
    void stop() {
        dashboard.close();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(dashboard.url() + path.substring(1)))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonObject page(String query) throws Exception {
        HttpResponse<String> r = get("/api/experiments/exp-1/trials" + query);
        assertEquals(200, r.statusCode(), r.body());
        return JsonParser.parseString(r.body()).getAsJsonObject();
    }

    private static List<Long> ids(JsonObject page) {
        List<Long> ids = new ArrayList<>();
        for (JsonElement t : page.getAsJsonArray("trials")) {
            ids.add(t.getAsJsonObject().get("id").getAsLong());
        }
        return ids;
    }

    @Test
    void pagesSortAndFilterOnTheServer() throws Exception {
        JsonObject first = page("");
        assertEquals(100, first.getAsJsonArray("trials").size());
        assertEquals(250, first.get("total").getAsInt());
        assertEquals(25, first.getAsJsonObject("counts").get("FAILED").getAsInt());
        assertEquals(4, first.getAsJsonObject("counts").get("RUNNING").getAsInt());
        assertEquals(1, ids(first).get(0));

        JsonObject last = page("?offset=200&limit=100");
        assertEquals(50, last.getAsJsonArray("trials").size());
        assertEquals(201, ids(last).get(0));

        // best first; equal metrics by id; trials without a metric last in either order
        List<Long> best = ids(page("?sort=metric&order=desc&limit=3"));
        assertEquals(List.of(6L, 13L, 27L), best);
        List<Long> worstLast = ids(page("?sort=metric&order=asc&offset=240&limit=10"));
        assertTrue(worstLast.containsAll(List.of(246L, 247L, 248L, 249L, 250L)), worstLast.toString());

        JsonObject failed = page("?status=FAILED&sort=id&order=desc&limit=5");
        assertEquals(25, failed.get("total").getAsInt());
        assertEquals(List.of(250L, 240L, 230L, 220L, 210L), ids(failed));
        // by a choice's value (conv2 is the id's parity here), then by id
        assertEquals(List.of(2L, 4L), ids(page("?sort=s:conv2&limit=2&status=SUCCEEDED")));
        assertEquals(List.of(1L, 3L), ids(page("?sort=s:conv2&order=desc&limit=2&status=SUCCEEDED")));
    }

    @Test
    void aBadQueryIsNamed() throws Exception {
        for (String[] bad : new String[][] {
                {"?limit=0", "limit must be a whole number from 1 to 500, got '0'"},
                {"?limit=501", "limit must be a whole number from 1 to 500"},
                {"?offset=-1", "offset must be a whole number"},
                {"?sort=colour", "cannot sort by 'colour'"},
                {"?order=up", "order must be asc or desc, got 'up'"},
                {"?status=DONE", "unknown status 'DONE'"}}) {
            HttpResponse<String> r = get("/api/experiments/exp-1/trials" + bad[0]);
            assertEquals(400, r.statusCode(), r.body());
            String error = JsonParser.parseString(r.body()).getAsJsonObject().get("error").getAsString();
            assertTrue(error.contains(bad[1]), error);
        }
    }

    @Test
    void theCsvHoldsEveryTrialAndTheChartsAreSvg() throws Exception {
        HttpResponse<String> csv = get("/api/experiments/exp-1/trials.csv");
        assertEquals(200, csv.statusCode());
        assertTrue(csv.headers().firstValue("Content-Type").orElseThrow().startsWith("text/csv"));
        assertEquals("attachment; filename=\"exp-1-trials.csv\"", csv.headers().firstValue("Content-Disposition").orElseThrow());
        assertEquals(251, csv.body().lines().count());

        for (String chart : List.of("metric.svg", "curves.svg", "choices.svg")) {
            HttpResponse<String> svg = get("/api/experiments/exp-1/charts/" + chart);
            assertEquals(200, svg.statusCode(), chart);
            assertTrue(svg.headers().firstValue("Content-Type").orElseThrow().startsWith("image/svg+xml"));
            assertTrue(svg.body().contains("<svg"), chart);
        }
        HttpResponse<String> none = get("/api/experiments/exp-1/charts/pie.svg");
        assertEquals(404, none.statusCode());
        assertTrue(none.body().contains("no chart 'pie.svg'"), none.body());

        JsonArray choices = JsonParser.parseString(get("/api/experiments/exp-1").body()).getAsJsonObject().getAsJsonArray("choices");
        assertEquals("[\"conv3x3\",\"conv5x5\"]", choices.get(0).getAsJsonObject().get("names").toString());
    }
}
