package org.jnas.nas.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.jnas.nas.internal.engine.TrialEvents;
import org.jnas.nas.space.Sample;
import org.jnas.nas.trial.TrainingProgress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How Slurm's job states become trial outcomes, with stand-ins for Slurm's commands (shell scripts
 * that answer what the test writes): states a real single-node cluster cannot produce quickly
 * (TIMEOUT needs a minute, NODE_FAIL a dead node) and the parsing of what the commands print.
 */
class SlurmOutcomesTest {
    @TempDir
    Path tmp;

    @Test
    void squeueAndScontrolOutputIsParsed() {
        Map<String, Slurm.JobStatus> q = Slurm.parseQueue("12|RUNNING|None\n13|PENDING|Resources\n14|TIMEOUT|TimeLimit\n");
        assertEquals(new Slurm.JobStatus("PENDING", "Resources"), q.get("13"));
        assertFalse(q.get("12").hasEnded());
        assertTrue(q.get("14").hasEnded() && q.get("14").isTimeout());
        Slurm.JobStatus shown = Slurm.parseShow("JobId=15 JobName=x JobState=FAILED Reason=NonZeroExitCode ExitCode=0:9 RunTime=1");
        assertEquals(new Slurm.JobStatus("FAILED", "ExitCode=0:9 Reason=NonZeroExitCode"), shown);
        assertEquals(Slurm.JobStatus.GONE, Slurm.parseShow("slurm_load_jobs error: Invalid job id specified"));
    }

    @Test
    void aJobsTimeLeftDecidesWhetherItsIdleWorkerTakesATrial() {
        Map<String, Slurm.JobStatus> q = Slurm.parseQueue("1|RUNNING|None|UNLIMITED\n2|RUNNING|None|1-00:00:00\n"
                + "3|RUNNING|None|4:05\n4|RUNNING|None|INVALID\n5|RUNNING|None|1:02:03\n");
        assertTrue(q.get("1").hasTimeLeft(java.time.Duration.ofDays(400)));
        assertTrue(q.get("2").hasTimeLeft(java.time.Duration.ofHours(24)));
        assertFalse(q.get("2").hasTimeLeft(java.time.Duration.ofHours(25)));
        assertTrue(q.get("3").hasTimeLeft(java.time.Duration.ofSeconds(245)));
        assertFalse(q.get("3").hasTimeLeft(java.time.Duration.ofSeconds(246)));
        assertFalse(q.get("4").hasTimeLeft(java.time.Duration.ZERO), "a time left Slurm cannot say is not counted on");
        assertTrue(q.get("5").hasTimeLeft(java.time.Duration.ofSeconds(3723)));
        assertFalse(q.get("5").hasTimeLeft(java.time.Duration.ofSeconds(3724)));
    }

    @Test
    void aTimedOutJobIsCancelledWithItsReasonAndANodeFailureIsRetriedAsANewJob() throws Exception {
        Path fake = fakeSlurm();
        SlurmTrials trials = open(fake, Backends.slurm().retries(1));
        try {
            Recorded timedOut = new Recorded();
            trials.launch(1, Sample.of(Map.of()), timedOut);
            Files.writeString(fake.resolve("queue"), "100|NODE_FAIL|None\n");
            awaitLog(timedOut, "log: job 100 (attempt 1) ended NODE_FAIL; submitted the trial again as job 101 (attempt 2)");
            assertEquals("101", Files.readString(fake.resolve("last-id")).strip(), "a second job was submitted");
            Files.writeString(fake.resolve("queue"), "100|NODE_FAIL|None\n101|TIMEOUT|TimeLimit\n");
            assertTrue(timedOut.released.await(10, TimeUnit.SECONDS), timedOut.events::toString);
            assertEquals("cancelled: job 101 (attempt 2) ended TIMEOUT (TimeLimit): it reached the Slurm time limit"
                    + " of its partition and was cancelled", timedOut.events.get(timedOut.events.size() - 2));
            assertEquals(List.of("1 100", "2 101"), Files.readAllLines(tmp.resolve("shared/trials/1/jobs")),
                    "every attempt is recorded");

            Recorded nodeFailedTwice = new Recorded();
            trials.launch(2, Sample.of(Map.of()), nodeFailedTwice);
            Files.writeString(fake.resolve("queue"), "102|NODE_FAIL|None\n");
            awaitLog(nodeFailedTwice, "submitted the trial again as job 103");
            Files.writeString(fake.resolve("queue"), "103|PREEMPTED|None\n");
            assertTrue(nodeFailedTwice.released.await(10, TimeUnit.SECONDS), nodeFailedTwice.events::toString);
            assertTrue(nodeFailedTwice.events.get(nodeFailedTwice.events.size() - 2)
                    .startsWith("failed: job 103 (attempt 2) ended PREEMPTED"), nodeFailedTwice.events::toString);

            Recorded cancelledOutside = new Recorded();
            trials.launch(3, Sample.of(Map.of()), cancelledOutside);
            Files.writeString(fake.resolve("queue"), "104|CANCELLED|None\n");
            assertTrue(cancelledOutside.released.await(10, TimeUnit.SECONDS), cancelledOutside.events::toString);
            assertEquals("cancelled: job 104 (attempt 1) ended CANCELLED: it was cancelled outside the experiment"
                    + " (scancel, or an administrator)", cancelledOutside.events.get(0));
        } finally {
            trials.close();
        }
    }

