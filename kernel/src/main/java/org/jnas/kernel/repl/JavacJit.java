package org.jnas.kernel.repl;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.management.ObjectName;

/**
 * Keeps javac and JShell away from the JVM's optimising JIT compiler (C2); they still get the
 * quick one (C1). A cell makes thousands of javac methods hot at once, and in a fresh kernel C2
 * spends seconds compiling them on one of the machine's cores, which slows the very cells that
 * made them hot: on 2 cores the first 200 {@code 1+1} cells took 16 instead of 20 ms (median), and
 * later ones were no slower. The notebook's own code, DJL and the JDK keep C2.
 */
public final class JavacJit {
    private static final Logger LOG = Logger.getLogger(JavacJit.class.getName());
    /** A HotSpot compiler directive (the JSON5 of {@code -XX:CompilerDirectivesFile}). */
    static final String DIRECTIVE = "[{ match: [\"com/sun/tools/javac/*.*\", \"com/sun/source/*.*\", \"jdk/jshell/*.*\"],"
            + " c2: { Exclude: true } }]";

    private JavacJit() {}

    /**
     * Adds {@link #DIRECTIVE} to this JVM (what {@code jcmd <pid> Compiler.directives_add} does),
     * before javac runs. Returns whether the JVM took it; a JVM without the diagnostic command
     * (not HotSpot) only logs it.
     */
    public static boolean keepOffC2() {
        try {
            Path file = Files.createTempFile("jnas-jit-", ".json");
            try {
                Files.writeString(file, DIRECTIVE);
                Object result = ManagementFactory.getPlatformMBeanServer().invoke(
                        new ObjectName("com.sun.management:type=DiagnosticCommand"), "compilerDirectivesAdd",
                        new Object[] {new String[] {file.toString()}}, new String[] {String[].class.getName()});
                boolean added = String.valueOf(result).contains("1 compiler directives added");
                if (!added) {
                    LOG.info("the JVM did not take the javac JIT directive: " + result);
                }
                return added;
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (Exception | LinkageError e) {
            LOG.log(Level.INFO, "javac stays on the JVM's default JIT policy", e);
            return false;
        }
    }
}
