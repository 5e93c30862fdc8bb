package org.jnas.nas.internal.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.util.Optional;
import org.jnas.nas.strategy.StrategyState;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.Optional;
import org.jnas.nas.trial.Direction;
import org.jnas.nas.results.ExperimentStatus;
import org.jnas.nas.trial.TrialRecord;
import org.jnas.nas.trial.TrialStatus;
import org.jnas.nas.testing.CorruptStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.jnas.nas.results.ExperimentSummary;
import org.jnas.nas.results.StoreException;
import org.jnas.nas.results.UnknownExperimentException;

class ExperimentStoreTest {
    @TempDir
    Path home;

    private final List<StoreException> errors = new CopyOnWriteArrayList<>();

    @Test
    void choicesStoredBeforeCandidatesHadNamesReadWithoutNames() {
        List<org.jnas.nas.space.Choice> read = Json.choices("[{\"label\":\"conv2\",\"kind\":\"LAYER\",\"candidates\":[0,1]}]");
        assertEquals(List.of("", ""), read.get(0).names());
        assertFalse(read.get(0).hasNames());
        assertEquals("1", read.get(0).describe(1L));
        assertFalse(Json.choices(List.of(read.get(0))).contains("names"), "no names, no key");
    }

    @Test
    void roundTripsAnExperimentWithTrialsIntermediatesAndStrategyState() {
        StrategyState state = StrategyState.of("{\"seen\":2}");
        TrialRecord t1 = StoreFixtures.running(1, 3);
        TrialRecord t2 = StoreFixtures.running(2, 1);
        try (ExperimentStore store = ExperimentStore.open(home)) {
            ExperimentJournal journal = store.create(StoreFixtures.info("abc", Direction.MAXIMIZE), errors::add);
            journal.trial(t1);
            journal.intermediate(t1);
            journal.trialEnded(StoreFixtures.ended(t1, TrialStatus.SUCCEEDED, 0.9), List.of("{\"ask\":1}", "{\"end\":1}"));
            journal.trial(t2);
            journal.strategySaved(state);
            journal.trialEnded(StoreFixtures.ended(t2, TrialStatus.FAILED, 0), List.of("{\"end\":2}"));
            journal.experimentEnded(ExperimentStatus.DONE);
        }
        try (ExperimentStore store = ExperimentStore.open(home)) {
            StoredExperiment exp = store.load("abc");
            assertEquals(ExperimentStatus.DONE, exp.status());
            ExperimentInfo info = StoreFixtures.info("abc", Direction.MAXIMIZE);
            assertEquals(List.of(info.name(), info.config(), info.spaceName(), info.strategyName(), info.direction()),
                    List.of(exp.info().name(), exp.info().config(), exp.info().spaceName(), exp.info().strategyName(),
                            exp.info().direction()));
            // JSON brings integers back as Long: candidates compare by value, as Choice.indexOf does
            assertEquals(info.choices().size(), exp.info().choices().size());
            for (int i = 0; i < info.choices().size(); i++) {
                assertEquals(info.choices().get(i).label(), exp.info().choices().get(i).label());
                assertEquals(info.choices().get(i).kind(), exp.info().choices().get(i).kind());
                assertEquals(info.choices().get(i).names(), exp.info().choices().get(i).names());
                for (int k = 0; k < info.choices().get(i).size(); k++) {
                    assertEquals(k, exp.info().choices().get(i).indexOf(info.choices().get(i).candidates().get(k)));
                }
            }
            assertEquals(Optional.of(state), exp.strategyState());
            assertEquals(List.of("{\"end\":2}"), exp.strategyCalls(), "a whole state replaces the calls before it");
            assertEquals(List.of(StoreFixtures.ended(t1, TrialStatus.SUCCEEDED, 0.9),
                    StoreFixtures.ended(t2, TrialStatus.FAILED, 0)), exp.trials());
            assertTrue(!exp.ended().orElseThrow().isBefore(exp.created()));
            assertEquals(1, Direction.MAXIMIZE.best(exp.trials(), 1).get(0).id());
        }
        assertEquals(List.of(), errors);
    }