    @Test
    void anIdleWorkerTakesTheNextTrialOnlyWithTimeEnoughLeftElseItIsCancelledAndAJobSubmitted() throws Exception {
        Path fake = fakeSlurm();
        SlurmTrials trials = open(fake, Backends.slurm());
        try {
            Recorded first = new Recorded();
            trials.launch(1, Sample.of(Map.of()), first);
            Files.writeString(fake.resolve("queue"), "100|RUNNING|None|UNLIMITED\n");
            Thread.sleep(300); // the trial runs a while: the longest so far
            Files.writeString(tmp.resolve("shared/trials/1/attempt-1/events.jsonl"),
                    "{\"seq\":1,\"event\":\"started\",\"device\":\"cpu()\"}\n{\"seq\":2,\"event\":\"returned\"}\n"
                    + "{\"seq\":3,\"event\":\"end\",\"waits\":true}\n");
            assertTrue(first.released.await(10, TimeUnit.SECONDS), first.events::toString);
            assertEquals(List.of("100"), trials.idleWorkers());

            trials.launch(2, Sample.of(Map.of()), new Recorded());
            assertEquals(List.of("1 100"), Files.readAllLines(tmp.resolve("shared/trials/2/jobs")), "handed over");
            assertEquals("2 1", Files.readString(tmp.resolve("shared/workers/100.next")).strip());
            assertEquals(List.of(), trials.idleWorkers());

            Files.writeString(fake.resolve("queue"), "100|RUNNING|None|0:00\n"); // no time left
            Files.writeString(tmp.resolve("shared/trials/2/attempt-1/events.jsonl"),
                    "{\"seq\":1,\"event\":\"started\",\"device\":\"cpu()\"}\n{\"seq\":2,\"event\":\"end\",\"waits\":true}\n");
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (trials.idleWorkers().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            Thread.sleep(500); // a poll after the end: the queue it read was written before the events
            trials.launch(3, Sample.of(Map.of()), new Recorded());
            assertEquals(List.of("1 101"), Files.readAllLines(tmp.resolve("shared/trials/3/jobs")), "a job of its own");
            assertEquals(List.of("100"), Files.readAllLines(fake.resolve("cancelled")), "the worker out of time was cancelled");
        } finally {
            trials.close();
        }
    }

    @Test
    void aReattachCancelsTheEarlierRunsJobsThatRunNoUnfinishedTrial() throws Exception {
        Path fake = fakeSlurm();
        SlurmTrials trials = open(fake, Backends.slurm());
        try {
            Files.createDirectories(tmp.resolve("shared/trials/1"));
            Files.writeString(tmp.resolve("shared/trials/1/jobs"), "1 100\n");
            // 101: a worker the earlier run left idle; 102: a job that has ended
            Files.writeString(fake.resolve("queue"), "100|RUNNING|None|UNLIMITED\n101|RUNNING|None|UNLIMITED\n"
                    + "102|COMPLETED|None|\n");
            Recorded events = new Recorded();
            assertEquals(java.util.Set.of(1L), trials.reattach(List.of(org.jnas.nas.trial.TrialRecord.submitted(1,
                    Sample.of(Map.of()), java.time.Instant.now())), id -> events));
            assertEquals(List.of("101"), Files.readAllLines(fake.resolve("cancelled")));
            assertTrue(events.events.get(0).startsWith("log: re-attached to job 100 (RUNNING)"), events.events::toString);
        } finally {
            trials.close();
        }
    }

    @Test
    void theJobScriptAsksForTheResourcesAndRunsTheWorkerInTheShellsPlace() throws Exception {
        SlurmTrials trials = open(fakeSlurm(), Backends.slurm().partition("gpu").gpusPerTrial(2).cpusPerTrial(4)
                .memory("16G").timeLimit(java.time.Duration.ofMinutes(90)).setup("module load java/17"));
        try {
            String script = trials.script(7, 1);
            for (String line : List.of("#SBATCH --no-requeue", "#SBATCH --cpus-per-task=4", "#SBATCH --gres=gpu:2",
                    "#SBATCH --partition=gpu", "#SBATCH --mem=16G", "#SBATCH --time=90", "#SBATCH --signal=B:USR1@60",
                    "trap '' USR1", "module load java/17")) {
                assertTrue(script.lines().anyMatch(line::equals), line + " in\n" + script);
            }
            assertTrue(script.lines().anyMatch(l -> l.startsWith("exec ") && l.contains(SlurmWorker.class.getName() + " '")),
                    script);
        } finally {
            trials.close();
        }
    }

    private SlurmTrials open(Path fake, SlurmBackend backend) {
        Function<Sample, Block> builder = (Function<Sample, Block> & Serializable) s -> Linear.builder().setUnits(1).build();
        return SlurmTrials.open(backend.environment("FAKE", fake.toString()), new Slurm(java.util.Optional.of(fake),
                Map.of("FAKE", fake.toString())), tmp.resolve("shared"), "outcomes", builder, trial -> trial.reportFinal(1),
                false);
    }

    /** sbatch counts job ids from 100, squeue prints the file "queue", scontrol knows no job, scancel does nothing. */
    private Path fakeSlurm() throws IOException {
        Path fake = Files.createDirectories(tmp.resolve("bin"));
        script(fake, "sbatch", "[ \"$1\" = --version ] && { echo 'slurm 22.05.8'; exit 0; }\n"
                + "n=$(cat \"$FAKE/last-id\" 2>/dev/null || echo 99); n=$((n + 1)); echo $n > \"$FAKE/last-id\"; echo $n");
        script(fake, "squeue", "cat \"$FAKE/queue\" 2>/dev/null || true");
        script(fake, "scontrol", "echo 'slurm_load_jobs error: Invalid job id specified' >&2; exit 1");
        script(fake, "scancel", "echo \"$@\" >> \"$FAKE/cancelled\"");
        script(fake, "sinfo", "echo 'gpu'");
        return fake;
    }

    private static void script(Path dir, String name, String body) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, "#!/bin/bash\n" + body + "\n");
        p.toFile().setExecutable(true);
    }

    private static void awaitLog(Recorded r, String part) throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            if (r.events.stream().anyMatch(e -> e.contains(part))) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no event with '" + part + "': " + r.events);
    }

    /** What the backend reported about a trial, as lines. */
    private static final class Recorded implements TrialEvents {
        final List<String> events = new CopyOnWriteArrayList<>();
        final CountDownLatch released = new CountDownLatch(1);

        @Override public void occurredAt(java.time.Instant at) { /* times are not what these tests check */ }
        @Override public void started(String device) { events.add("started " + device); }
        @Override public void intermediate(Map<String, Double> metrics) { events.add("intermediate " + metrics); }
        @Override public void finalResult(Map<String, Double> metrics) { events.add("final " + metrics); }
        @Override public void log(String line) { events.add("log: " + line); }
        @Override public void progressed(TrainingProgress progress) { events.add("progress " + progress.describe()); }
        @Override public void returned(Block trained) { events.add("returned"); }
        @Override public void threw(Throwable failure) { events.add("threw " + failure); }
        @Override public void failed(String description) { events.add("failed: " + description); }
        @Override public void cancelled(String why) { events.add("cancelled: " + why); }
        @Override public void released() {
            events.add("released");
            released.countDown();
        }
    }
}
