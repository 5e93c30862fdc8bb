package org.jnas.nas.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.jnas.nas.Experiment;
import org.jnas.nas.strategy.Strategy;
import org.jnas.nas.testing.ChildJvm;
import org.jnas.nas.testing.LocalSlurm;
import org.jnas.nas.trial.TrialRecord;
import org.jnas.nas.trial.TrialStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JVM that started a Slurm search is killed while its trial's job runs; resuming the stored
 * experiment re-attaches to that job instead of submitting the trial again, and the trial ends
 * with every result its worker reported, none twice.
 */
@ExtendWith(LocalSlurm.class)
class SlurmResumeTest {
    @TempDir
    Path tmp;

    @Test
    void aResumedExperimentReattachesToItsRunningJobAndLosesNoMetric() throws Exception {
        Path home = tmp.resolve("home");
        Path shared = tmp.resolve("shared");
        ChildJvm.Result child = ChildJvm.create(SlurmResumeMain.class, home.toString(), shared.toString(),
                        LocalSlurm.conf().toString())
                .killWhen(lines -> lines.contains("intermediate 2"));
        assertEquals(ChildJvm.SIGKILL_EXIT, child.exitCode(), child::describe);
        String id = child.lines().get(0).substring("id ".length());

        Experiment resumed = Experiment.resume(home, id, SlurmClusterTest.SPACE, SlurmResumeMain::steady,
                Strategy.gridSearch());
        SlurmResumeMain.experiment(resumed, shared, LocalSlurm.conf().toString());
        try (resumed) {
            resumed.start();
            // while its job runs, the store holds the trial as running again, not as the crash left it
            // (CANCELLED, written when the resume takes the experiment over, until the job's start is read)
            java.util.Set<TrialStatus> storedWhileRunning = java.util.EnumSet.noneOf(TrialStatus.class);
            while (!resumed.await(java.time.Duration.ofMillis(50))) {
                storedWhileRunning.add(Experiment.view(home, id).trials().get(0).status());
            }
            List<TrialRecord> trials = resumed.trials();
            assertEquals(1, trials.size(), trials::toString);
            TrialRecord t = trials.get(0);
            assertEquals(TrialStatus.SUCCEEDED, t.status(), t::toString);
            assertEquals(IntStream.rangeClosed(1, SlurmResumeMain.STEPS).asDoubleStream().boxed().toList(),
                    t.intermediateDefaults(), "every reported result once, in order");
            assertTrue(t.log().stream().anyMatch(l -> l.startsWith("re-attached to job ")), t.log()::toString);
            if (t.log().stream().anyMatch(l -> l.startsWith("re-attached to job ") && l.contains("(RUNNING)"))) {
                assertTrue(storedWhileRunning.contains(TrialStatus.RUNNING), "stored while running: " + storedWhileRunning);
            }
            assertEquals(1, Files.readAllLines(shared.resolve(id).resolve("trials/" + t.id() + "/jobs")).size(),
                    "the trial was not submitted again");
        }
        TrialRecord stored = Experiment.view(home, id).trials().get(0);
        assertEquals(TrialStatus.SUCCEEDED, stored.status(), stored::toString);
        assertEquals(SlurmResumeMain.STEPS, stored.intermediates().size(), stored::toString);
    }

    @Test
    void aResumedExperimentCancelsTheIdleWorkerOfTheEarlierRun() throws Exception {
        Path home = tmp.resolve("home");
        Path shared = tmp.resolve("shared");
        ChildJvm.Result child = ChildJvm.create(SlurmResumeMain.class, home.toString(), shared.toString(),
                        LocalSlurm.conf().toString(), "idle")
                .killWhen(lines -> lines.contains("ended 1") && lines.contains("intermediate 2"));
        assertEquals(ChildJvm.SIGKILL_EXIT, child.exitCode(), child::describe);
        String id = child.lines().get(0).substring("id ".length());
        String idleJob = Files.readAllLines(shared.resolve(id).resolve("trials/1/jobs")).get(0).split(" ")[1];
        String runningJob = Files.readAllLines(shared.resolve(id).resolve("trials/2/jobs")).get(0).split(" ")[1];
        assertEquals(java.util.Set.of(idleJob, runningJob), java.util.Set.of(LocalSlurm.run("squeue", "-h", "-t", "R",
                "--name=jnas-" + id, "-o", "%i").strip().split("\\s+")), "the first trial's worker waits, idle");

        Experiment resumed = Experiment.resume(home, id, SlurmClusterTest.SPACE, SlurmResumeMain::quickFirst,
                Strategy.gridSearch());
        SlurmResumeMain.experiment(resumed, shared, LocalSlurm.conf().toString());
        try (resumed) {
            resumed.start();
            long deadline = System.nanoTime() + java.time.Duration.ofSeconds(15).toNanos();
            String jobs;
            do {
                Thread.sleep(100);
                jobs = LocalSlurm.run("squeue", "-h", "-t", "PD,R,CG", "--name=jnas-" + id, "-o", "%i").strip();
            } while (!jobs.equals(runningJob) && System.nanoTime() < deadline);
            assertEquals(runningJob, jobs, "the idle worker " + idleJob + " was cancelled, the running trial's job kept");
            assertTrue(resumed.await(java.time.Duration.ofSeconds(60)), () -> resumed.trials().toString());
            TrialRecord second = resumed.trials().get(1);
            assertEquals(TrialStatus.SUCCEEDED, second.status(), second::toString);
            assertEquals(SlurmResumeMain.STEPS, second.intermediates().size(), second::toString);
        }
    }

    @Test
    void aWorkerWhoseExperimentDiedEndsItselfWhenTheHeartbeatGoesStale() throws Exception {
        Path shared = tmp.resolve("shared");
        ChildJvm.Result child = ChildJvm.create(SlurmResumeMain.class, tmp.resolve("home").toString(), shared.toString(),
                        LocalSlurm.conf().toString(), "2")
                .killWhen(lines -> lines.contains("intermediate 1"));
        String id = child.lines().get(0).substring("id ".length());
        Path events = shared.resolve(id).resolve("trials/1/attempt-1/events.jsonl");
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
        while (!Files.readString(events).contains("heartbeat is") && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertTrue(Files.readString(events).contains("its JVM is gone, so this worker ends itself"), Files.readString(events));
        assertTrue(Files.readString(events).lines().noneMatch(l -> l.contains("\"event\":\"end\"")),
                "it did not run to the end");
    }
}
