package org.jnas.nas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jnas.nas.internal.CodeStopper;
import org.jnas.nas.results.ExperimentProgress;
import org.jnas.nas.strategy.Strategy;
import org.jnas.nas.testing.EnumerateStrategy;
import org.jnas.nas.testing.FakeSpace;
import org.jnas.nas.trial.TrialEvaluator;
import org.jnas.nas.trial.TrialRecord;
import org.jnas.nas.trial.TrialStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cancelled trial whose evaluator ignores both its stop request and the interrupt: in a plain
 * Java program nothing can stop its code, and the trial and the progress say that it still runs;
 * where a {@link CodeStopper} host can stop it (the notebook kernel, for code defined in cells), it
 * is stopped and its thread is free for the next trial.
 */
@Timeout(30)
class RunawayTrialTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path home;

    /** Released by the test so that the runaway loop ends; nothing else makes it. */
    private static volatile boolean release;

    private Experiment experiment(TrialEvaluator evaluator, Strategy strategy) {
        Experiment exp = Experiment.create(new FakeSpace(), FakeSpace::build, evaluator, strategy);
        exp.config().name("runaway").devicePolicy(DevicePolicy.CPU).stopGracePeriod(Duration.ofMillis(200))
                .maxTrials(1).home(home);
        return exp;
    }

    @Test
    void aRunawayEvaluatorWithoutAHostIsReportedAsStillRunning() throws Exception {
        release = false;
        CountDownLatch running = new CountDownLatch(1);
        TrialEvaluator runaway = trial -> {
            running.countDown();
            long z = 0;
            while (!release) { // ignores isStopRequested() and the interrupt, as `while (true) z++;` does
                z++;
            }
            trial.log("spun %d times", z);
        };
        try (Experiment exp = experiment(runaway, new EnumerateStrategy())) {
            exp.start();
            assertTrue(running.await(5, TimeUnit.SECONDS));
            exp.stop();
            assertTrue(exp.await(WAIT), "the runaway trial is cancelled after the grace period");
            TrialRecord trial = exp.trials().get(0);
            assertEquals(TrialStatus.CANCELLED, trial.status());
            String error = trial.error().orElse("");
            assertTrue(error.contains("its code still runs (thread jnas-trial-1)"), error);
            ExperimentProgress progress = exp.progress();
            assertEquals(1, progress.runawayTrials());
            assertTrue(progress.line().contains("code of 1 cancelled trial still runs"), progress.line());
            assertTrue(exp.text().contains("code of 1 cancelled trial still runs"), exp.text());
            assertTrue(exp.fullHtml().contains("jnas-runaway"), "the final view says it");
            assertTrue(dashboardOverview(exp).contains("\"runawayTrials\":1"), "and so does the dashboard");

            release = true;
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (exp.runawayTrials() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertEquals(0, exp.runawayTrials(), "the count follows the thread once its code ends");
            assertFalse(exp.progress().line().contains("still runs"), exp.progress().line());
        } finally {
            release = true;
        }
    }

    @Test
    void aHostStopsTheCodeOfTheTrialsThreadAndThenLetsTheThreadGo() throws Exception {
        List<Thread> stopped = new CopyOnWriteArrayList<>();
        List<Thread> withdrawn = new CopyOnWriteArrayList<>();
        // As the kernel does for cell code: a stopped thread throws at its next check point.
        CodeStopper.install(new CodeStopper.Host() {
            @Override
            public void stop(Thread thread) {
                stopped.add(thread);
            }

            @Override
            public void withdraw(Thread thread) {
                withdrawn.add(thread);
            }
        });
        CountDownLatch running = new CountDownLatch(1);
        TrialEvaluator stoppable = trial -> {
            running.countDown();
            while (true) {
                if (stopped.contains(Thread.currentThread()) && !withdrawn.contains(Thread.currentThread())) {
                    throw new ThreadDeath();
                }
            }
        };
        try (Experiment exp = experiment(stoppable, new EnumerateStrategy())) {
            exp.start();
            assertTrue(running.await(5, TimeUnit.SECONDS));
            exp.stop();
            assertTrue(exp.await(WAIT));
            TrialRecord trial = exp.trials().get(0);
            assertEquals(TrialStatus.CANCELLED, trial.status());
            assertTrue(trial.error().orElse("").contains("it was interrupted and has ended"), trial.error().orElse(""));
            assertEquals(0, exp.runawayTrials());
            assertEquals(1, stopped.size());
            assertEquals(stopped, withdrawn, "the pool's thread goes on to the next trial unstopped");
        } finally {
            CodeStopper.install(new CodeStopper.Host() {
                @Override
                public void stop(Thread thread) {
                }

                @Override
                public void withdraw(Thread thread) {
                }
            });
        }
    }

    /** The dashboard's overview of the experiment, as the page reads it. */
    private static String dashboardOverview(Experiment exp) throws Exception {
        URI uri = URI.create(exp.dashboard(0).url() + "api/experiments/" + exp.id());
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }
}
