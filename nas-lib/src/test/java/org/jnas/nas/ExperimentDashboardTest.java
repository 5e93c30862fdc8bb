package org.jnas.nas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.jnas.nas.ui.Dashboard;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jnas.nas.results.ExperimentStatus;
import org.jnas.nas.strategy.Strategy;
import org.jnas.nas.trial.TrialEvaluator;

/** The dashboard of a live experiment and of a stored one, through the experiment's own methods. */
class ExperimentDashboardTest {
    @TempDir
    Path home;

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> get(Dashboard d, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(d.url() + path.substring(1))).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void liveDashboardShowsTrialsDiagramsAndStops() throws Exception {
        CountDownLatch twoStarted = new CountDownLatch(2);
        Experiment exp = Experiment.create(Quickstart.space(), TrialEvaluator.functional(trial -> {
            trial.reportIntermediate(0.1);
            twoStarted.countDown();
            while (!trial.isStopRequested()) {
                Thread.sleep(5);
            }
            trial.reportFinal(Quickstart.score(trial.sample()));
        }), Strategy.random());
        exp.config().name("dash").trialConcurrency(2).maxTrials(10).maxDuration(Duration.ofMinutes(10)).home(home)
                .inputShape(new Shape(1, 1, 28, 28));
        Dashboard d;
        try (exp) {
            exp.start();
            d = exp.dashboard(0);
            assertTrue(twoStarted.await(30, java.util.concurrent.TimeUnit.SECONDS));
            HttpResponse<String> overview = get(d, "/api/experiments/" + exp.id());
            assertEquals(200, overview.statusCode(), overview.body());
            assertTrue(overview.body().contains("RUNNING"), overview.body());
            // the search's clock: 10 minutes from its start, which the page's bar counts down to
            JsonObject o = JsonParser.parseString(overview.body()).getAsJsonObject();
            assertEquals(600_000, o.get("maxDurationMs").getAsLong());
            long left = o.get("deadline").getAsLong() - System.currentTimeMillis();
            assertTrue(left > 540_000 && left <= 600_000, "time left " + left + " ms");
            assertTrue(exp.progress().line().contains(" of 10:00  RUNNING"), exp.progress().line());
            HttpResponse<String> trials = get(d, "/api/experiments/" + exp.id() + "/trials");
            assertTrue(trials.body().contains("\"conv2\""), trials.body());
            HttpResponse<String> svg = get(d, "/api/experiments/" + exp.id() + "/trials/1/architecture.svg");
            assertEquals(200, svg.statusCode(), svg.body());
            assertTrue(svg.body().startsWith("<svg") && svg.body().contains("Conv2d"), svg.body());
            HttpResponse<String> stop = http.send(HttpRequest.newBuilder(
                    URI.create(d.url() + "api/experiments/" + exp.id() + "/stop"))
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, stop.statusCode(), stop.body());
            assertTrue(exp.await(Duration.ofSeconds(30)));
            assertEquals(ExperimentStatus.STOPPED, exp.status());
            JsonObject ended = JsonParser.parseString(get(d, "/api/experiments/" + exp.id()).body()).getAsJsonObject();
            assertTrue(ended.get("deadline").isJsonNull(), "no deadline once stopped");
            assertEquals(exp.endReason(), ended.get("endReason").getAsString(), "the Status card says why it ended");
            assertTrue(o.get("endReason").isJsonNull(), "nothing while it ran");
            HttpResponse<String> list = get(d, "/api/experiments");
            assertTrue(list.body().contains(exp.id()), list.body());
        }
        // closing the experiment closed its dashboard
        assertTrue(assertThrowsIo(d));

        ExperimentView view = Experiment.view(home, exp.id(), Quickstart.space());
        try (Dashboard stored = view.dashboard(0)) {
            HttpResponse<String> overview = get(stored, "/api/experiments/" + exp.id());
            assertEquals(200, overview.statusCode(), overview.body());
            assertTrue(overview.body().contains("STOPPED"), overview.body());
            HttpResponse<String> stop = http.send(HttpRequest.newBuilder(
                    URI.create(stored.url() + "api/experiments/" + exp.id() + "/stop"))
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(409, stop.statusCode(), "read-only: " + stop.body());
        }
    }

    @Test
    void aViewsDashboardReadsTheStoreAgainWhileAnotherRunsTheExperiment() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Experiment exp = Experiment.create(Quickstart.space(), TrialEvaluator.functional(trial -> {
            release.await();
            trial.reportFinal(0.5);
        }), Strategy.random());
        exp.config().name("elsewhere").trialConcurrency(2).maxTrials(4).home(home);
        try (exp) {
            exp.start();
            ExperimentView view = Experiment.view(home, exp.id());
            try (Dashboard d = view.dashboard(0)) {
                JsonObject before = JsonParser.parseString(get(d, "/api/experiments/" + exp.id()).body()).getAsJsonObject();
                assertEquals("RUNNING", before.get("status").getAsString());
                release.countDown();
                assertTrue(exp.await(Duration.ofSeconds(30)));
                Thread.sleep(2_100); // past the reading's freshness (Experiments.FRESH_NANOS)
                JsonObject after = JsonParser.parseString(get(d, "/api/experiments/" + exp.id()).body()).getAsJsonObject();
                assertEquals("DONE", after.get("status").getAsString(), "not the first reading, kept for good");
                assertEquals(4, after.get("done").getAsInt());
            }
        }
    }

    private boolean assertThrowsIo(Dashboard d) {
        try {
            get(d, "/api/dashboard");
            return false;
        } catch (Exception e) {
            return true;
        }
    }
}
