package org.jnas.nas.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import com.google.gson.JsonArray;
import com.google.gson.JsonParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jnas.nas.trial.Objective;
import org.junit.jupiter.api.Test;

/**
 * The dashboard of a multi-objective search: the trial table marks the Pareto-optimal trials and
 * the charts page draws the Pareto chart, in a real headless Chromium (skipped where none is
 * installed) and over HTTP.
 */
class DashboardParetoTest {
    private static final Path CHROMIUM = Path.of(System.getProperty("jnas.chromium", "/usr/bin/chromium"));
    private static final String ROWS = "document.querySelectorAll('#trial-table tbody tr')";

    /** Trials 1 (accurate, large), 2 (small) and 4 (between) on the front; 3 dominated by 4; 5 running. */
    private static FakeSource search() {
        FakeSource source = new FakeSource("exp-mo", false);
        source.objectives = List.of(Objective.maximize("default"), Objective.minimize("params"));
        double[][] metrics = {{0.9, 2_000_000}, {0.7, 50_000}, {0.75, 900_000}, {0.8, 400_000}};
        for (int i = 0; i < metrics.length; i++) {
            source.startTrial(i + 1);
            source.succeed(i + 1, Map.of("default", metrics[i][0], "params", metrics[i][1]));
        }
        source.startTrial(5);
        return source;
    }

    private static HttpResponse<String> get(Dashboard dashboard, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(dashboard.url().replaceAll("/$", "") + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theTrialPagesMarkTheFrontAndTheParetoChartIsServed() throws Exception {
        try (Dashboard dashboard = Dashboard.builder().optSource(search()).build()) {
            JsonArray trials = JsonParser.parseString(get(dashboard, "/api/experiments/exp-mo/trials").body())
                    .getAsJsonObject().getAsJsonArray("trials");
            List<Boolean> marks = new ArrayList<>();
            trials.forEach(t -> marks.add(t.getAsJsonObject().get("pareto").getAsBoolean()));
            assertEquals(List.of(true, true, false, true, false), marks, "trials 1 to 5");
            HttpResponse<String> chart = get(dashboard, "/api/experiments/exp-mo/charts/pareto.svg");
            assertEquals(200, chart.statusCode());
            assertTrue(chart.body().contains("Pareto front: final metric against params"));
            assertTrue(get(dashboard, "/api/experiments/exp-mo").body().contains("\"objectives\":[{\"metric\":\"default\""));
        }
        FakeSource single = new FakeSource("exp-1", false);
        try (Dashboard dashboard = Dashboard.builder().optSource(single).build()) {
            assertEquals(404, get(dashboard, "/api/experiments/exp-1/charts/pareto.svg").statusCode());
            assertTrue(!get(dashboard, "/api/experiments/exp-1/trials").body().contains("pareto"));
        }
    }

    @Test
    void theBrowserShowsTheMarksAndDrawsTheChart() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM), "headless Chromium not found at " + CHROMIUM
                + ": install the Debian package 'chromium' (CI does) or pass -Djnas.chromium=<path>");
        try (Dashboard dashboard = Dashboard.builder().optSource(search()).build();
             HeadlessChromium browser = HeadlessChromium.launch(CHROMIUM)) {
            browser.navigate(dashboard.url() + "#/e/exp-mo/trials");
            browser.waitFor(ROWS + ".length === 5");
            assertEquals("1,2,4", browser.text("Array.from(document.querySelectorAll('#trial-table tbody tr.pareto'))"
                    + ".map(r => r.getAttribute('data-trial')).sort().join(',')"));
            assertEquals("\u2713", browser.text("document.querySelector('#trial-table tr[data-trial=\"2\"] td.pareto-mark').textContent"));
            assertEquals("", browser.text("document.querySelector('#trial-table tr[data-trial=\"3\"] td.pareto-mark').textContent"));
            assertEquals("Pareto", browser.text("Array.from(document.querySelectorAll('#trial-table th')).map(t => t.textContent)"
                    + ".find(t => t === 'Pareto')"));
            // the objective's metric is a column beside the default one
            assertEquals("params", browser.text("Array.from(document.querySelectorAll('#trial-table th.extra-metric'))"
                    + ".map(t => t.textContent).join(',')"));
            assertEquals("50000", browser.text("document.querySelector('#trial-table tr[data-trial=\"2\"] td[data-metric=\"params\"]').textContent"));
            assertEquals("–", browser.text("document.querySelector('#trial-table tr[data-trial=\"5\"] td[data-metric=\"params\"]').textContent"));
            browser.screenshot(Path.of("target").resolve("dashboard-pareto-trials.png"));

            browser.eval("location.hash = '#/e/exp-mo/charts'");
            browser.waitFor("document.querySelector('#chart-pareto img') && document.querySelector('#chart-pareto img').complete "
                    + "&& document.querySelector('#chart-pareto img').naturalWidth > 0");
            browser.screenshot(Path.of("target").resolve("dashboard-pareto.png"));
        }
    }
}