    @Test
    void listsSummariesWithCountsAndBestMetricInTheDirection() {
        try (ExperimentStore store = ExperimentStore.open(home)) {
            ExperimentJournal max = store.create(StoreFixtures.info("max", Direction.MAXIMIZE), errors::add);
            ExperimentJournal min = store.create(StoreFixtures.info("min", Direction.MINIMIZE), errors::add);
            for (long i = 1; i <= 3; i++) {
                TrialRecord t = StoreFixtures.running(i, 1);
                max.trialEnded(StoreFixtures.ended(t, TrialStatus.SUCCEEDED, 0.5 + i / 10.0), List.of());
                min.trialEnded(StoreFixtures.ended(t, TrialStatus.SUCCEEDED, 0.5 + i / 10.0), List.of());
            }
            max.trial(StoreFixtures.running(4, 0));
            min.trialEnded(StoreFixtures.ended(StoreFixtures.running(4, 0), TrialStatus.FAILED, 0), List.of());
            max.experimentEnded(ExperimentStatus.STOPPED);

            List<ExperimentSummary> list = store.list();
            assertEquals(List.of("max", "min"), list.stream().map(ExperimentSummary::id).toList());
            ExperimentSummary a = list.get(0);
            assertEquals(ExperimentStatus.STOPPED, a.status());
            assertEquals(4, a.trials());
            assertEquals(3, a.succeeded());
            assertEquals(1, a.running());
            assertEquals(0.8, a.bestMetric().orElseThrow(), 1e-12);
            ExperimentSummary b = list.get(1);
            assertEquals(ExperimentStatus.RUNNING, b.status(), "owned by this live JVM");
            assertEquals(1, b.failed());
            assertEquals(0.6, b.bestMetric().orElseThrow(), 1e-12);
        }
        assertEquals(List.of(), errors);
    }

