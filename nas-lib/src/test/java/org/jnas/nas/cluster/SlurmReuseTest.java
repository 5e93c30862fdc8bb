package org.jnas.nas.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jnas.nas.Experiment;
import org.jnas.nas.strategy.Strategy;
import org.jnas.nas.testing.LocalSlurm;
import org.jnas.nas.trial.TrialContext;
import org.jnas.nas.trial.TrialEvaluator;
import org.jnas.nas.trial.TrialRecord;
import org.jnas.nas.trial.TrialStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Worker JVMs that run several trials, on the real local cluster ({@link LocalSlurm}): a search
 * runs in fewer jobs than trials, each trial on a block of its own sample with events of its own;
 * a stop of one trial leaves the next trial in the same worker alone; idle workers are cancelled
 * when the search ends or stops; with a time limit, or with reuse off, each trial has its own job.
 */
@ExtendWith(LocalSlurm.class)
class SlurmReuseTest {
    @TempDir
    Path tmp;

    private Experiment experiment(TrialEvaluator evaluator, SlurmBackend backend, int concurrency, int trials) {
        Experiment exp = Experiment.create(SlurmClusterTest.SPACE, evaluator, Strategy.gridSearch());
        exp.config().name("reuse").trialConcurrency(concurrency).maxTrials(trials).home(tmp.resolve("home"))
                .stopGracePeriod(Duration.ofSeconds(20)).backend(backend.directory(tmp.resolve("shared")));
        return exp;
    }

    /**
     * Reports the units of the block it was handed (its first layer's weight, once initialized), its
     * worker JVM's process id and start, and three intermediate results.
     */
    static void reportsItsBlock(TrialContext trial) throws Exception {
        Block block = trial.block();
        block.initialize(trial.manager(), DataType.FLOAT32, new Shape(1, 4));
        long units = block.getChildren().get(0).getValue().getParameters().get("weight").getArray().getShape().get(0);
        for (int step = 1; step <= 3; step++) {
            trial.reportIntermediate(step);
        }
        trial.reportFinal(Map.of("default", (double) units, "pid", (double) ProcessHandle.current().pid(),
                "jvmStart", (double) ManagementFactory.getRuntimeMXBean().getStartTime()));
    }

    @Test
    void fourTrialsRunInFewerJobsEachOnItsOwnSampleWithItsOwnEvents() throws Exception {
        try (Experiment exp = experiment(SlurmReuseTest::reportsItsBlock, LocalSlurm.backend(), 1, 4)) {
            exp.run();
            List<TrialRecord> trials = exp.trials();
            assertEquals(4, trials.size(), trials::toString);
            for (TrialRecord t : trials) {
                assertEquals(TrialStatus.SUCCEEDED, t.status(), t::toString);
                assertEquals(((Number) t.sample().get("units")).doubleValue(), t.metric().orElseThrow(),
                        "the block was built from this trial's sample: " + t);
                assertEquals(List.of(1.0, 2.0, 3.0), t.intermediateDefaults(), t::toString);
                List<String> events = Files.readAllLines(events(exp, t.id()));
                assertEquals(1, events.stream().filter(l -> l.contains("\"event\":\"started\"")).count(), events::toString);
                assertTrue(events.get(events.size() - 1).contains("\"event\":\"end\""), events::toString);
            }
            Set<String> jobs = jobIds(exp, trials);
            assertTrue(jobs.size() < 4, "4 trials one at a time ran in fewer jobs: " + jobs);
            Set<Double> pids = trials.stream().map(t -> t.finalMetrics().get("pid")).collect(Collectors.toSet());
            assertEquals(jobs.size(), pids.size(), "one worker JVM per job: " + pids);
            assertTrue(trials.stream().anyMatch(t -> t.log().stream().anyMatch(l -> l.contains("its worker JVM was running"))),
                    trials::toString);
            assertEquals("", SlurmClusterTest.queue(exp), "the idle worker was cancelled when the search ended");
        }
    }

    /** Units 1 reports until asked to stop; the others report 10 steps, 100 ms apart, then 7. */
    static void firstUntilStopped(TrialContext trial) throws Exception {
        boolean first = ((Number) trial.sample().get("units")).intValue() == 1;
        for (int step = 1; first ? !trial.isStopRequested() : step <= 10; step++) {
            trial.reportIntermediate(step);
            Thread.sleep(100);
        }
        trial.reportFinal(7);
    }

    @Test
    void aStoppedTrialsNextTrialInTheSameWorkerRunsUndisturbed() throws Exception {
        try (Experiment exp = experiment(SlurmReuseTest::firstUntilStopped, LocalSlurm.backend(), 1, 2)) {
            exp.config().maxTrialDuration(Duration.ofSeconds(3));
            exp.run();
            List<TrialRecord> trials = exp.trials();
            assertEquals(TrialStatus.CANCELLED, trials.get(0).status(), trials::toString);
            TrialRecord next = trials.get(1);
            assertEquals(TrialStatus.SUCCEEDED, next.status(), next::toString);
            assertEquals(10, next.intermediates().size(), next::toString);
            assertEquals(1, jobIds(exp, trials).size(), "both trials ran in one job: " + trials);
            assertEquals("", SlurmClusterTest.queue(exp));
        }
    }

    /** Units 1 ends at once; the others report every 100 ms until asked to stop. */
    static void firstQuick(TrialContext trial) throws Exception {
        if (((Number) trial.sample().get("units")).intValue() != 1) {
            for (int step = 1; !trial.isStopRequested(); step++) {
                trial.reportIntermediate(step);
                Thread.sleep(100);
            }
        }
        trial.reportFinal(1);
    }

