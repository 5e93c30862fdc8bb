package org.jnas.kernel.session;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.management.ObjectName;
import org.jnas.kernel.repl.Repl;

/**
 * Everything the kernel does so that its first cells are quick, in the order it happens: the
 * first kernel_info reply goes out before anything else; then the JIT policy (on a thread of its
 * own) and, on the execution thread, the repl's start and warm-up, one full collection, and
 * warm-up rounds until the first cell comes; JShell's class-path index waits until no cell has
 * come for a second.
 *
 * <p>JShell compiles every cell with javac, which runs slowly until the JIT has compiled it, and on
 * a small machine whatever runs beside the first cells (the JIT's compiler threads, JShell's index,
 * the garbage collector) takes a core from them. Each step below moves such work out of the first
 * cells' way; none of it changes what a cell does.
 */
public final class StartupTuning {
    private static final Logger LOG = Logger.getLogger(StartupTuning.class.getName());

    /**
     * C2 for code that is really hot only: ten times HotSpot's invocation and loop counts before a
     * method goes from C1 to C2. javac and JShell make hundreds of the JDK's own methods warm
     * (collections, strings, the zip file system javac reads jars with); with the default counts C2
     * compiles them on one of the machine's cores while the first cells run, and while its queue is
     * long C1 compiles methods twice (with limited, then full profiling). A notebook's hot loops
     * reach these counts within their first seconds and get C2 as usual. The installer writes them
     * into the kernelspec ({@code KernelMain --jvm-options}).
     */
    public static final List<String> JVM_OPTIONS = List.of("-XX:Tier4InvocationThreshold=50000",
            "-XX:Tier4MinInvocationThreshold=6000", "-XX:Tier4CompileThreshold=150000",
            "-XX:Tier4BackEdgeThreshold=400000");

    /**
     * Keeps the kernel's own machinery off the JVM's optimising JIT compiler (C2): javac and JShell,
     * which compile every cell, and the message path (this kernel's classes, Gson, JeroMQ). They
     * still get the quick compiler (C1). A cell makes thousands of their methods hot at once; in a
     * fresh kernel C2 would then spend seconds compiling them on one of the machine's cores, which
     * slows the very cells that made them hot, and later cells are no slower without it. The
     * notebook's code, nas-lib, DJL and the JDK keep C2 (C2 also stops inlining a method it was told
     * not to compile). The stop check that cell code calls in every loop and method (StopCheck) is
     * the exception: cell code must be able to inline it, else each check is a real call. A HotSpot
     * compiler directive (the JSON5 of {@code -XX:CompilerDirectivesFile}, whose first matching
     * entry applies); a class pattern ending in * covers subpackages.
     */
    static final String JIT_DIRECTIVE = "[{ match: \"org/jnas/kernel/repl/StopCheck.*\", c2: { Exclude: false } },"
            + " { match: [\"com/sun/tools/javac/*.*\", \"com/sun/source/*.*\", \"jdk/jshell/*.*\","
            + " \"org/jnas/kernel/*.*\", \"com/google/gson/*.*\", \"zmq/*.*\", \"org/zeromq/*.*\"], c2: { Exclude: true } }]";

    /** Warm-up rounds before the first cell: a few seconds of javac work, so that an idle kernel soon stops using a core. */
    static final int WARM_UP_ROUNDS = 150;

    /** How long no cell may arrive before JShell indexes the class path. */
    static final long IDLE_BEFORE_INDEXING_MS = 1000;

    private final ExecutionQueue queue;
    private final BooleanSupplier cellRunning;
    private final CountDownLatch firstInfoAnswered = new CountDownLatch(1);
    private volatile boolean cellsStarted;

    /**
     * @param queue the execution thread the repl starts and warms up on
     * @param cellRunning whether a cell runs now (the class-path index waits for none)
     */
    StartupTuning(ExecutionQueue queue, BooleanSupplier cellRunning) {
        this.queue = queue;
        this.cellRunning = cellRunning;
    }

