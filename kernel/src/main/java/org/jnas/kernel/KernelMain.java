package org.jnas.kernel;

import java.io.File;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.jnas.kernel.protocol.ConnectionInfo;
import org.jnas.kernel.protocol.Signer;
import org.jnas.kernel.protocol.WireCodec;
import org.jnas.kernel.repl.JShellRepl;
import org.jnas.kernel.session.Kernel;
import org.jnas.kernel.session.StartupTuning;
import org.jnas.kernel.transport.ZmqTransport;
import org.jnas.nas.internal.CodeStopper;
import org.jnas.nas.internal.DefinedClasses;

/**
 * Starts the kernel: {@code java <options> -cp <kernel-lib>/* org.jnas.kernel.KernelMain <connection-file>},
 * where the options include those {@code KernelMain --jvm-options} prints (one per line; the
 * installer writes them into the kernelspec); {@code KernelMain --jshell-startup} prints the
 * imports of the NAS API, the start-up file of the {@code jnas-jshell} launcher. System property {@code jnas.maxMessageBytes} bounds
 * incoming messages (default 64 MiB): a larger frame is refused as soon as its header declares its
 * size, a larger message once its frames are in. Should the sockets stop working (a thread of
 * theirs died), the process ends with status {@value #EXIT_SOCKETS_FAILED}, so that Jupyter's
 * restarter starts a new kernel.
 */
public final class KernelMain {
    private static final Logger LOG = Logger.getLogger(KernelMain.class.getName());
    /** The exit status of a kernel whose sockets stopped working. */
    public static final int EXIT_SOCKETS_FAILED = 70;
    /**
     * The JVM options the kernel asks for, for the JDK that prints them: javac's exports (see
     * JShellRepl), the JIT's thresholds (see StartupTuning) and the JDK's permissions ({@link #quietJdk}).
     */
    public static final List<String> JVM_OPTIONS = Stream.of(JShellRepl.JVM_OPTIONS, StartupTuning.JVM_OPTIONS,
            quietJdk(Runtime.version().feature())).flatMap(List::stream).toList();

    private KernelMain() {}

    /**
     * What lets the kernel's libraries do, without a warning at every start on the terminal that runs
     * Jupyter, what the JDK now asks to be allowed: JNA (PyTorch's loader) and sqlite-jdbc call
     * {@code System.load}, a restricted method from JDK 22 (JDK 17 takes the option too); Tablesaw's
     * classgraph calls {@code sun.misc.Unsafe}, which JDK 24 warns about, and whose option JDK 17
     * refuses, so it comes from JDK 23 on.
     */
    static List<String> quietJdk(int feature) {
        return feature >= 23 ? List.of("--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow")
                : List.of("--enable-native-access=ALL-UNNAMED");
    }

    /**
     * Binds the connection file's ports, answers requests at once and warms JShell in the background.
     *
     * @param args the connection file
     */
    public static void main(String[] args) throws Exception {
        if (args.length == 1 && args[0].equals("--jvm-options")) {
            JVM_OPTIONS.forEach(System.out::println);
            return;
        }
        if (args.length == 1 && args[0].equals("--jshell-startup")) {
            JShellRepl.NAS_IMPORTS.forEach(System.out::println);
            return;
        }
        if (args.length != 1) {
            System.err.println("usage: java -cp <kernel-lib>/* org.jnas.kernel.KernelMain"
                    + " <connection-file> | --jvm-options | --jshell-startup");
            System.exit(2);
        }
        // Bind the log handler to the real stderr before System.err is captured for cells.
        Logger.getLogger("").getHandlers();
        ConnectionInfo info = ConnectionInfo.read(Path.of(args[0]));
        WireCodec codec = new WireCodec(Signer.create(info.signatureScheme(), info.key()),
                Long.getLong("jnas.maxMessageBytes", WireCodec.DEFAULT_MAX_BYTES));
        ZmqTransport transport = new ZmqTransport(info, codec, cause -> {
            // Alive but deaf, the kernel would hold its session forever: Jupyter restarts a dead one.
            LOG.severe("the kernel's sockets stopped working (" + cause + "): exiting");
            Runtime.getRuntime().halt(EXIT_SOCKETS_FAILED);
        });
        // A cancelled trial whose evaluator, written in a cell, ignores its stop is stopped as a cell is.
        CodeStopper.install(JShellRepl.cellCodeStopper());
        List<String> classpath = Arrays.asList(System.getProperty("java.class.path").split(File.pathSeparator));
        Kernel kernel = new Kernel(transport, UUID.randomUUID().toString(), () -> {
            JShellRepl repl = JShellRepl.create(classpath);
            // A Slurm backend ships the classes cells define, and the variables they read, to its jobs.
            DefinedClasses.register(repl.definedClasses());
            return repl;
        }, () -> {
            LOG.fine("shutdown: exiting");
            transport.close();
            Runtime.getRuntime().halt(0);
        });
        transport.start(kernel::accept);
        // The I/O, heartbeat and execution threads are daemons: main keeps the process alive.
        Thread.currentThread().join();
    }
}