    @Test
    void runningExperimentWhoseProcessIsGoneReadsCrashedAndCanBeResumed() throws Exception {
        try (ExperimentStore store = ExperimentStore.open(home)) {
            ExperimentJournal journal = store.create(StoreFixtures.info("dead", Direction.MAXIMIZE), errors::add);
            TrialRecord t1 = StoreFixtures.running(1, 2);
            journal.trialEnded(StoreFixtures.ended(t1, TrialStatus.SUCCEEDED, 0.7), List.of());
            TrialRecord t2 = StoreFixtures.running(2, 0);
            journal.trial(t2);
            journal.intermediate(StoreFixtures.running(2, 1));
        }
        // hand the experiment to a process that has since exited
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        sql("UPDATE experiments SET owner_pid = " + gone.pid());

        try (ExperimentStore store = ExperimentStore.open(home)) {
            assertEquals(ExperimentStatus.CRASHED, store.list().get(0).status());
            StoredExperiment exp = store.load("dead");
            assertEquals(ExperimentStatus.CRASHED, exp.status());
            TrialRecord interrupted = exp.trials().get(1);
            assertEquals(TrialStatus.CANCELLED, interrupted.status());
            assertTrue(interrupted.error().orElse("").contains("process running the experiment died"), interrupted.error().orElse(""));
            assertEquals(1, interrupted.intermediates().size(), "the intermediate reported before the crash is kept");

            ExperimentJournal resumed = store.reopen("dead", store.load("dead").trials().size(), errors::add);
            StoredExperiment takenOver = store.load("dead");
            assertEquals(ExperimentStatus.RUNNING, takenOver.status());
            assertEquals(interrupted, takenOver.trials().get(1), "the interrupted trial is written CANCELLED, as it was read");
            resumed.trialEnded(StoreFixtures.ended(StoreFixtures.running(3, 1), TrialStatus.SUCCEEDED, 0.95), List.of());
            resumed.experimentEnded(ExperimentStatus.DONE);
            StoredExperiment done = store.load("dead");
            assertEquals(ExperimentStatus.DONE, done.status());
            assertEquals(List.of(1L, 2L, 3L), done.trials().stream().map(TrialRecord::id).toList());
            assertEquals(3, Direction.MAXIMIZE.best(done.trials(), 1).get(0).id());
        }
        assertEquals(List.of(), errors);
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void experimentOfAZombieProcessReadsCrashedAndCanBeResumed() throws Exception {
        try (ExperimentStore store = ExperimentStore.open(home)) {
            store.create(StoreFixtures.info("zombie", Direction.MAXIMIZE), errors::add);
        }
        // "sleep 0" exits at once, and its parent, exec'd into "sleep 60", never reaps it
        Process parent = new ProcessBuilder("sh", "-c", "sleep 0 & exec sleep 60").start();
        try {
            ProcessHandle zombie = zombieChildOf(parent);
            assertTrue(zombie.isAlive(), "the JDK counts a zombie as alive: what the store must not trust");
            ownedBy(zombie);
            try (ExperimentStore store = ExperimentStore.open(home)) {
                assertEquals(ExperimentStatus.CRASHED, store.list().get(0).status());
                store.reopen("zombie", store.load("zombie").trials().size(), errors::add);
                assertEquals(ExperimentStatus.RUNNING, store.load("zombie").status());
            }
            ownedBy(parent.toHandle()); // a live process (asleep) still owns its experiment
            try (ExperimentStore store = ExperimentStore.open(home)) {
                assertEquals(ExperimentStatus.RUNNING, store.list().get(0).status());
            }
        } finally {
            parent.destroyForcibly().waitFor();
        }
        assertEquals(List.of(), errors);
    }

    private void ownedBy(ProcessHandle process) throws Exception {
        sql("UPDATE experiments SET owner_pid = " + process.pid() + ", owner_start = "
                + process.info().startInstant().orElseThrow().toEpochMilli());
    }

    /** The child of {@code parent} once it has exited (state Z in {@code /proc/<pid>/stat}). */
    private static ProcessHandle zombieChildOf(Process parent) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            for (ProcessHandle child : parent.children().toList()) {
                try {
                    if (Files.readString(Path.of("/proc", child.pid() + "", "stat")).contains(") Z ")) {
                        return child;
                    }
                } catch (NoSuchFileException e) {
                    // reaped meanwhile: look again
                }
            }
            Thread.sleep(10);
        }
        throw new AssertionError("process " + parent.pid() + " has no zombie child after 30 s");
    }

    @Test
    void catchUpWritesEverythingHeldBackAtOnceAndRefusesAnExperimentRunningElsewhere() throws Exception {
        TrialRecord t1 = StoreFixtures.ended(StoreFixtures.running(1, 2), TrialStatus.SUCCEEDED, 0.8);
        TrialRecord t2 = StoreFixtures.running(2, 1);
        StrategyState state = StrategyState.of("{\"seen\":2}");
        StoredExperiment everything = new StoredExperiment(StoreFixtures.info("held", Direction.MAXIMIZE),
                ExperimentStatus.RUNNING, Instant.parse("2026-01-02T03:00:00Z"), Optional.empty(), Optional.of(state),
                List.of("{\"end\":1}"), List.of(t1, t2));
        try (ExperimentStore store = ExperimentStore.open(home)) {
            ExperimentJournal journal = store.catchUp(everything, errors::add); // no row yet: created
            StoredExperiment stored = store.load("held");
            assertEquals(List.of(ExperimentStatus.RUNNING, everything.created(), List.of(t1, t2), Optional.of(state),
                    List.of("{\"end\":1}")), List.of(stored.status(), stored.created(), stored.trials(),
                    stored.strategyState(), stored.strategyCalls()));

            TrialRecord t2Later = StoreFixtures.running(2, 3);
            JsonObject config = everything.info().config();
            config.addProperty("maxTrials", 50);
            Instant end = Instant.parse("2026-01-02T04:00:00Z");
            store.catchUp(new StoredExperiment(everything.info().withConfig(config), ExperimentStatus.STOPPED,
                    everything.created(), Optional.of(end), Optional.of(state), List.of("{\"end\":1}"), List.of(t1, t2Later)), errors::add);
            StoredExperiment again = store.load("held");
            assertEquals(List.of(ExperimentStatus.STOPPED, Optional.of(end), List.of(t1, t2Later), 50),
                    List.of(again.status(), again.ended(), again.trials(), again.info().config().get("maxTrials").getAsInt()));
            journal.trial(t1);
        }
        assertEquals(List.of(), errors);

        Process other = new ProcessBuilder("sleep", "60").start();
        try {
            sql("UPDATE experiments SET status = 'RUNNING', owner_pid = " + other.pid() + ", owner_start = "
                    + other.info().startInstant().orElseThrow().toEpochMilli());
            try (ExperimentStore store = ExperimentStore.open(home)) {
                StoreException e = assertThrows(StoreException.class, () -> store.catchUp(new StoredExperiment(
                        everything.info(), ExperimentStatus.RUNNING, everything.created(), Optional.empty(),
                        Optional.empty(), List.of(), List.of(StoreFixtures.running(3, 0))), errors::add));
                assertEquals("experiment running in another process", e.reason());
                assertEquals(2, store.load("held").trials().size(), "nothing of a refused catch-up is written");
            }
        } finally {
            other.destroyForcibly().waitFor();
        }
    }

    @Test
    void refusesToResumeAnExperimentThatIsStillRunning() {
        try (ExperimentStore store = ExperimentStore.open(home)) {
            store.create(StoreFixtures.info("live", Direction.MAXIMIZE), errors::add);
            StoreException e = assertThrows(StoreException.class, () -> store.reopen("live", store.load("live").trials().size(), errors::add));
            assertTrue(e.getMessage().contains("'live' is still running"), e.getMessage());
        }
    }

    @Test
    void refusesToResumeAnExperimentAnotherResumeContinuedSinceItWasLoaded() {
        try (ExperimentStore store = ExperimentStore.open(home)) {
            ExperimentJournal first = store.create(StoreFixtures.info("moved", Direction.MAXIMIZE), errors::add);
            first.trialEnded(StoreFixtures.ended(StoreFixtures.running(1, 1), TrialStatus.SUCCEEDED, 0.5), List.of());
            first.experimentEnded(ExperimentStatus.DONE);
            int loaded = store.load("moved").trials().size();
            // another resume takes it, runs a trial and ends, before this one starts
            ExperimentJournal other = store.reopen("moved", loaded, errors::add);
            other.trialEnded(StoreFixtures.ended(StoreFixtures.running(2, 1), TrialStatus.SUCCEEDED, 0.6), List.of());
            other.experimentEnded(ExperimentStatus.DONE);
            StoreException e = assertThrows(StoreException.class, () -> store.reopen("moved", loaded, errors::add));
            assertEquals(ExperimentStore.CHANGED_SINCE_LOADED, e.reason());
            assertEquals("experiment 'moved' has 2 trials, not the 1 this resume loaded: another resume continued it since;"
                    + " resume it again", e.getMessage());
            assertEquals(ExperimentStatus.DONE, store.load("moved").status(), "the refused take-over is rolled back");
        }
    }

    @Test
    void refusesADuplicateId() {
        try (ExperimentStore store = ExperimentStore.open(home)) {
            store.create(StoreFixtures.info("twice", Direction.MAXIMIZE), errors::add);
            StoreException e = assertThrows(StoreException.class,
                    () -> store.create(StoreFixtures.info("twice", Direction.MAXIMIZE), errors::add));
            assertTrue(e.getMessage().contains("'twice' is already stored"), e.getMessage());
        }
    }

    @Test
    void unknownIdNamesItAndTellsHowToListIds() {
        try (ExperimentStore store = ExperimentStore.open(home)) {
            UnknownExperimentException none = assertThrows(UnknownExperimentException.class, () -> store.load("nope"));
            assertTrue(none.getMessage().contains("'nope'") && none.getMessage().contains("holds no experiments"),
                    none.getMessage());
            store.create(StoreFixtures.info("real1", Direction.MAXIMIZE), errors::add);
            UnknownExperimentException e = assertThrows(UnknownExperimentException.class, () -> store.load("nope"));
            assertEquals("nope", e.experimentId());
            assertTrue(e.getMessage().contains("real1 (search-real1)"), e.getMessage());
            assertTrue(e.getMessage().contains("Experiment.list()"), e.getMessage());
            assertThrows(UnknownExperimentException.class, () -> store.reopen("nope", 0, errors::add));
        }
    }

    @Test
    void corruptFileIsReportedByNameAndLeftAlone() throws Exception {
        Path file = home.resolve(ExperimentStore.FILE_NAME);
        byte[] garbage = "this is not a database, but it is the user's file\n".repeat(200).getBytes(StandardCharsets.UTF_8);
        Files.write(file, garbage);
        StoreException e = assertThrows(StoreException.class, () -> ExperimentStore.open(home));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("corrupt or not a SQLite database"), e.getMessage());
        assertTrue(e.getMessage().contains("Nothing was deleted"), e.getMessage());
        assertArrayEquals(garbage, Files.readAllBytes(file));
    }

    @Test
    void partlyCorruptFileIsRefusedBeforeAnyWriteAndLeftAsItWas() throws Exception {
        Path file = CorruptStore.partly(home);
        byte[] before = Files.readAllBytes(file);
        try (ExperimentStore store = ExperimentStore.open(home)) {
            StoreException read = assertThrows(StoreException.class, store::list);
            assertTrue(read.getMessage().contains("corrupt or not a SQLite database"), read.getMessage());
            StoredExperiment fresh = new StoredExperiment(StoreFixtures.info("fresh", Direction.MAXIMIZE),
                    ExperimentStatus.RUNNING, Instant.now(), Optional.empty(), Optional.empty(),
                    List.of(), List.of(StoreFixtures.running(1, 1)));
            for (Executable write : List.<Executable>of(
                    () -> store.create(StoreFixtures.info("fresh", Direction.MAXIMIZE), errors::add),
                    () -> store.catchUp(fresh, errors::add))) {
                StoreException e = assertThrows(StoreException.class, write);
                assertEquals("database corrupt", e.reason());
                assertTrue(e.getMessage().contains(file + " is corrupt or not a SQLite database"), e.getMessage());
            }
        }
        assertArrayEquals(before, Files.readAllBytes(file), "nothing written into the damaged file");
    }

    @Test
    void homeThatIsAFileIsAClearError() throws Exception {
        Path notADir = Files.writeString(home.resolve("plain-file"), "x");
        StoreException e = assertThrows(StoreException.class, () -> ExperimentStore.open(notADir));
        assertTrue(e.getMessage().contains("cannot create the JNAS home " + notADir), e.getMessage());
    }

    @Test
    void configChangesAreStored() {
        try (ExperimentStore store = ExperimentStore.open(home)) {
            ExperimentJournal journal = store.create(StoreFixtures.info("cfg", Direction.MAXIMIZE), errors::add);
            JsonObject config = store.load("cfg").info().config();
            config.addProperty("maxTrials", 50);
            journal.configChanged(config);
            assertEquals(50, store.load("cfg").info().config().get("maxTrials").getAsInt());
        }
        assertEquals(List.of(), errors);
    }

    @Test
    void aVersion1DatabaseGainsTheStrategyCallsAndKeepsItsExperiments() throws Exception {
        StrategyState state = StrategyState.of("{\"seen\":1}");
        try (ExperimentStore store = ExperimentStore.open(home)) {
            ExperimentJournal journal = store.create(StoreFixtures.info("old", Direction.MAXIMIZE), errors::add);
            journal.trialEnded(StoreFixtures.ended(StoreFixtures.running(1, 1), TrialStatus.SUCCEEDED, 0.5), List.of());
            journal.strategySaved(state);
            journal.experimentEnded(ExperimentStatus.DONE);
        }
        sql("DROP TABLE strategy_calls"); // as version 1 wrote it: the whole state only
        sql("PRAGMA user_version = 1");
        try (ExperimentStore store = ExperimentStore.open(home)) {
            StoredExperiment old = store.load("old");
            assertEquals(List.of(Optional.of(state), List.of(), 1), List.of(old.strategyState(), old.strategyCalls(),
                    old.trials().size()));
            ExperimentJournal journal = store.reopen("old", store.load("old").trials().size(), errors::add);
            journal.trialEnded(StoreFixtures.ended(StoreFixtures.running(2, 1), TrialStatus.SUCCEEDED, 0.6),
                    List.of("{\"end\":2}"));
            assertEquals(List.of("{\"end\":2}"), store.load("old").strategyCalls());
        }
        assertEquals(List.of(), errors);
    }

    @Test
    void newerSchemaIsRefused() throws Exception {
        ExperimentStore.open(home).close();
        sql("PRAGMA user_version = 99");
        StoreException e = assertThrows(StoreException.class, () -> ExperimentStore.open(home));
        assertTrue(e.getMessage().contains("schema version 99"), e.getMessage());
    }

    @Test
    void lockedDatabaseWaitsForTheBusyTimeoutThenReportsAndRecovers() throws Exception {
        try (ExperimentStore store = ExperimentStore.builder().optHome(home).optBusyTimeout(Duration.ofMillis(200)).build()) {
            ExperimentJournal journal = store.create(StoreFixtures.info("busy", Direction.MAXIMIZE), errors::add);
            try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + home.resolve(ExperimentStore.FILE_NAME));
                    Statement s = other.createStatement()) {
                s.execute("BEGIN EXCLUSIVE");
                // SQLite retries a locked write for the connection's busy timeout before it fails
                assertEquals(200, store.db().withConnection("read the busy timeout", ExperimentStoreTest::busyTimeoutMillis));
                journal.trial(StoreFixtures.running(1, 0));
                assertEquals(1, errors.size());
                assertTrue(errors.get(0).getMessage().contains("locked"), errors.get(0).getMessage());
                assertTrue(errors.get(0).getMessage().contains("busy timeout (200 ms)"), errors.get(0).getMessage());
                assertTrue(errors.get(0).getMessage().contains(ExperimentStore.FILE_NAME), errors.get(0).getMessage());
                s.execute("COMMIT");
            }
            journal.trial(StoreFixtures.running(1, 0));
            assertEquals(1, store.load("busy").trials().size());
            assertEquals(1, errors.size());
        }
    }

    @Test
    void queuedWritesWaitForTheNextCommitAndAreCommittedInOrder() {
        try (ExperimentStore store = ExperimentStore.open(home)) {
            ExperimentJournal journal = store.create(StoreFixtures.info("queued", Direction.MAXIMIZE), errors::add);
            journal.queueTrial(StoreFixtures.running(1, 0));
            journal.queueIntermediate(StoreFixtures.running(1, 1));
            journal.queueTrial(StoreFixtures.running(2, 0));
            assertEquals(List.of(), storedTrials(), "queued, not committed");
            journal.intermediate(StoreFixtures.running(2, 1)); // commits what was queued before it, with it
            assertEquals(List.of(StoreFixtures.running(1, 1).intermediates(), StoreFixtures.running(2, 1).intermediates()),
                    storedTrials().stream().map(TrialRecord::intermediates).toList());

            journal.queueIntermediate(StoreFixtures.running(2, 2));
            journal.flush();
            assertEquals(StoreFixtures.running(2, 2).intermediates(), storedTrials().get(1).intermediates());
            journal.queueIntermediate(StoreFixtures.running(2, 3));
        }
        assertEquals(StoreFixtures.running(2, 3).intermediates(), storedTrials().get(1).intermediates(),
                "closing the store commits what is queued");
        assertEquals(List.of(), errors);
    }

    @Test
    void aTrialsQueuedWritesCommittedWithItsEndLeaveWhatTheEndWrites() {
        TrialRecord end = StoreFixtures.ended(StoreFixtures.running(1, 2), TrialStatus.SUCCEEDED, 0.9);
        try (ExperimentStore store = ExperimentStore.open(home)) {
            ExperimentJournal journal = store.create(StoreFixtures.info("queued", Direction.MAXIMIZE), errors::add);
            journal.queueTrial(StoreFixtures.running(1, 0));
            journal.queueIntermediate(StoreFixtures.running(1, 1));
            journal.queueTrial(StoreFixtures.running(2, 0));
            journal.queueIntermediate(StoreFixtures.running(1, 2));
            journal.queueTrial(StoreFixtures.running(1, 2));
            journal.trialEnded(end, List.of("{\"end\":1}")); // one group: trial 1's earlier writes are made by its end
        }
        assertEquals(List.of(end, StoreFixtures.running(2, 0)), storedTrials());
        assertEquals(List.of(), errors);
    }

    /** The trials of experiment "queued" as another connection reads them. */
    private List<TrialRecord> storedTrials() {
        try (ExperimentStore reader = ExperimentStore.open(home)) {
            return reader.load("queued").trials();
        }
    }

    @Test
    void writesAfterCloseGoToTheErrorHandler() {
        ExperimentStore store = ExperimentStore.open(home);
        ExperimentJournal journal = store.create(StoreFixtures.info("closed", Direction.MAXIMIZE), errors::add);
        store.close();
        journal.intermediate(StoreFixtures.running(1, 1));
        assertEquals(1, errors.size());
        assertTrue(errors.get(0).getMessage().contains("closed"), errors.get(0).getMessage());
    }

    @Test
    void nonFiniteMetricsRoundTrip() {
        try (ExperimentStore store = ExperimentStore.open(home)) {
            ExperimentJournal journal = store.create(StoreFixtures.info("nan", Direction.MINIMIZE), errors::add);
            TrialRecord t = StoreFixtures.running(1, 0);
            TrialRecord diverged = new TrialRecord(1, t.sample(), TrialStatus.SUCCEEDED, Optional.of("cpu()"), t.submitted(),
                    t.started(), t.started(), List.of(Map.of("default", Double.POSITIVE_INFINITY)),
                    Map.of("default", Double.NaN), Optional.empty(), List.of());
            journal.trialEnded(diverged, List.of());
            assertEquals(List.of(diverged), store.load("nan").trials());
            assertTrue(store.list().get(0).bestMetric().isEmpty());
        }
        assertEquals(List.of(), errors);
    }

    @Test
    void severalThreadsWriteTrialsAtOnceWithoutLosingAny() throws Exception {
        int threads = 6;
        int trialsPerThread = 30;
        int steps = 4;
        try (ExperimentStore store = ExperimentStore.open(home)) {
            ExperimentJournal journal = store.create(StoreFixtures.info("conc", Direction.MAXIMIZE), errors::add);
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<?>> futures = new ArrayList<>();
            for (int w = 0; w < threads; w++) {
                int worker = w;
                futures.add(pool.submit(() -> {
                    for (int k = 0; k < trialsPerThread; k++) {
                        long id = (long) worker * trialsPerThread + k + 1;
                        journal.trial(StoreFixtures.running(id, 0));
                        for (int s = 1; s <= steps; s++) {
                            journal.intermediate(StoreFixtures.running(id, s));
                        }
                        journal.trialEnded(StoreFixtures.ended(StoreFixtures.running(id, steps),
                                TrialStatus.SUCCEEDED, id / 1000.0), List.of());
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
            pool.shutdown();
            StoredExperiment exp = store.load("conc");
            assertEquals(threads * trialsPerThread, exp.trials().size());
            for (TrialRecord t : exp.trials()) {
                assertEquals(steps, t.intermediates().size(), "trial " + t.id());
                assertEquals(t.id() / 1000.0, t.metric().orElseThrow(), 1e-12);
            }
            assertEquals(threads * trialsPerThread, store.list().get(0).succeeded());
        }
        assertEquals(List.of(), errors);
    }

    @Test
    void twoConnectionsWritingTheSameFileTakeTurnsWithoutErrors() throws Exception {
        // what two notebooks (two processes) searching at once do: separate connections, one file
        try (ExperimentStore a = ExperimentStore.open(home); ExperimentStore b = ExperimentStore.open(home)) {
            ExperimentJournal ja = a.create(StoreFixtures.info("first", Direction.MAXIMIZE), errors::add);
            ExperimentJournal jb = b.create(StoreFixtures.info("second", Direction.MAXIMIZE), errors::add);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            List<Future<?>> futures = new ArrayList<>();
            for (ExperimentJournal j : List.of(ja, jb)) {
                futures.add(pool.submit(() -> {
                    for (long id = 1; id <= 60; id++) {
                        j.trial(StoreFixtures.running(id, 0));
                        j.intermediate(StoreFixtures.running(id, 1));
                        j.trialEnded(StoreFixtures.ended(StoreFixtures.running(id, 1), TrialStatus.SUCCEEDED, 0.5), List.of());
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
            pool.shutdown();
            assertEquals(60, a.load("second").trials().size());
            assertEquals(60, b.load("first").trials().size());
        }
        assertEquals(List.of(), errors);
    }

    @Test
    void homeComesFromThePropertyFirst() {
        String old = System.getProperty(JnasHome.PROPERTY);
        try {
            System.setProperty(JnasHome.PROPERTY, home.resolve("sub").toString());
            assertEquals(home.resolve("sub").toAbsolutePath(), JnasHome.resolve());
            try (ExperimentStore store = ExperimentStore.open()) {
                assertEquals(home.resolve("sub").resolve("jnas.db"), store.file());
                assertTrue(Files.exists(store.file()));
            }
        } finally {
            if (old == null) {
                System.clearProperty(JnasHome.PROPERTY);
            } else {
                System.setProperty(JnasHome.PROPERTY, old);
            }
        }
        assertFalse(JnasHome.resolve().toString().isEmpty());
    }

    private static int busyTimeoutMillis(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA busy_timeout")) {
            return rs.getInt(1);
        }
    }

    private void sql(String statement) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + home.resolve(ExperimentStore.FILE_NAME));
                Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }
}
