package org.jnas.nas.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Slurm's command-line tools, the portable interface to a cluster: {@code sbatch}, one batched
 * {@code squeue} for all jobs of an experiment, {@code scontrol} for a job that left the queue,
 * {@code scancel}, {@code sinfo}.
 */
final class Slurm {
    private static final long COMMAND_TIMEOUT_SECONDS = 60;

    private final Optional<Path> bin;
    private final Map<String, String> environment;

    Slurm(Optional<Path> bin, Map<String, String> environment) {
        this.bin = bin;
        this.environment = environment;
    }

    /** What a command printed and its exit status. */
    record Result(int status, String out, String err) {
        boolean ok() {
            return status == 0;
        }
    }

    /**
     * A job's state as {@code squeue}/{@code scontrol} give it, e.g. RUNNING, with the reason Slurm
     * gives and the time it has left ({@code squeue}'s {@code %L}: "UNLIMITED", "1-02:03:04",
     * "4:05"; "" when not known).
     */
    record JobStatus(String state, String reason, String timeLeft) {
        /** Gone from Slurm (purged after MinJobAge, or never known). */
        static final JobStatus GONE = new JobStatus("GONE", "");

        JobStatus(String state, String reason) {
            this(state, reason, "");
        }

        boolean isRunning() {
            return state.equals("RUNNING");
        }

        /** Whether the job may run {@code needed} longer: its time is unlimited, or at least that much is left. */
        boolean hasTimeLeft(Duration needed) {
            if (timeLeft.equals("UNLIMITED")) {
                return true;
            }
            if (!timeLeft.matches("(\\d+-)?(\\d+:){0,2}\\d+")) {
                return false; // INVALID, NOT_SET, unknown: do not count on it
            }
            String[] dayRest = timeLeft.split("-");
            long days = dayRest.length == 2 ? Long.parseLong(dayRest[0]) : 0;
            long seconds = 0;
            for (String part : dayRest[dayRest.length - 1].split(":")) {
                seconds = seconds * 60 + Long.parseLong(part);
            }
            return Duration.ofDays(days).plusSeconds(seconds).compareTo(needed) >= 0;
        }

        boolean isPending() {
            return state.equals("PENDING");
        }

        boolean hasEnded() {
            return switch (state) {
                case "PENDING", "RUNNING", "CONFIGURING", "COMPLETING", "SUSPENDED", "REQUEUED", "RESIZING",
                        "SIGNALING", "STAGE_OUT", "REQUEUE_HOLD", "REQUEUE_FED", "RESV_DEL_HOLD" -> false;
                default -> true;
            };
        }

        /** Ended by the machine rather than the job: worth running again. */
        boolean isRetryable() {
            return state.equals("NODE_FAIL") || state.equals("PREEMPTED") || state.equals("BOOT_FAIL");
        }

        boolean isTimeout() {
            return state.equals("TIMEOUT") || state.equals("DEADLINE");
        }
    }

    /** Checks that the commands run here, else says how to make them found. */
    void check() {
        Result r;
        try {
            r = run(List.of(command("sbatch"), "--version"));
        } catch (IllegalStateException e) {
            throw new IllegalStateException("Slurm's sbatch cannot be run here (" + e.getMessage() + "): run the"
                    + " experiment on a login node of the cluster, put Slurm's commands on the PATH, or name their"
                    + " folder with Backends.slurm().commands(dir)", e);
        }
        if (!r.ok()) {
            throw new IllegalStateException("'sbatch --version' failed: " + r.err().strip() + " (Slurm's commands are"
                    + " here but find no cluster: is SLURM_CONF set? name a cluster's configuration with"
                    + " Backends.slurm().environment(\"SLURM_CONF\", path))");
        }
    }

    /** Whether the partition exists. */
    boolean hasPartition(String partition) {
        Result r = run(List.of(command("sinfo"), "-h", "-p", partition, "-o", "%P"));
        return r.ok() && !r.out().isBlank();
    }

    /** The partitions there are, for a message. */
    String partitions() {
        Result r = run(List.of(command("sinfo"), "-h", "-o", "%P"));
        return String.join(", ", r.out().strip().split("\\s+"));
    }

    /** Submits {@code script}; the job's id, or throws with sbatch's own message. */
    String submit(Path script, List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(command("sbatch"));
        cmd.add("--parsable");
        cmd.addAll(args);
        cmd.add(script.toString());
        Result r = run(cmd);
        if (!r.ok()) {
            throw new IllegalArgumentException("sbatch refused the job: " + r.err().strip());
        }
        String id = r.out().strip();
        int semicolon = id.indexOf(';'); // "id;cluster" on federated clusters
        return semicolon < 0 ? id : id.substring(0, semicolon);
    }

    /** The jobs named {@code jobName}, by id: one {@code squeue} for every job of an experiment. */
    Map<String, JobStatus> queue(String jobName) {
        Result r = run(List.of(command("squeue"), "-h", "-t", "all", "--name=" + jobName, "-o", "%i|%T|%r|%L"));
        if (!r.ok()) {
            throw new IllegalStateException("squeue failed: " + r.err().strip());
        }
        return parseQueue(r.out());
    }

    /** Parses {@code squeue -o '%i|%T|%r|%L'} lines. */
    static Map<String, JobStatus> parseQueue(String out) {
        Map<String, JobStatus> jobs = new HashMap<>();
        for (String line : out.split("\n")) {
            String[] f = line.strip().split("\\|", 4);
            if (f.length >= 2 && !f[0].isEmpty()) {
                jobs.put(f[0], new JobStatus(f[1], f.length > 2 ? f[2] : "", f.length > 3 ? f[3] : ""));
            }
        }
        return jobs;
    }

    /** A job's state and exit code ("0:9") from {@code scontrol}; GONE when Slurm forgot it. */
    JobStatus show(String jobId) {
        Result r = run(List.of(command("scontrol"), "show", "job", "-o", jobId));
        if (!r.ok()) {
            return JobStatus.GONE;
        }
        return parseShow(r.out());
    }

    static JobStatus parseShow(String out) {
        String state = field(out, "JobState");
        return state.isEmpty() ? JobStatus.GONE : new JobStatus(state, "ExitCode=" + field(out, "ExitCode")
                + (field(out, "Reason").isEmpty() || field(out, "Reason").equals("None") ? "" : " Reason=" + field(out, "Reason")));
    }

    private static String field(String out, String key) {
        for (String token : out.split("\\s+")) {
            if (token.startsWith(key + "=")) {
                return token.substring(key.length() + 1);
            }
        }
        return "";
    }

    /** Cancels jobs (no error for jobs that have ended). */
    void cancel(List<String> jobIds) {
        if (jobIds.isEmpty()) {
            return;
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(command("scancel"));
        cmd.addAll(jobIds);
        run(cmd);
    }

    private String command(String name) {
        return bin.map(b -> b.resolve(name).toString()).orElse(name);
    }

    private Result run(List<String> cmd) {
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().putAll(environment);
        try {
            Path err = Files.createTempFile("jnas-slurm", ".err");
            try {
                pb.redirectError(err.toFile());
                Process p = pb.start();
                p.getOutputStream().close();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!p.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new IllegalStateException(cmd.get(0) + " did not answer within " + COMMAND_TIMEOUT_SECONDS + " s");
                }
                return new Result(p.exitValue(), out, Files.readString(err));
            } finally {
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new IllegalStateException(cmd.get(0) + " cannot be run: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + cmd.get(0), e);
        }
    }
}
