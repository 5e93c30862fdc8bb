package org.jnas.nas.cluster;

import ai.djl.nn.Block;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;
import org.jnas.nas.internal.engine.TrialBackend;
import org.jnas.nas.space.Sample;
import org.jnas.nas.trial.TrialEvaluator;

/**
 * Trials as Slurm jobs: each job runs a worker JVM that trains a trial and writes its reports to a
 * file in a directory shared with this machine, then takes the experiment's next trial while it
 * has one ({@link #reuseWorkers}). Immutable: each
 * setter returns a changed copy.
 *
 * <pre>{@code
 * exp.config().backend(Backends.slurm().partition("gpu").gpusPerTrial(1).cpusPerTrial(4)
 *     .memory("16G").timeLimit(Duration.ofHours(2)).setup("module load java/17")
 *     .directory(Path.of(System.getProperty("user.home"), "jnas-runs")));
 * }</pre>
 *
 * <p>What {@code start()} checks before it submits anything: the Slurm commands are found, the
 * partition exists, the directory can be written, and the space and evaluator can be serialized
 * (each failure names what to change). See docs/cluster.md.
 */
public final class SlurmBackend implements Backend {
    static final SlurmBackend DEFAULT = new SlurmBackend();

    private Optional<String> partition = Optional.empty();
    private int gpusPerTrial = 0;
    private int cpusPerTrial = 1;
    private Optional<String> memory = Optional.empty();
    private Optional<Duration> timeLimit = Optional.empty();
    private List<String> setup = List.of();
    private List<String> sbatchArgs = List.of();
    private List<String> javaOptions = List.of();
    private Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    private Optional<Path> directory = Optional.empty();
    private Optional<Path> commands = Optional.empty();
    private Map<String, String> environment = Map.of();
    private int retries = 2;
    private Duration heartbeatTimeout = Duration.ofMinutes(2);
    private boolean reuseWorkers = true;
    private Duration workerIdleTime = Duration.ofSeconds(10);

    private SlurmBackend() {}

    private SlurmBackend copy() {
        SlurmBackend c = new SlurmBackend();
        c.partition = partition;
        c.gpusPerTrial = gpusPerTrial;
        c.cpusPerTrial = cpusPerTrial;
        c.memory = memory;
        c.timeLimit = timeLimit;
        c.setup = setup;
        c.sbatchArgs = sbatchArgs;
        c.javaOptions = javaOptions;
        c.java = java;
        c.directory = directory;
        c.commands = commands;
        c.environment = environment;
        c.retries = retries;
        c.heartbeatTimeout = heartbeatTimeout;
        c.reuseWorkers = reuseWorkers;
        c.workerIdleTime = workerIdleTime;
        return c;
    }

    /** The partition jobs go to ({@code --partition}); by default the cluster's default partition. */
    public SlurmBackend partition(String name) {
        SlurmBackend c = copy();
        c.partition = Optional.of(notBlank("partition", name));
        return c;
    }

