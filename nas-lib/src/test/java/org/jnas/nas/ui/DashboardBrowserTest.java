package org.jnas.nas.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.jnas.nas.trial.Direction;
import org.jnas.nas.trial.TrainingProgress;
import org.jnas.nas.results.ExperimentStatus;
import org.junit.jupiter.api.Test;
import org.jnas.nas.results.ExperimentSummary;

/**
 * The dashboard in a real browser: headless Chromium loads the page while a (fake) experiment runs,
 * and the test reads the DOM as trials start and end. Screenshots land in target/. Skipped, with a
 * message, where Chromium is not installed ({@code -Djnas.chromium=/path} points elsewhere).
 */
class DashboardBrowserTest {
    private static final Path CHROMIUM = Path.of(System.getProperty("jnas.chromium", "/usr/bin/chromium"));
    private static final String ROWS = "document.querySelectorAll('#trial-table tbody tr')";

    /** Short, so that the server soon notices a stream the page closed. */
    private static final Duration KEEP_ALIVE = Duration.ofMillis(300);

    /** What a browser does when the tab is hidden or shown again. */
    private static String visibility(String state) {
        return "Object.defineProperty(document, 'visibilityState', {value: '" + state + "', configurable: true});"
                + "document.dispatchEvent(new Event('visibilitychange'))";
    }

    private static String statusOf(long trial) {
        return "document.querySelector('#trial-table tr[data-trial=\"" + trial + "\"] td.status').textContent";
    }