    /**
     * Starts the repl on the execution thread, tuned: the first kernel_info reply first (on a small
     * machine javac's warm-up competes with it; at most a second is spent waiting when no frontend
     * asks), the JIT policy on a thread of its own beside JShell's start (the directive starts JMX,
     * which takes a moment; javac's methods take longer than that to get hot), the repl's own
     * warm-up, and one full collection.
     *
     * <p>The collection: JShell's start-up leaves long-lived compiler state among the young objects,
     * which the young collections of the first cells would copy to and fro and promote, pausing
     * those cells (mostly for the first touch of old-generation pages). One full collection now,
     * before any cell runs, moves it to the old generation at once, and the young collections of the
     * first cells stay short.
     *
     * <p>Once the repl is ready, warm-up rounds run while no cell has come ({@link #keepWarming}) and
     * the class-path index waits for an idle second ({@link #indexClassPathWhenIdle}).
     */
    CompletableFuture<Repl> start(Supplier<? extends Repl> factory) {
        CompletableFuture<Repl> repl = queue.supply(() -> {
            try {
                firstInfoAnswered.await(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Thread jit = new Thread(StartupTuning::keepKernelOffC2, "jnas-jit-policy");
            jit.setDaemon(true);
            jit.start();
            Repl r = factory.get();
            r.warmUp();
            System.gc();
            return r;
        });
        repl.thenAccept(r -> keepWarming(r, 0));
        repl.thenAccept(this::indexClassPathWhenIdle);
        return repl;
    }

    /** The first kernel_info reply has been handed to the sockets: the repl may start. */
    void firstInfoAnswered() {
        firstInfoAnswered.countDown();
    }

    /** An execute request came (on the I/O thread): warm-up ends for good. */
    void cellArrived() {
        cellsStarted = true;
    }

    /**
     * javac runs slowly until the JIT has compiled it, so a trivial cell takes longer in a fresh
     * kernel than later. The time between start-up and the first cell (a user opening a notebook,
     * reading) goes into compiling throw-away snippets. Warming ends for good when the first cell
     * arrives (it waits at most for the round under way, a single short compile), and a round always
     * yields to queued requests, so it never competes with them.
     */
    private void keepWarming(Repl r, int round) {
        if (round >= WARM_UP_ROUNDS || cellsStarted) {
            return;
        }
        queue.background(() -> {
            if (cellsStarted) {
                return;
            }
            if (queue.hasQueuedWork()) {
                keepWarming(r, round);
                return;
            }
            r.warmUpRound();
            keepWarming(r, round + 1);
        });
    }

    /**
     * JShell indexes the class path for completing package names, which keeps a core busy and
     * allocates much: it waits until no cell has come for a while, so that a notebook run at once
     * (or Run All) does not share the machine with it. Called once the repl is ready: checks every
     * second, on the JDK's delay-scheduler thread (without an executor it would go to the common
     * pool, which on two cores means a new thread each time), until a second passed with no cell
     * arriving or running.
     */
    private void indexClassPathWhenIdle(Repl r) {
        long cellsSoFar = queue.cellsSubmitted();
        CompletableFuture.delayedExecutor(IDLE_BEFORE_INDEXING_MS, TimeUnit.MILLISECONDS, Runnable::run).execute(() -> {
            if (queue.cellsSubmitted() == cellsSoFar && !cellRunning.getAsBoolean()) {
                r.indexClassPath();
            } else {
                indexClassPathWhenIdle(r);
            }
        });
    }

    /**
     * Adds {@link #JIT_DIRECTIVE} to this JVM (what {@code jcmd <pid> Compiler.directives_add}
     * does), before javac runs. Returns whether the JVM took it; a JVM without the diagnostic
     * command (not HotSpot) only logs it.
     */
    static boolean keepKernelOffC2() {
        try {
            Path file = Files.createTempFile("jnas-jit-", ".json");
            try {
                Files.writeString(file, JIT_DIRECTIVE);
                Object result = ManagementFactory.getPlatformMBeanServer().invoke(
                        new ObjectName("com.sun.management:type=DiagnosticCommand"), "compilerDirectivesAdd",
                        new Object[] {new String[] {file.toString()}}, new String[] {String[].class.getName()});
                boolean added = String.valueOf(result).contains("2 compiler directives added"); // both entries
                if (!added) {
                    LOG.info("the JVM did not take the kernel's JIT directive: " + result);
                }
                return added;
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (Exception | LinkageError e) {
            LOG.log(Level.INFO, "the kernel stays on the JVM's default JIT policy", e);
            return false;
        }
    }
}
