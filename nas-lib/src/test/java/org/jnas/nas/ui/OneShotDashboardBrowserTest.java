package org.jnas.nas.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jnas.nas.DevicePolicy;
import org.jnas.nas.Experiment;
import org.jnas.nas.OneShotExperimentTest;
import org.jnas.nas.oneshot.OneShot;
import org.jnas.nas.results.ExperimentListener;
import org.jnas.nas.strategy.Strategy;
import org.jnas.nas.trial.TrainingProgress;
import org.jnas.nas.trial.TrialRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A one-shot search's dashboard in headless Chromium: the supernet per epoch, the ranking, the probability chart. */
@Timeout(120)
class OneShotDashboardBrowserTest {
    private static final Path CHROMIUM = Path.of(System.getProperty("jnas.chromium", "/usr/bin/chromium"));

    @Test
    void overviewShowsTheSupernetTheRankingAndTheProbabilities(@TempDir Path home) throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM), "headless Chromium not found at " + CHROMIUM
                + ": install the Debian package 'chromium' (CI does) or pass -Djnas.chromium=<path>");
        try (Experiment exp = Experiment.create(OneShotExperimentTest.SPACE, OneShotExperimentTest.evaluator(400),
                OneShot.darts().epochs(2))) {
            exp.config().home(home).devicePolicy(DevicePolicy.CPU);
            exp.run();
            try (Dashboard dashboard = exp.dashboard(0); HeadlessChromium browser = HeadlessChromium.launch(CHROMIUM)) {
                browser.navigate(dashboard.url() + "#/e/" + exp.id());
                browser.waitFor("document.querySelectorAll('#architecture-ranking tbody tr').length === 4");
                assertEquals(2, browser.eval("document.querySelectorAll('#supernet-epochs tbody tr').length").getAsInt(),
                        "one row per epoch");
                assertEquals("Supernet (2 of 2 epochs)", browser.text("document.querySelector('#one-shot h2').textContent"),
                        "how far the search is");
                assertEquals("2 / 2|supernet epochs done", browser.text("document.querySelector('#progress').textContent + '|'"
                        + " + document.querySelector('#progress').closest('.card').querySelector('.sub').textContent"),
                        "the progress card counts the supernet's epochs, not its one trial of an unbounded budget");
                assertEquals("Epoch|step|accuracy|architecture_loss|loss|train_loss", browser.text(
                        "Array.from(document.querySelectorAll('#supernet-epochs thead th')).map((th) => th.textContent).join('|')"),
                        "the steps beside the epochs, the metrics in one order; no probability or max_epochs column");
                String first = browser.text("document.querySelector('#architecture-ranking tbody tr td:last-child').textContent");
                String last = browser.text("document.querySelector('#architecture-ranking tbody tr:last-child td:last-child').textContent");
                assertTrue(Double.parseDouble(first) >= Double.parseDouble(last), first + " then " + last);
                browser.waitFor("document.querySelector('#chart-probabilities img').complete"
                        + " && document.querySelector('#chart-probabilities img').naturalWidth > 0");
                assertEquals("auto", browser.text("getComputedStyle(document.querySelector('#supernet-tables')).overflowX"),
                        "a ranking with a column per label scrolls within its half instead of running under the chart");
                assertEquals("Trial|Metric|Duration", browser.text("Array.from(document.querySelectorAll('.panel.scroll thead th'))"
                        + ".map((th) => th.textContent).join('|')"), "no empty label columns for the supernet's trial");
                assertEquals(0, browser.eval("document.querySelectorAll('.banner.err').length").getAsInt(), "no error shown");
                browser.screenshot(Path.of("target").resolve("dashboard-one-shot.png"));
            }
        }
    }

    /** Before the supernet's first epoch ends nothing in its trial says how many there are: the search does. */
    @Test
    void beforeItsFirstEpochTheProgressCardCountsTheEpochsToCome() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM), "headless Chromium not found at " + CHROMIUM);
        FakeSource source = new FakeSource("exp-1", false);
        source.supernetProgress = Optional.of(TrainingProgress.before(12));
        source.startTrial(1);
        try (Dashboard dashboard = Dashboard.builder().optSource(source).build();
                HeadlessChromium browser = HeadlessChromium.launch(CHROMIUM)) {
            browser.navigate(dashboard.url() + "#/e/exp-1");
            browser.waitFor("document.querySelector('#progress') !== null");
            assertEquals("0 / 12|supernet epochs done", browser.text("document.querySelector('#progress').textContent + '|'"
                    + " + document.querySelector('#progress').closest('.card').querySelector('.sub').textContent"));
            assertSupernetControls(browser);
        }
    }

    /** A supernet epoch takes minutes on real data: the card counts its steps, and its bar moves with them. */
    @Test
    void withinAnEpochTheProgressCardCountsItsSteps() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM), "headless Chromium not found at " + CHROMIUM);
        FakeSource source = new FakeSource("exp-1", false);
        source.supernetProgress = Optional.of(new TrainingProgress(4, 0, 32, 64));
        source.startTrial(1);
        try (Dashboard dashboard = Dashboard.builder().optSource(source).build();
                HeadlessChromium browser = HeadlessChromium.launch(CHROMIUM)) {
            browser.navigate(dashboard.url() + "#/e/exp-1");
            browser.waitFor("document.querySelector('#progress') !== null");
            assertEquals("0 / 4|supernet epochs done · epoch 1: 32 / 64 steps", browser.text(
                    "document.querySelector('#progress').textContent + '|'"
                    + " + document.querySelector('#progress').closest('.card').querySelector('.sub').textContent"));
            assertEquals("12.5%", browser.text("document.querySelector('#progress').closest('.card')"
                    + ".querySelector('.bar > div').style.width"), "half of the first of four epochs");
        }
    }

    /** A supernet's search is one trial: the controls offer a stop, not a trial budget or concurrency. */
    private static void assertSupernetControls(HeadlessChromium browser) throws Exception {
        browser.waitFor("document.querySelector('#stop-button') !== null");
        assertEquals(0, browser.eval("document.querySelectorAll('#max-trials-input, #concurrency-input').length").getAsInt(),
                "no trial budget or concurrency to change");
    }

    @Test
    void whileTheSupernetTrainsTheBestMetricIsItsLatestEpochs(@TempDir Path home) throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM), "headless Chromium not found at " + CHROMIUM);
        CountDownLatch checked = new CountDownLatch(1);
        try (Experiment exp = Experiment.create(OneShotExperimentTest.SPACE, OneShotExperimentTest.evaluator(400),
                OneShot.darts().epochs(2))) {
            exp.config().home(home).devicePolicy(DevicePolicy.CPU);
            CountDownLatch firstEpoch = new CountDownLatch(1);
            exp.addListener(new ExperimentListener() {
                @Override
                public void onIntermediate(TrialRecord trial) {
                    firstEpoch.countDown();
                    try {
                        checked.await(60, TimeUnit.SECONDS); // holds the supernet after epoch 1, before any final result
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            });
            exp.start();
            assertTrue(firstEpoch.await(60, TimeUnit.SECONDS));
            try (Dashboard dashboard = exp.dashboard(0); HeadlessChromium browser = HeadlessChromium.launch(CHROMIUM)) {
                browser.navigate(dashboard.url() + "#/e/" + exp.id());
                browser.waitFor("document.querySelectorAll('#supernet-epochs tbody tr').length === 1");
                String best = browser.text("Array.from(document.querySelectorAll('.card'))"
                        + ".filter((c) => c.textContent.startsWith('Best metric'))"
                        + ".map((c) => c.querySelector('.value').textContent + '|' + c.querySelector('.sub').textContent)[0]");
                assertTrue(best.matches("0\\.\\d+\\|supernet after epoch 1"),
                        "no trial has a final metric yet; the supernet's latest epoch stands in: " + best);
                assertSupernetControls(browser);
            } finally {
                checked.countDown();
            }
            assertTrue(exp.await(Duration.ofSeconds(60)));
        }
    }

    @Test
    void randomOneShotsOverviewRanksByInheritedAccuracyWithoutAProbabilityChart(@TempDir Path home) throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM), "headless Chromium not found at " + CHROMIUM);
        try (Experiment exp = Experiment.create(OneShotExperimentTest.SPACE, OneShotExperimentTest.evaluator(400),
                OneShot.randomOneShot().epochs(1).architectures(3).proposeWith(Strategy.random()))) {
            exp.config().home(home).devicePolicy(DevicePolicy.CPU);
            exp.run();
            try (Dashboard dashboard = exp.dashboard(0); HeadlessChromium browser = HeadlessChromium.launch(CHROMIUM)) {
                browser.navigate(dashboard.url() + "#/e/" + exp.id());
                browser.waitFor("document.querySelectorAll('#architecture-ranking tbody tr').length === 3");
                assertEquals("Inherited accuracy",
                        browser.text("document.querySelector('#architecture-ranking thead th:last-child').textContent"));
                String first = browser.text("document.querySelector('#architecture-ranking tbody tr td:last-child').textContent");
                String last = browser.text("document.querySelector('#architecture-ranking tbody tr:last-child td:last-child').textContent");
                assertTrue(Double.parseDouble(first) >= Double.parseDouble(last), first + " then " + last);
                assertEquals(0, browser.eval("document.querySelectorAll('#chart-probabilities').length").getAsInt(),
                        "no probabilities to chart");
            }
        }
    }
}