    @Test
    void pageFollowsARunningExperimentAndControlsIt() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM), "headless Chromium not found at " + CHROMIUM
                + ": install the Debian package 'chromium' (CI does) or pass -Djnas.chromium=<path>");
        FakeSource source = new FakeSource("exp-1", false);
        source.startTrial(1);
        source.intermediate(1, 0.62);
        source.intermediate(1, 0.75);
        source.succeed(1, 0.81);
        source.startTrial(2);
        source.intermediate(2, 0.55);
        source.startTrial(3);
        source.intermediate(3, 0.41);
        source.fail(3, "java.lang.IllegalStateException: <img src=x onerror=\"document.title='pwned'\">\n\tat Trial.run(Trial.java:42)");
        FakeSource old = new FakeSource("exp-0", true);
        old.startTrial(1);
        old.succeed(1, 0.7);
        old.status = ExperimentStatus.DONE;
        StoredExperiments store = new StoredExperiments() {
            @Override
            public List<ExperimentSummary> list() {
                return List.of(new ExperimentSummary("exp-0", "<b>old_search</b>", ExperimentStatus.DONE,
                        Instant.now().minusSeconds(7200), Optional.of(Instant.now().minusSeconds(6000)), "space", "Random",
                        Direction.MAXIMIZE, 1, 1, 0, 0, OptionalDouble.of(0.7)));
            }

            @Override
            public Optional<DashboardSource> open(String id) {
                return id.equals("exp-0") ? Optional.of(old) : Optional.empty();
            }
        };
        Path shots = Path.of("target");
        Dashboard restarted = null;
        try (Dashboard dashboard = Dashboard.builder().optSource(source).optStoredExperiments(store)
                     .optKeepAliveInterval(KEEP_ALIVE).build();
             HeadlessChromium browser = HeadlessChromium.launch(CHROMIUM)) {
            browser.navigate(dashboard.url() + "#/e/exp-1/trials");
            browser.waitFor(ROWS + ".length === 3");
            assertEquals("RUNNING", browser.text(statusOf(2)));
            assertEquals("FAILED", browser.text(statusOf(3)));
            browser.eval("window.__samePage = true");

            // The experiment moves on while the page is open: the page follows without a reload.
            source.intermediate(2, 0.71);
            source.succeed(2, 0.86);
            source.startTrial(4);
            browser.waitFor(statusOf(2) + " === 'SUCCEEDED'");
            browser.waitFor(ROWS + ".length === 4");
            assertEquals("RUNNING", browser.text(statusOf(4)));
            assertEquals("0.86", browser.text("document.querySelector('#trial-table tr[data-trial=\"2\"] td.metric').textContent"));
            assertEquals(true, browser.eval("window.__samePage === true").getAsBoolean(), "the page reloaded");
            browser.screenshot(shots.resolve("dashboard-trials.png"));

            // The server goes away and comes back: the page reconnects by itself and catches up.
            int port = dashboard.port();
            dashboard.close();
            browser.waitFor("document.getElementById('live').textContent === 'reconnecting…'");
            source.startTrial(5);
            restarted = Dashboard.builder().optSource(source).optStoredExperiments(store).optPort(port)
                    .optKeepAliveInterval(KEEP_ALIVE).build();
            browser.waitFor(ROWS + ".length === 5");
            browser.waitFor("document.getElementById('live').textContent === 'live'");
            assertEquals(true, browser.eval("window.__samePage === true").getAsBoolean(), "the page reloaded");

            // Sort by metric (best first when maximizing), then filter by status.
            browser.eval("document.querySelector('th[data-sort=\"metric\"]').click()");
            browser.waitFor(ROWS + "[0].getAttribute('data-trial') === '2'");
            assertEquals("1", browser.text(ROWS + "[1].getAttribute('data-trial')"));
            browser.eval("document.querySelector('button[data-filter=\"FAILED\"]').click()");
            browser.waitFor(ROWS + ".length === 1");
            assertEquals("3", browser.text(ROWS + "[0].getAttribute('data-trial')"));

            // Trial detail: the error trace shows as text, never as markup.
            browser.eval("location.hash = '#/e/exp-1/trials/3'");
            browser.waitFor("document.getElementById('trial-error')");
            assertTrue(browser.text("document.getElementById('trial-error').textContent")
                    .contains("<img src=x onerror=\"document.title='pwned'\">"));
            assertEquals(0, browser.eval("document.querySelectorAll('#trial-error img, main img:not(.arch)').length").getAsInt());
            assertEquals("mnist_search – JNAS", browser.text("document.title"));
            browser.eval("location.hash = '#/e/exp-1/trials/1'");
            browser.waitFor("document.querySelector('main svg.chart polyline')");
            // A layer choice shows its candidate's name beside its index, as in the notebook.
            assertEquals("1 conv5x5", browser.text("document.querySelector('#sample-table tr:first-child td').textContent"));
            browser.waitFor("document.querySelector('img.arch') && document.querySelector('img.arch').complete "
                    + "&& document.querySelector('img.arch').naturalWidth > 0");
            assertTrue(browser.text("document.getElementById('trial-log').textContent").contains("epoch 2: accuracy 0.75"));
            browser.screenshot(shots.resolve("dashboard-trial.png"));

            // Charts: the notebook's three charts, drawn by the server.
            browser.eval("location.hash = '#/e/exp-1/charts'");
            for (String chart : List.of("chart-metric", "chart-curves", "chart-choices")) {
                browser.waitFor("document.querySelector('#" + chart + " img') && document.querySelector('#" + chart + " img').complete "
                        + "&& document.querySelector('#" + chart + " img').naturalWidth > 0");
            }
            browser.screenshot(shots.resolve("dashboard-charts.png"));

            // Overview and controls: change the concurrency and stop the experiment from the page.
            browser.eval("location.hash = '#/e/exp-1'");
            browser.waitFor("document.getElementById('stop-button')");
            // Why trials failed, as the notebook's views say it: the error's first line as text, never
            // as markup, and a link to the trial it failed
            assertEquals("trial 3: java.lang.IllegalStateException: <img src=x onerror=\"document.title='pwned'\">",
                    browser.text("document.querySelector('#failures li').textContent"));
            assertEquals("#/e/exp-1/trials/3", browser.text("document.querySelector('#failures li a').getAttribute('href')"));
            assertEquals(0, browser.eval("document.querySelectorAll('#failures img').length").getAsInt());
            browser.waitFor("document.getElementById('progress').textContent === '3 / 10'");
            browser.screenshot(shots.resolve("dashboard-overview.png"));
            browser.eval("document.getElementById('concurrency-input').value = '3';"
                    + "document.getElementById('concurrency-input').dispatchEvent(new KeyboardEvent('keydown', {key: 'Enter'}))");
            DashboardHttpTest.waitFor(() -> source.concurrency == 3);
            browser.waitFor("document.getElementById('control-msg').textContent.includes('set to 3')");
            // A trial budget below the trials already submitted is refused, and the page says why.
            browser.eval("document.getElementById('max-trials-input').value = '2';"
                    + "document.getElementById('max-trials-apply').click()");
            browser.waitFor("document.getElementById('control-msg').textContent.includes('below the 5 trials already submitted')");
            assertEquals(10, source.maxTrials);
            // Results the store does not keep are said on every page of the experiment.
            source.storeProblem = "database locked by another process";
            source.intermediate(4, 0.3);
            browser.waitFor("document.getElementById('store-problem') && document.getElementById('store-problem')"
                    + ".textContent.includes('not being kept in the store: database locked by another process')");
            source.storeProblem = null;
            source.intermediate(4, 0.4);
            browser.waitFor("document.getElementById('store-problem') === null");
            // So are cancelled trials whose code still runs.
            source.runawayTrials = 2;
            source.intermediate(4, 0.5);
            browser.waitFor("document.getElementById('runaway-trials') && document.getElementById('runaway-trials')"
                    + ".textContent.includes('The code of 2 cancelled trials still runs')");
            source.runawayTrials = 0;
            source.intermediate(4, 0.6);
            browser.waitFor("document.getElementById('runaway-trials') === null");
            // A hidden page gives its event stream back (the server has few), and takes one again when shown.
            DashboardHttpTest.waitFor(() -> source.listeners.size() == 1);
            browser.eval(visibility("hidden"));
            DashboardHttpTest.waitFor(() -> source.listeners.isEmpty());
            browser.eval(visibility("visible"));
            DashboardHttpTest.waitFor(() -> source.listeners.size() == 1);
            browser.waitFor("document.getElementById('live').textContent === 'live'");
            browser.eval("window.confirm = () => true; document.getElementById('stop-button').click()");
            DashboardHttpTest.waitFor(() -> source.stopCalls.get() == 1);
            browser.waitFor("document.querySelector('#exp-status .badge').textContent === 'STOPPING'");
            source.succeed(4, 0.5);
            source.endExperiment(ExperimentStatus.STOPPED);
            browser.waitFor("document.querySelector('#exp-status .badge').textContent === 'STOPPED'");
            browser.waitFor("document.getElementById('stop-button').disabled");
            browser.waitFor("[...document.querySelectorAll('.card')].some(c => c.textContent.includes('ended: stopped by the user'))");

            // The list of stored experiments, and one of them viewed read-only.
            browser.eval("location.hash = '#/experiments'");
            browser.waitFor("document.querySelectorAll('#experiment-table tbody tr').length === 2");
            assertTrue(browser.text("document.querySelector('#experiment-table').textContent").contains("<b>old_search</b>"));
            browser.screenshot(shots.resolve("dashboard-experiments.png"));
            browser.eval("location.hash = '#/e/exp-0'");
            browser.waitFor("document.querySelector('#exp-status .badge') && document.querySelector('#exp-status .badge').textContent === 'DONE'");
            browser.waitFor("document.querySelector('.banner') && document.querySelector('.banner').textContent.includes('read-only')");
            assertEquals(true, browser.eval("document.getElementById('stop-button') === null").getAsBoolean());

            assertEquals(List.of(), browser.pageErrors());
        } finally {
            if (restarted != null) {
                restarted.close();
            }
        }
    }

    /** An address of no experiment says so, and no "reconnecting…" to a stream that will never come. */
    @Test
    void anUnknownExperimentIsAnErrorWithoutAReconnectingStream() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM), "headless Chromium not found at " + CHROMIUM);
        try (Dashboard dashboard = Dashboard.builder().optSource(new FakeSource("exp-1", false)).build();
                HeadlessChromium browser = HeadlessChromium.launch(CHROMIUM)) {
            browser.navigate(dashboard.url() + "#/e/nope/trials");
            browser.waitFor("document.querySelector('.banner.err') !== null");
            assertTrue(browser.text("document.querySelector('.banner.err').textContent").contains("nope"),
                    browser.text("document.querySelector('.banner.err').textContent"));
            Thread.sleep(1500);
            assertEquals("", browser.text("document.querySelector('#live').textContent"));
            browser.navigate(dashboard.url() + "#/e/exp-1");
            browser.waitFor("document.querySelector('#live').textContent === 'live'");
            assertEquals("id, name, strategy, trialConcurrency, maxTrials, maxDuration, direction, seed",
                    browser.text("[...document.querySelectorAll('table.kv th')].map(e => e.textContent).join(', ')"),
                    "each setting once: the configuration's direction, not a second one");
        }
    }

    /**
     * Training within an epoch sends no event: while the overview shows running trials' progress it
     * re-reads it, and the Running card names each trial with its epoch, the share done and a bar.
     */
    @Test
    void theRunningCardFollowsEachTrialWithinItsEpoch() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM), "headless Chromium not found at " + CHROMIUM);
        FakeSource source = new FakeSource("exp-1", false);
        source.startTrial(1);
        source.startTrial(2);
        source.trainingProgress = Map.of(1L, new TrainingProgress(4, 1, 16, 64), 2L, TrainingProgress.before(4));
        // a search that may run 10 minutes, 2 of them gone
        source.maxDuration = Optional.of(Duration.ofMinutes(10));
        source.deadline = Optional.of(Instant.now().plus(Duration.ofMinutes(8)));
        try (Dashboard dashboard = Dashboard.builder().optSource(source).build();
                HeadlessChromium browser = HeadlessChromium.launch(CHROMIUM)) {
            browser.navigate(dashboard.url() + "#/e/exp-1");
            browser.waitFor("document.querySelectorAll('.training > .sub').length === 2");
            String elapsedCard = "[...document.querySelectorAll('.card')].find(c => c.querySelector('.label').textContent === 'Elapsed')";
            assertTrue(browser.text(elapsedCard + ".querySelector('.sub').textContent").startsWith("of 10m 0s · since "),
                    browser.text(elapsedCard + ".textContent"));
            double gone = Double.parseDouble(browser.text(elapsedCard + ".querySelector('.time-gone').style.width").replace("%", ""));
            assertTrue(gone >= 19.9 && gone < 22, "2 of 10 minutes gone: " + gone);
            String rows = "[...document.querySelectorAll('.training > .sub')].map(e => e.textContent + ' ' + "
                    + "e.querySelector('.bar > div').style.width).join(' | ')";
            assertEquals("trial 1 · epoch 2/4: 25 % 31.25% | trial 2 · epoch 1/4: 0 % 0%", browser.text(rows));
            assertEquals("3.125%", browser.text("document.querySelector('#progress').closest('.card')"
                    + ".querySelector('.bar > div').style.width"), "the share of 10 trials: 1.25 epochs of 4");
            // past the reload that follows the stream's connection: from here only the overview's re-reading shows a change
            browser.waitFor("document.querySelector('#live').classList.contains('on')");
            Thread.sleep(1000);
            source.trainingProgress = Map.of(1L, new TrainingProgress(4, 1, 48, 64), 2L, new TrainingProgress(4, 0, 1, 64));
            browser.waitFor("document.querySelector('.training > .sub').textContent.endsWith('75 %')");
            assertTrue(browser.text(rows).startsWith("trial 1 · epoch 2/4: 75 % 43.75% | trial 2 · epoch 1/4: 2 %"), browser.text(rows));

            // the trial's own page: a training row with a bar, re-read as it moves
            browser.navigate(dashboard.url() + "#/e/exp-1/trials/1");
            browser.waitFor("document.querySelector('#trial-progress') !== null");
            String row = "document.querySelector('#trial-progress').textContent + ' '"
                    + " + document.querySelector('#trial-progress .bar > div').style.width";
            assertEquals("trainingepoch 2/4: 75 % 43.75%", browser.text(row));
            Thread.sleep(1000);
            source.trainingProgress = Map.of(1L, new TrainingProgress(4, 2, 32, 64));
            browser.waitFor("document.querySelector('#trial-progress').textContent.endsWith('3/4: 50 %')");
            assertEquals("trainingepoch 3/4: 50 % 62.5%", browser.text(row));

            // the trials table: each running trial's share of its training beside its status
            browser.navigate(dashboard.url() + "#/e/exp-1/trials");
            String statuses = "[...document.querySelectorAll('tr[data-trial] td.status')].map(e => e.textContent).join(' | ')";
            browser.waitFor("document.querySelectorAll('tr[data-trial] td.status .training').length === 1");
            assertEquals("RUNNING 63 % | RUNNING", browser.text(statuses), "trial 2 reports no progress now");
            Thread.sleep(1000);
            source.trainingProgress = Map.of(1L, new TrainingProgress(4, 3, 64, 64), 2L, new TrainingProgress(4, 0, 32, 64));
            browser.waitFor("document.querySelector('tr[data-trial] td.status').textContent.endsWith('100 %')");
            assertEquals("RUNNING 100 % | RUNNING 13 %", browser.text(statuses));
        }
    }
}
