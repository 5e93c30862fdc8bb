package org.jnas.kernel;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.management.ObjectName;

/**
 * Keeps the kernel's own machinery away from the JVM's optimising JIT compiler (C2): javac and
 * JShell, which compile every cell, and the message path (this kernel's classes, Gson, JeroMQ).
 * They still get the quick compiler (C1). A cell makes thousands of their methods hot at once; in
 * a fresh kernel C2 then spends seconds compiling them on one of the machine's cores, which slows
 * the very cells that made them hot. On 2 cores the first 200 {@code 1+1} cells of a fresh kernel
 * took 13-14 ms instead of 17 (median) and later ones were no slower. The notebook's code, nas-lib,
 * DJL and the JDK keep C2 (C2 also stops inlining a method it was told not to compile).
 */
final class JitPolicy {
    private static final Logger LOG = Logger.getLogger(JitPolicy.class.getName());
    /** A HotSpot compiler directive (the JSON5 of {@code -XX:CompilerDirectivesFile}); a class pattern ending in * covers subpackages. */
    static final String DIRECTIVE = "[{ match: [\"com/sun/tools/javac/*.*\", \"com/sun/source/*.*\", \"jdk/jshell/*.*\","
            + " \"org/jnas/kernel/*.*\", \"com/google/gson/*.*\", \"zmq/*.*\", \"org/zeromq/*.*\"], c2: { Exclude: true } }]";

    /**
     * C2 for code that is really hot only: ten times HotSpot's invocation and loop counts before a
     * method goes from C1 to C2. javac and JShell make hundreds of the JDK's own methods warm
     * (collections, strings, the zip file system javac reads jars with); in a fresh kernel C2
     * compiled them on one of the two cores while the first cells ran, and while its queue was long
     * C1 compiled methods twice (with limited, then full profiling). A notebook's hot loops reach
     * these counts within their first seconds and get C2 as before.
     */
    static final List<String> JVM_OPTIONS = List.of("-XX:Tier4InvocationThreshold=50000",
            "-XX:Tier4MinInvocationThreshold=6000", "-XX:Tier4CompileThreshold=150000",
            "-XX:Tier4BackEdgeThreshold=400000");

    private JitPolicy() {}

    /**
     * Adds {@link #DIRECTIVE} to this JVM (what {@code jcmd <pid> Compiler.directives_add} does),
     * before javac runs. Returns whether the JVM took it; a JVM without the diagnostic command
     * (not HotSpot) only logs it.
     */
    static boolean keepKernelOffC2() {
        try {
            Path file = Files.createTempFile("jnas-jit-", ".json");
            try {
                Files.writeString(file, DIRECTIVE);
                Object result = ManagementFactory.getPlatformMBeanServer().invoke(
                        new ObjectName("com.sun.management:type=DiagnosticCommand"), "compilerDirectivesAdd",
                        new Object[] {new String[] {file.toString()}}, new String[] {String[].class.getName()});
                boolean added = String.valueOf(result).contains("1 compiler directives added");
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
