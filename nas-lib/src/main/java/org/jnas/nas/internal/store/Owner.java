package org.jnas.nas.internal.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * The process that runs an experiment: pid, process start time and host. A RUNNING experiment
 * whose owner is gone crashed; the start time guards against a recycled pid.
 */
record Owner(long pid, long startMillis, String host) {

    private static final Owner CURRENT = detect();

    static Owner current() {
        return CURRENT;
    }

    private static Owner detect() {
        ProcessHandle self = ProcessHandle.current();
        long start = self.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
        return new Owner(self.pid(), start, hostName());
    }

    /** Read without a DNS lookup, which can stall for seconds on a badly configured machine. */
    private static String hostName() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env.strip();
        }
        try {
            Path etc = Path.of("/etc/hostname");
            if (Files.isReadable(etc)) {
                return Files.readString(etc).strip();
            }
        } catch (IOException | RuntimeException e) {
            // no host name: liveness is then judged by pid alone
        }
        return "";
    }

    /**
     * True unless this owner is known to be gone. An owner on another host cannot be checked and
     * counts as alive, so a shared home never marks another machine's experiment as crashed. A
     * zombie (a process that has exited but that its parent has not reaped yet, e.g. a killed
     * kernel under a launcher that never waits) is gone, though the JDK counts it as alive.
     */
    boolean isAlive() {
        if (pid == CURRENT.pid && startMillis == CURRENT.startMillis) {
            return true;
        }
        if (!host.isEmpty() && !CURRENT.host.isEmpty() && !host.equals(CURRENT.host)) {
            return true;
        }
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        if (handle.isEmpty() || !handle.get().isAlive() || isZombie(pid)) {
            return false;
        }
        Optional<Instant> start = handle.get().info().startInstant();
        return start.isEmpty() || startMillis == 0 || start.get().toEpochMilli() == startMillis;
    }

    /** Whether {@code /proc} says the process has exited (Linux; elsewhere the JDK's answer stands). */
    private static boolean isZombie(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // "pid (command) state ...": the command may hold spaces and parentheses
            int name = stat.lastIndexOf(')');
            char state = name >= 0 && name + 2 < stat.length() ? stat.charAt(name + 2) : '?';
            return state == 'Z' || state == 'X';
        } catch (IOException | RuntimeException e) {
            return false; // no /proc, or the process is already gone: the JDK's answer stands
        }
    }
}