    /** GPUs per trial ({@code --gres=gpu:N}); the worker trains on the first one Slurm gives it. Default 0. */
    public SlurmBackend gpusPerTrial(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("gpusPerTrial must not be negative, got " + n);
        }
        SlurmBackend c = copy();
        c.gpusPerTrial = n;
        return c;
    }

    /** CPUs per trial ({@code --cpus-per-task}), also the worker's PyTorch threads. Default 1. */
    public SlurmBackend cpusPerTrial(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("cpusPerTrial must be at least 1, got " + n);
        }
        SlurmBackend c = copy();
        c.cpusPerTrial = n;
        return c;
    }

    /** Memory per trial in Slurm's syntax ({@code --mem}), e.g. "16G"; by default the partition's. */
    public SlurmBackend memory(String amount) {
        SlurmBackend c = copy();
        c.memory = Optional.of(notBlank("memory", amount));
        return c;
    }

    /**
     * Slurm's time limit per trial ({@code --time}, whole minutes, rounded up). A trial is asked to
     * stop shortly before it; one that reaches it ends CANCELLED, saying so. Slurm counts the limit
     * per job, so with it each trial runs in a job of its own ({@link #reuseWorkers} does not apply).
     */
    public SlurmBackend timeLimit(Duration limit) {
        Objects.requireNonNull(limit, "timeLimit");
        if (limit.isNegative() || limit.isZero()) {
            throw new IllegalArgumentException("timeLimit must be positive, got " + limit);
        }
        SlurmBackend c = copy();
        c.timeLimit = Optional.of(limit);
        return c;
    }

    /** Shell lines the job runs before the worker, e.g. {@code "module load java/17"}. */
    public SlurmBackend setup(String... lines) {
        SlurmBackend c = copy();
        c.setup = List.of(lines);
        return c;
    }

    /** Further {@code sbatch} arguments, e.g. {@code "--account=lab", "--qos=short"}. */
    public SlurmBackend sbatchArgs(String... args) {
        SlurmBackend c = copy();
        c.sbatchArgs = List.of(args);
        return c;
    }

    /** Options of the worker JVM, e.g. {@code "-Xmx8g", "-Dai.djl.offline=true"}. */
    public SlurmBackend javaOptions(String... options) {
        SlurmBackend c = copy();
        c.javaOptions = List.of(options);
        return c;
    }

    /** The java executable on the compute nodes; by default this JVM's (after {@link #setup}, "java" finds the module's). */
    public SlurmBackend java(Path executable) {
        SlurmBackend c = copy();
        c.java = Objects.requireNonNull(executable, "java");
        return c;
    }

    /**
     * A directory this machine and the compute nodes share (a home or project filesystem); each
     * experiment gets a folder in it. By default {@code cluster/} under the JNAS home.
     */
    public SlurmBackend directory(Path dir) {
        SlurmBackend c = copy();
        c.directory = Optional.of(Objects.requireNonNull(dir, "directory"));
        return c;
    }

    /** The folder holding {@code sbatch}, {@code squeue}, {@code scancel}, {@code scontrol}; by default the PATH's. */
    public SlurmBackend commands(Path binDirectory) {
        SlurmBackend c = copy();
        c.commands = Optional.of(Objects.requireNonNull(binDirectory, "commands"));
        return c;
    }

    /** An environment variable for the Slurm commands and the jobs, e.g. {@code SLURM_CONF}. */
    public SlurmBackend environment(String name, String value) {
        SlurmBackend c = copy();
        Map<String, String> env = new LinkedHashMap<>(environment);
        env.put(notBlank("environment name", name), Objects.requireNonNull(value, "value"));
        c.environment = Map.copyOf(env);
        return c;
    }

    /** How often a trial whose job hit a node failure or preemption is submitted again (default 2). */
    public SlurmBackend retries(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("retries must not be negative, got " + n);
        }
        SlurmBackend c = copy();
        c.retries = n;
        return c;
    }

    /**
     * How long a worker goes on without a sign of life from the experiment (its heartbeat file)
     * before it ends itself, so no job outlives a dead notebook for long. Default 2 minutes.
     */
    public SlurmBackend heartbeatTimeout(Duration timeout) {
        Objects.requireNonNull(timeout, "heartbeatTimeout");
        if (timeout.toMillis() < 1000) {
            throw new IllegalArgumentException("heartbeatTimeout must be at least 1 s, got " + timeout);
        }
        SlurmBackend c = copy();
        c.heartbeatTimeout = timeout;
        return c;
    }

    /**
     * Whether a worker JVM whose trial ended runs the experiment's next trial (default true): the
     * next trial then skips the job's submission, the JVM's start and PyTorch's load, and a built-in
     * evaluator's data is loaded once per worker. Each trial still gets a fresh block, model and
     * {@code NDManager}, its own events file and stop file. With {@link #timeLimit} set workers are
     * never reused (Slurm's {@code --time} is the job's, and must stay each trial's); false gives
     * every trial a job of its own.
     */
    public SlurmBackend reuseWorkers(boolean reuse) {
        SlurmBackend c = copy();
        c.reuseWorkers = reuse;
        return c;
    }

    /**
     * How long a worker whose trial ended waits for the next one before the experiment cancels its
     * job, giving its slot back to Slurm (default 10 s).
     */
    public SlurmBackend workerIdleTime(Duration idle) {
        Objects.requireNonNull(idle, "workerIdleTime");
        if (idle.isNegative()) {
            throw new IllegalArgumentException("workerIdleTime must not be negative, got " + idle);
        }
        SlurmBackend c = copy();
        c.workerIdleTime = idle;
        return c;
    }

    Optional<String> partition() { return partition; }
    int gpusPerTrial() { return gpusPerTrial; }
    int cpusPerTrial() { return cpusPerTrial; }
    Optional<String> memory() { return memory; }
    Optional<Duration> timeLimit() { return timeLimit; }
    List<String> setup() { return setup; }
    List<String> sbatchArgs() { return sbatchArgs; }
    List<String> javaOptions() { return javaOptions; }
    Path java() { return java; }
    Optional<Path> commands() { return commands; }
    Map<String, String> environment() { return environment; }
    int retries() { return retries; }
    Duration heartbeatTimeout() { return heartbeatTimeout; }
    boolean reuseWorkers() { return reuseWorkers; }
    Duration workerIdleTime() { return workerIdleTime; }

    /**
     * The trial backend of one experiment (called by {@code Experiment.start()}, not by user code):
     * checks the cluster, ships the code and the experiment, and submits nothing yet.
     *
     * @param experimentId the experiment's id: its folder in the shared directory and its job names
     * @param builder turns a sample into a block on the worker: must be serializable
     * @param home the JNAS home, whose {@code cluster/} folder is the default directory
     * @param keepWeights whether workers save their trained parameters for the experiment's kept
     *     weights ({@code keepTopWeights})
     * @throws IllegalArgumentException naming what cannot be shipped, or a setting the cluster refuses
     * @throws IllegalStateException when Slurm's commands cannot be run or the directory written
     */
    public TrialBackend open(String experimentId, Function<Sample, Block> builder, TrialEvaluator evaluator,
            Path home, boolean keepWeights) {
        Path root = directory.orElse(home.resolve("cluster"));
        return SlurmTrials.open(this, new Slurm(commands, environment), root.resolve(experimentId), experimentId,
                builder, evaluator, keepWeights);
    }

    /** The {@code --time} value: whole minutes, rounded up. */
    OptionalInt timeMinutes() {
        return timeLimit.map(d -> OptionalInt.of((int) Math.max(1, (d.toSeconds() + 59) / 60))).orElse(OptionalInt.empty());
    }

    private static String notBlank(String what, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank, got '" + value + "'");
        }
        return value;
    }

    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        partition.ifPresent(p -> parts.add("partition=" + p));
        parts.add("cpusPerTrial=" + cpusPerTrial);
        parts.add("gpusPerTrial=" + gpusPerTrial);
        memory.ifPresent(m -> parts.add("memory=" + m));
        timeLimit.ifPresent(t -> parts.add("timeLimit=" + t));
        if (!reuseWorkers) {
            parts.add("reuseWorkers=false");
        }
        directory.ifPresent(d -> parts.add("directory=" + d));
        return "Slurm" + parts;
    }
}
