package org.jnas.nas.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The dashboard of a search of 10,000 trials in a real browser: the page receives one page of the
 * trial table at a time, the charts summarise, and the CSV download holds every trial. Sizes, not
 * times, are asserted; the time to first paint is measured by bench/run.sh DashboardFirstPaintBenchmark.
 */
class DashboardScaleBrowserTest {
    private static final Path CHROMIUM = Path.of(System.getProperty("jnas.chromium", "/usr/bin/chromium"));
    private static final int TRIALS = 10_000;
    private static final String ROWS = "document.querySelectorAll('#trial-table tbody tr')";
    /** Records, for every API answer the page reads, its URL, its size and how many trials it lists. */
    private static final String RECORD_FETCHES = "window.__api = []; const fetched = window.fetch;"
            + "window.fetch = async (...args) => { const r = await fetched(...args); const text = await r.clone().text();"
            + "  let trials = 0; try { const b = JSON.parse(text); trials = Array.isArray(b) ? b.length"
            + "    : Array.isArray(b.trials) ? b.trials.length : 0; } catch (e) { /* not JSON */ }"
            + "  window.__api.push({url: String(args[0]), chars: text.length, trials}); return r; };";

    @Test
    void tenThousandTrialsArriveOnePageAtATimeAndTheCsvHoldsThemAll() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM), "headless Chromium not found at " + CHROMIUM
                + ": install the Debian package 'chromium' (CI does) or pass -Djnas.chromium=<path>");
        FakeSource source = new FakeSource("exp-1", false);
        for (long id = 1; id <= TRIALS; id++) {
            source.startTrial(id);
            source.intermediate(id, 0.5 + (id % 97) / 400.0);
            if (id % 50 == 7) {
                source.fail(id, "diverged");
            } else if (id <= TRIALS - 8) {
                source.succeed(id, 0.6 + (id % 89) / 300.0);
            }
        }
        source.maxTrials = TRIALS;
        try (Dashboard dashboard = Dashboard.start(source, 0);
             HeadlessChromium browser = HeadlessChromium.launch(CHROMIUM)) {
            JsonObject script = new JsonObject();
            script.addProperty("source", RECORD_FETCHES);
            browser.call("Page.enable", new JsonObject());
            browser.call("Page.addScriptToEvaluateOnNewDocument", script);
            browser.navigate(dashboard.url() + "#/e/exp-1/trials");
            browser.waitFor(ROWS + ".length === " + TrialPage.DEFAULT_LIMIT);
            assertEquals("1–100 of 10,000", browser.text("document.getElementById('page-range').textContent"));
            assertAtMostOnePageReceived(browser);
            String csvPath = browser.text("document.getElementById('csv-link').getAttribute('href')");

            browser.eval("document.getElementById('page-next').click()");
            browser.waitFor(ROWS + "[0].getAttribute('data-trial') === '101'");
            browser.eval("document.querySelector('button[data-filter=\"FAILED\"]').click()");
            browser.waitFor("document.getElementById('page-range').textContent === '1–100 of 200'");
            assertEquals("7", browser.text(ROWS + "[0].getAttribute('data-trial')"));
            assertAtMostOnePageReceived(browser);

            // The charts summarise: each is one image of a fixed size, whatever the number of trials.
            browser.eval("location.hash = '#/e/exp-1/charts'");
            browser.waitFor("document.getElementById('charts-summarised')");
            for (String chart : List.of("chart-metric", "chart-curves", "chart-choices")) {
                browser.waitFor("document.querySelector('#" + chart + " img').complete "
                        + "&& document.querySelector('#" + chart + " img').naturalWidth > 0");
            }
            browser.screenshot(Path.of("target", "dashboard-10000-charts.png"));

            // Every trial is one download away.
            HttpResponse<String> csv = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(dashboard.url() + csvPath.substring(1))).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, csv.statusCode());
            assertTrue(csv.headers().firstValue("Content-Disposition").orElseThrow().contains("exp-1-trials.csv"));
            List<String> lines = csv.body().lines().toList();
            assertEquals(TRIALS + 1, lines.size());
            assertTrue(lines.get(0).startsWith("trial,status,"), lines.get(0));
            assertTrue(lines.get(TRIALS).startsWith("10000,"), lines.get(TRIALS));
            assertEquals(List.of(), browser.pageErrors());
        }
    }

    /** No answer the page read so far listed more trials than one page, or was larger than one page's worth. */
    private static void assertAtMostOnePageReceived(HeadlessChromium browser) throws Exception {
        JsonElement api = browser.eval("window.__api");
        assertTrue(api.getAsJsonArray().size() > 0);
        for (JsonElement e : api.getAsJsonArray()) {
            JsonObject answer = e.getAsJsonObject();
            assertTrue(answer.get("trials").getAsInt() <= TrialPage.DEFAULT_LIMIT, answer.toString());
            assertTrue(answer.get("chars").getAsInt() < 100_000, answer.toString());
        }
    }
}
