package org.jnas.nas.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jnas.nas.cluster.Backends;
import org.jnas.nas.cluster.SlurmBackend;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real single-node Slurm cluster on localhost for the tests of a JVM: started once, by
 * {@code install/slurm-cluster.sh start}, on the first test class that uses this extension, and
 * stopped ({@code stop}: every job cancelled first) when the test JVM's tests are over. A cluster
 * that cannot start fails the tests with the script's output: the cluster tests are never skipped.
 *
 * <pre>{@code
 * @ExtendWith(LocalSlurm.class)
 * class SomeTest { ... LocalSlurm.backend().directory(tmp) ... }
 * }</pre>
 */
public final class LocalSlurm implements BeforeAllCallback {
    private static volatile Cluster cluster;

    @Override
    public void beforeAll(ExtensionContext context) {
        cluster = context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(LocalSlurm.class, key -> Cluster.start(), Cluster.class);
    }

    /** The cluster's slurm.conf, for the environment of Slurm's commands ({@code SLURM_CONF}). */
    public static Path conf() {
        if (cluster == null) {
            throw new IllegalStateException("the test class needs @ExtendWith(LocalSlurm.class)");
        }
        return cluster.dir.resolve("slurm.conf");
    }

    /** A Slurm backend on this cluster: its SLURM_CONF, PyTorch offline in the workers. */
    public static SlurmBackend backend() {
        return Backends.slurm().environment("SLURM_CONF", conf().toString()).javaOptions("-Dai.djl.offline=true");
    }

    /** Runs a Slurm command against this cluster and returns its output, e.g. {@code squeue -h}. */
    public static String run(String... command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("SLURM_CONF", conf().toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(60, TimeUnit.SECONDS);
        return out;
    }

    private static final class Cluster implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        private static final Path SCRIPT = Path.of(System.getProperty("user.dir")).resolve("../install/slurm-cluster.sh")
                .normalize();
        final Path dir;

        private Cluster(Path dir) {
            this.dir = dir;
        }

        static Cluster start() {
            try {
                // short: munge's socket path must fit a Unix socket address
                Path dir = Files.createTempDirectory(Path.of("/tmp"), "jnas-slurm-");
                String out = script("start", dir);
                if (!Files.exists(dir.resolve("slurm.conf")) || !out.contains("SLURM_CONF=")) {
                    throw new IllegalStateException(out);
                }
                return new Cluster(dir);
            } catch (IOException | InterruptedException | RuntimeException e) {
                throw new AssertionError("the local Slurm cluster for the cluster tests did not start (needs root and"
                        + " the Debian packages slurm-wlm and munge: install/prerequisites.sh): " + e.getMessage(), e);
            }
        }

        private static String script(String command, Path dir) throws IOException, InterruptedException {
            Process p = new ProcessBuilder(List.of("bash", SCRIPT.toString(), command, dir.toString()))
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(SCRIPT + " " + command + " failed: " + out);
            }
            return out;
        }

        @Override
        public void close() throws IOException, InterruptedException {
            script("stop", dir);
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
