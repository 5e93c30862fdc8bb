package org.jnas.nas.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A main class run in a child JVM on the tests' class path, killed with SIGKILL once the lines it
 * has printed meet a condition: no shutdown hooks, no finally blocks, as when a machine loses a
 * process. For the tests that check what a killed process left in the store.
 *
 * <pre>{@code
 * ChildJvm.Result child = ChildJvm.create(CrashingWriter.class, home.toString(), "killed")
 *         .killWhen(lines -> lines.size() == 300);
 * assertEquals(ChildJvm.SIGKILL_EXIT, child.exitCode(), child.describe());
 * }</pre>
 */
public final class ChildJvm {
    /** The exit code of a JVM killed with SIGKILL (128 + 9). */
    public static final int SIGKILL_EXIT = 137;
    /** The longest the child may take to meet the kill condition. */
    private static final Duration DEADLINE = Duration.ofMinutes(2);
    /** The longest the child may take to end once its output has closed. */
    private static final Duration END = Duration.ofSeconds(30);

    /**
     * What the child printed and how it ended.
     *
     * @param lines its standard output, line by line, up to its end (lines printed just before the
     *     kill included)
     * @param exitCode {@value #SIGKILL_EXIT} when killed
     * @param errors its standard error
     */
    public record Result(List<String> lines, int exitCode, String errors) {
        /** For assertion messages: the exit code, the lines and the standard error. */
        public String describe() {
            return "exit code " + exitCode + ", lines " + lines + (errors.isEmpty() ? "" : ", standard error:\n" + errors);
        }
    }

    private final Class<?> mainClass;
    private final List<String> arguments;
    private final List<String> jvmOptions = new ArrayList<>();

    private ChildJvm(Class<?> mainClass, List<String> arguments) {
        this.mainClass = mainClass;
        this.arguments = arguments;
    }

    /** A child that will run {@code mainClass} with {@code arguments}. */
    public static ChildJvm create(Class<?> mainClass, String... arguments) {
        return new ChildJvm(mainClass, List.of(arguments));
    }

    /** Adds an option for the child's JVM, e.g. {@code -Dai.djl.offline=true}. */
    public ChildJvm optJvmOption(String option) {
        jvmOptions.add(option);
        return this;
    }

    /**
     * Starts the child, reads its output and kills it with SIGKILL the first time the lines read so
     * far meet {@code condition}; returns once it has ended and its output is read to the end.
     *
     * @throws AssertionError when the child does not meet the condition within two minutes, or does
     *     not end within 30 seconds once its output has closed (it is then killed too)
     */
    public Result killWhen(Predicate<List<String>> condition) throws IOException, InterruptedException {
        Path errors = Files.createTempFile("child-jvm-", ".err");
        try {
            Process child = new ProcessBuilder(command()).redirectError(errors.toFile()).start();
            Watchdog watchdog = new Watchdog(child);
            watchdog.start();
            List<String> lines = new ArrayList<>();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                boolean killed = false;
                String line;
                while ((line = out.readLine()) != null) {
                    lines.add(line);
                    if (!killed && condition.test(lines)) {
                        killed = true;
                        // Through the handle: Process.destroyForcibly would also close the pipe, and
                        // the lines printed just before the kill would be lost.
                        if (!child.toHandle().destroyForcibly()) {
                            throw new AssertionError("could not kill the child running " + mainClass.getName());
                        }
                    }
                }
                if (!child.waitFor(END.toSeconds(), TimeUnit.SECONDS)) {
                    throw new AssertionError(mainClass.getName() + " did not end within " + END + " after its output closed");
                }
            } finally {
                child.toHandle().destroyForcibly();
                watchdog.interrupt();
                watchdog.join();
            }
            Result result = new Result(List.copyOf(lines), child.exitValue(), Files.readString(errors));
            if (watchdog.fired) {
                throw new AssertionError(mainClass.getName() + " did not meet the kill condition within " + DEADLINE + ": "
                        + result.describe());
            }
            return result;
        } finally {
            Files.deleteIfExists(errors);
        }
    }

    /**
     * Starts the child and returns at once, to talk with it line by line: for a child that holds
     * something (a lock, a port) until told to let go. Closing it kills the child if it still runs.
     *
     * <pre>{@code
     * try (ChildJvm.Running other = ChildJvm.create(SqliteLockHolder.class, db.toString()).start()) {
     *     other.awaitLine("locked"::equals);
     *     ...
     *     other.send("commit");
     * }
     * }</pre>
     */
    public Running start() throws IOException {
        Path errors = Files.createTempFile("child-jvm-", ".err");
        Process child = new ProcessBuilder(command()).redirectError(errors.toFile()).start();
        Watchdog watchdog = new Watchdog(child);
        watchdog.start();
        return new Running(mainClass, child, watchdog, errors);
    }

    private List<String> command() {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
        command.add(mainClass.getName());
        command.addAll(arguments);
        return command;
    }

    /** A child started by {@link #start()}; killed by the watchdog if it still runs two minutes on. */
    public static final class Running implements AutoCloseable {
        private final Class<?> mainClass;
        private final Process child;
        private final Watchdog watchdog;
        private final Path errors;
        private final BufferedReader out;
        private final Writer in;
        private final List<String> lines = new ArrayList<>();

        private Running(Class<?> mainClass, Process child, Watchdog watchdog, Path errors) {
            this.mainClass = mainClass;
            this.child = child;
            this.watchdog = watchdog;
            this.errors = errors;
            this.out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            this.in = new OutputStreamWriter(child.getOutputStream(), StandardCharsets.UTF_8);
        }

        /**
         * Reads the child's lines until one meets {@code condition}, and returns it.
         *
         * @throws AssertionError when the child's output ends first (it ended, or the watchdog
         *     killed it), with what it printed
         */
        public String awaitLine(Predicate<String> condition) throws IOException {
            String line;
            while ((line = out.readLine()) != null) {
                lines.add(line);
                if (condition.test(line)) {
                    return line;
                }
            }
            throw new AssertionError(mainClass.getName() + " ended before printing the line awaited: lines " + lines
                    + ", standard error:\n" + Files.readString(errors));
        }

        /** Sends {@code line} to the child's standard input. */
        public void send(String line) throws IOException {
            in.write(line + "\n");
            in.flush();
        }

        /** Kills the child if it still runs, and waits for it to end. */
        @Override
        public void close() throws IOException, InterruptedException {
            try {
                child.toHandle().destroyForcibly();
                child.waitFor();
                watchdog.interrupt();
                watchdog.join();
            } finally {
                Files.deleteIfExists(errors);
            }
        }
    }

    /** Kills the child when it is still running at the deadline, which ends the reading of its output. */
    private static final class Watchdog extends Thread {
        private final Process child;
        private volatile boolean fired;

        Watchdog(Process child) {
            super("child-jvm-watchdog");
            setDaemon(true);
            this.child = child;
        }

        @Override
        public void run() {
            try {
                if (!child.waitFor(DEADLINE.toMillis(), TimeUnit.MILLISECONDS)) {
                    fired = true;
                    child.toHandle().destroyForcibly();
                }
            } catch (InterruptedException e) {
                // the child ended, or the caller gave up on it and killed it
            }
        }
    }
}
