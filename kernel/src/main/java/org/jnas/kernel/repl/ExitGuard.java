package org.jnas.kernel.repl;

import java.util.Arrays;

/**
 * What the classes a cell defines call instead of {@code System.exit}, {@code Runtime.exit} and
 * {@code Runtime.halt} ({@link ExitCalls} rewrites the calls before JShell loads them): each
 * throws {@link ExitNotAllowedException}. Public only because cell classes call it; not an API.
 */
public final class ExitGuard {
    private ExitGuard() {}

    /** Instead of {@code System.exit(status)}. */
    public static void systemExit(int status) {
        throw refused("System.exit", status);
    }

    /** Instead of {@code runtime.exit(status)}. */
    public static void runtimeExit(Runtime runtime, int status) {
        throw refused("Runtime.exit", status);
    }

    /** Instead of {@code runtime.halt(status)}. */
    public static void runtimeHalt(Runtime runtime, int status) {
        throw refused("Runtime.halt", status);
    }

    /** The exception, its stack starting at the user's call (tracebacks end at the kernel's frames). */
    private static ExitNotAllowedException refused(String call, int status) {
        ExitNotAllowedException e = new ExitNotAllowedException(call + "(" + status + ") is not allowed in a notebook"
                + " cell: it would end the kernel; throw an exception or return instead");
        StackTraceElement[] stack = e.getStackTrace();
        int own = 0;
        while (own < stack.length && stack[own].getClassName().equals(ExitGuard.class.getName())) {
            own++;
        }
        e.setStackTrace(Arrays.copyOfRange(stack, own, stack.length));
        return e;
    }
}