    @Test
    void stopLeavesNoJobBehindWithAnIdleWorkerPresent() throws Exception {
        try (Experiment exp = experiment(SlurmReuseTest::firstQuick,
                LocalSlurm.backend().workerIdleTime(Duration.ofMinutes(5)), 2, 2)) {
            exp.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!(exp.trials().size() == 2 && exp.trials().get(0).status() == TrialStatus.SUCCEEDED
                    && !exp.trials().get(1).intermediates().isEmpty()) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertEquals(TrialStatus.SUCCEEDED, exp.trials().get(0).status(), () -> exp.trials().toString());
            String running = LocalSlurm.run("squeue", "-h", "-t", "R", "--name=jnas-" + exp.id(), "-o", "%i").strip();
            assertEquals(2, running.lines().count(), "the first trial's worker waits, idle, beside the second: " + running);
            exp.stop();
            assertTrue(exp.await(Duration.ofSeconds(30)), () -> exp.trials().toString());
            assertEquals("", SlurmClusterTest.queue(exp), "squeue lists no job of the experiment");
        }
    }

    @Test
    void anIdleWorkerNobodyNeedsIsCancelledAfterItsIdleTime() throws Exception {
        try (Experiment exp = experiment(SlurmReuseTest::firstQuick,
                LocalSlurm.backend().workerIdleTime(Duration.ofSeconds(1)), 2, 2)) {
            exp.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            String running;
            do {
                Thread.sleep(200);
                running = LocalSlurm.run("squeue", "-h", "-t", "R", "--name=jnas-" + exp.id(), "-o", "%i").strip();
                // Slurm shows the second job running before its worker has started the trial: wait for both
            } while (!(exp.trials().size() == 2 && exp.trials().get(0).status() == TrialStatus.SUCCEEDED
                    && exp.trials().get(1).status() == TrialStatus.RUNNING && running.lines().count() == 1)
                    && System.nanoTime() < deadline);
            assertEquals(1, running.lines().count(), "only the second trial's job is left: " + running);
            assertEquals(TrialStatus.RUNNING, exp.trials().get(1).status(), () -> exp.trials().toString());
            exp.stop();
            assertTrue(exp.await(Duration.ofSeconds(30)), () -> exp.trials().toString());
        }
    }

    /** Units 1 ends at once; the others log their process id and report until killed. */
    static void secondKillable(TrialContext trial) throws Exception {
        if (((Number) trial.sample().get("units")).intValue() != 1) {
            SlurmClusterTest.killable(trial);
        }
        trial.reportFinal(1);
    }

    @Test
    void aReusedWorkerKilledFailsOnlyItsCurrentTrialNamingTheJobsLog() throws Exception {
        try (Experiment exp = experiment(SlurmReuseTest::secondKillable, LocalSlurm.backend(), 1, 2)) {
            exp.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!(exp.trials().size() == 2 && exp.trials().get(1).log().stream().anyMatch(l -> l.startsWith("pid ")))
                    && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            String pid = exp.trials().get(1).log().stream().filter(l -> l.startsWith("pid ")).findFirst().orElseThrow()
                    .substring(4);
            new ProcessBuilder("kill", "-9", pid).start().waitFor();
            assertTrue(exp.await(Duration.ofSeconds(30)), () -> exp.trials().toString());
            List<TrialRecord> trials = exp.trials();
            assertEquals(TrialStatus.SUCCEEDED, trials.get(0).status(), trials::toString);
            assertEquals(1, jobIds(exp, trials).size(), "the second trial ran in the first one's job: " + trials);
            String error = trials.get(1).error().orElseThrow();
            assertEquals(TrialStatus.FAILED, trials.get(1).status(), error);
            assertTrue(error.contains("ended FAILED") && error.contains("/workers/") && error.contains("which holds the output"
                    + " of every trial the job ran"), error);
            assertTrue(error.contains("jnas worker: trial " + trials.get(1).id() + " attempt 1")
                    && error.contains("the worker was here"), "the log's tail: " + error);
        }
    }

    @Test
    void withATimeLimitOrReuseOffEachTrialHasItsOwnJob() throws Exception {
        for (SlurmBackend backend : List.of(LocalSlurm.backend().timeLimit(Duration.ofMinutes(5)),
                LocalSlurm.backend().reuseWorkers(false))) {
            try (Experiment exp = experiment(SlurmReuseTest::reportsItsBlock, backend, 1, 2)) {
                exp.run();
                List<TrialRecord> trials = exp.trials();
                assertTrue(trials.stream().allMatch(t -> t.status() == TrialStatus.SUCCEEDED), trials::toString);
                assertEquals(2, jobIds(exp, trials).size(), backend + ": " + trials);
                assertEquals("", SlurmClusterTest.queue(exp));
            }
        }
    }

    private Path events(Experiment exp, long trial) {
        return tmp.resolve("shared").resolve(exp.id()).resolve("trials/" + trial + "/attempt-1/events.jsonl");
    }

    /** The jobs the trials ran in, from their jobs files ("attempt jobId" lines). */
    private Set<String> jobIds(Experiment exp, List<TrialRecord> trials) throws IOException {
        Set<String> ids = new java.util.HashSet<>();
        for (TrialRecord t : trials) {
            for (String line : Files.readAllLines(tmp.resolve("shared").resolve(exp.id()).resolve("trials/" + t.id() + "/jobs"))) {
                ids.add(line.split(" ")[1]);
            }
        }
        return ids;
    }
}
