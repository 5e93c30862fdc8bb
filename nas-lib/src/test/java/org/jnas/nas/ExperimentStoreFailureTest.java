package org.jnas.nas;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.jnas.nas.internal.store.ExperimentStore;
import org.jnas.nas.internal.store.StoredExperiment;
import org.jnas.nas.results.ExperimentStatus;
import org.jnas.nas.strategy.Strategy;
import org.jnas.nas.results.StoreException;
import org.jnas.nas.testing.ChildJvm;
import org.jnas.nas.testing.CorruptStore;
import org.jnas.nas.testing.SqliteLockHolder;
import org.jnas.nas.testing.Unwritable;
import org.jnas.nas.trial.TrialEvaluator;
import org.jnas.nas.trial.TrialStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Experiments whose store cannot be written: locked by another process, read-only, under a home
 * that cannot be created. The search goes on, the notebook sees that its results are not kept and
 * why, and what was held back is written, all of it, as soon as the store can be written.
 */
class ExperimentStoreFailureTest {
    @TempDir
    Path home;

    private final CountDownLatch thirdTrialWaits = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);

    /** Four trials, one at a time, each reporting an intermediate result; the third then waits for {@link #release}. */
    private Experiment gated(Path home) {
        Experiment exp = Experiment.create(Quickstart.space(), TrialEvaluator.functional(trial -> {
            trial.reportIntermediate(Quickstart.score(trial.sample()) / 2);
            if (trial.id() == 3) {
                thirdTrialWaits.countDown();
                release.await();
            }
            trial.reportFinal(Quickstart.score(trial.sample()));
        }), Strategy.random());
        exp.config().name("held").trialConcurrency(1).maxTrials(4).seed(5).home(home);
        return exp;
    }

    @Test
    void aLockHeldByAnotherProcessIsShownAndWhatWasHeldBackIsWrittenOnceItIsReleased() throws Exception {
        ExperimentStore.open(home).close();
        Experiment exp = gated(home);
        try (ChildJvm.Running other = ChildJvm.create(SqliteLockHolder.class,
                home.resolve(ExperimentStore.FILE_NAME).toString()).start(); exp) {
            other.awaitLine("locked"::equals);
            exp.start(); // waits out the busy timeout, then searches with its results held in memory
            thirdTrialWaits.await();
            assertNotKept(exp, "database locked by another process");
            assertEquals(List.of(), Experiment.list(home).summaries(), "nothing written while the lock is held");
            exp.config().maxTrials(5); // a change while held back

            other.send("commit");
            other.awaitLine("released"::equals);
            awaitKept(exp);
            StoredExperiment soFar = load(exp.id());
            assertEquals(ExperimentStatus.RUNNING, soFar.status());
            assertEquals(exp.trials(), soFar.trials(), "every trial so far, with its intermediates");
            assertEquals(List.of(TrialStatus.SUCCEEDED, TrialStatus.SUCCEEDED, TrialStatus.RUNNING),
                    soFar.trials().stream().map(t -> t.status()).toList());
            assertEquals(2, soFar.strategyCalls().stream().filter(c -> c.startsWith("{\"end\"")).count(),
                    "the strategy's state after the trials that ended: its calls up to the second end");
            assertEquals(5, soFar.info().config().get("maxTrials").getAsInt());

            release.countDown();
            exp.run();
            assertKeptToTheEnd(exp);
        }
    }

    @Test
    void aHomeThatCannotBeCreatedIsShownAndTheStoreIsWrittenOnceItCanBe() throws Exception {
        Path blocker = Files.writeString(home.resolve("blocker"), "a file where the home's parent should be");
        Path unreachable = blocker.resolve("jnas");
        try (Experiment exp = gated(unreachable)) {
            exp.start();
            thirdTrialWaits.await();
            assertNotKept(exp, "JNAS home cannot be created");

            Files.delete(blocker);
            awaitKept(exp);
            assertEquals(exp.trials(), load(unreachable, exp.id()).trials());
            release.countDown();
            exp.run();
            assertEquals(ExperimentStatus.DONE, load(unreachable, exp.id()).status());
            assertEquals(exp.trials(), load(unreachable, exp.id()).trials());
        }
    }

    @Test
    void aReadOnlyDatabaseIsShownToTheEndAndLeftAsItWas() throws Exception {
        ExperimentStore.open(home).close();
        Path db = home.resolve(ExperimentStore.FILE_NAME);
        byte[] before = Files.readAllBytes(db);
        try (Unwritable readOnly = Unwritable.make(db, home); Experiment exp = gated(home)) {
            release.countDown();
            exp.run();
            assertEquals(ExperimentStatus.DONE, exp.status());
            assertEquals(4, exp.trials().stream().filter(t -> t.status() == TrialStatus.SUCCEEDED).count());
            assertEquals(Optional.of("database file is read-only"), exp.storeProblem());
            String said = "DONE  results not kept: database file is read-only";
            assertTrue(exp.progress().line().endsWith(said), exp.progress().line());
            assertTrue(exp.fullHtml().contains("results not kept: database file is read-only"), "the final view says it");
        }
        assertArrayEquals(before, Files.readAllBytes(db));
        assertEquals(List.of(), Experiment.list(home).summaries());
    }

    @Test
    void anUnwritableHomeIsShownToTheEnd() throws Exception {
        try (Unwritable readOnly = Unwritable.make(home); Experiment exp = gated(home)) {
            release.countDown();
            exp.run();
            assertEquals(ExperimentStatus.DONE, exp.status());
            assertEquals(Optional.of("JNAS home is not writable"), exp.storeProblem());
            assertTrue(exp.text().contains("DONE  results not kept: JNAS home is not writable"), exp.text());
            // and the dashboard, whose pages show it in a banner
            String overview = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(exp.dashboard(0).url()
                    + "api/experiments/" + exp.id())).build(), HttpResponse.BodyHandlers.ofString()).body();
            assertTrue(overview.contains("\"storeProblem\":\"JNAS home is not writable\""), overview);
        }
        assertFalse(Files.exists(home.resolve(ExperimentStore.FILE_NAME)));
    }

    @Test
    void aPartlyCorruptDatabaseIsRefusedVisiblyAndLeftAsItWas() throws Exception {
        Path db = CorruptStore.partly(home);
        byte[] before = Files.readAllBytes(db);
        StoreException listed = assertThrows(StoreException.class, () -> Experiment.list(home));
        assertTrue(listed.getMessage().contains("corrupt or not a SQLite database"), listed.getMessage());
        try (Experiment exp = gated(home)) {
            release.countDown();
            exp.run();
            assertEquals(4, exp.trials().stream().filter(t -> t.status() == TrialStatus.SUCCEEDED).count());
            assertEquals(Optional.of("database corrupt"), exp.storeProblem());
            assertTrue(exp.progress().line().endsWith("DONE  results not kept: database corrupt"), exp.progress().line());
        }
        assertArrayEquals(before, Files.readAllBytes(db), "nothing written into the damaged file");
    }

    /** Says, in the status, the progress line, the live and the final view and the text, that results are not kept. */
    private static void assertNotKept(Experiment exp, String why) {
        assertEquals(Optional.of(why), exp.storeProblem());
        assertEquals(ExperimentStatus.RUNNING, exp.status(), "the search goes on");
        String said = "results not kept: " + why;
        assertTrue(exp.progress().line().endsWith("RUNNING  " + said), exp.progress().line());
        assertTrue(exp.liveHtml().contains(said), exp.liveHtml());
        assertTrue(exp.fullHtml().contains(said), exp.fullHtml());
        assertTrue(exp.text().contains(said), exp.text());
    }

    private void assertKeptToTheEnd(Experiment exp) {
        assertEquals(ExperimentStatus.DONE, exp.status());
        assertEquals(Optional.empty(), exp.storeProblem());
        assertFalse(exp.text().contains("not kept"), exp.text());
        StoredExperiment stored = load(exp.id());
        assertEquals(ExperimentStatus.DONE, stored.status());
        assertEquals(5, stored.trials().size());
        assertEquals(exp.trials(), stored.trials());
    }

    /** Waits until the retries in the background have written what was held back. */
    private static void awaitKept(Experiment exp) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (exp.storeProblem().isPresent()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("still not kept after a minute: " + exp.storeProblem().get());
            }
            Thread.sleep(10);
        }
    }

    private StoredExperiment load(String id) {
        return load(home, id);
    }

    private static StoredExperiment load(Path home, String id) {
        try (ExperimentStore store = ExperimentStore.open(home)) {
            return store.load(id);
        }
    }
}
