package org.jnas.kernel.repl;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import jdk.jshell.DeclarationSnippet;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.JShell;
import jdk.jshell.JShellException;
import jdk.jshell.Snippet;
import jdk.jshell.UnresolvedReferenceException;
import jdk.jshell.spi.ExecutionControl;

/**
 * A cell's errors as the user wrote the cell: compile errors with the cell's line and a caret,
 * runtime errors with the user's exception class and stack frames down to the first frame of the
 * kernel, each snippet frame as a line of the cell it came from.
 */
final class Tracebacks {
    /** The cell a snippet came from and the cell line the snippet starts on. */
    private record SnippetOrigin(String cell, int firstLine) {}

    private final JShell shell;
    private final SnippetFrames frames;
    private final CellStopper stopper;
    /** Where each snippet (by id) and each expression class (by name) came from. */
    private final Map<String, SnippetOrigin> origins = new ConcurrentHashMap<>();

    Tracebacks(JShell shell, SnippetFrames frames, CellStopper stopper) {
        this.shell = shell;
        this.frames = frames;
        this.stopper = stopper;
    }

    /** Remembers that snippet (or expression class) {@code name} starts on line {@code firstLine} of {@code cell}. */
    void remember(String name, String cell, int firstLine) {
        origins.put(name, new SnippetOrigin(cell, firstLine));
    }

    /** The diagnostics of a rejected snippet that starts at {@code start} of {@code cell}. */
    CellResult compileError(Snippet s, String cell, int start) {
        List<Diag> diags = shell.diagnostics(s).filter(Diag::isError).collect(Collectors.toList());
        if (diags.isEmpty()) {
            return CellResult.error("CompilationError", "the snippet was rejected",
                    List.of("CompilationError: the snippet was rejected: " + s.source().strip()));
        }
        List<String> lines = new ArrayList<>();
        String first = null;
        for (Diag d : diags) {
            // JShell's wrapper classes have no name worth showing.
            String msg = d.getMessage(Locale.ROOT).replaceAll("\\n\\s*location: class\\s*(?=\\n|$)", "");
            if (first == null) {
                first = msg.lines().findFirst().orElse(msg);
            }
            int pos = start + (int) Math.max(0, d.getStartPosition());
            int end = start + (int) Math.max(d.getStartPosition() + 1, d.getEndPosition());
            lines.add("\u001b[1;31mline " + CodeScan.lineOf(cell, pos) + ": " + msg + "\u001b[0m");
            lines.addAll(caret(cell, pos, end));
        }
        return CellResult.error("CompilationError", first, lines);
    }

    /** The source line containing {@code pos} and a caret line under {@code [pos, end)}. */
    static List<String> caret(String cell, int pos, int end) {
        pos = Math.min(pos, cell.length());
        int lineStart = cell.lastIndexOf('\n', pos - 1) + 1;
        int lineEnd = cell.indexOf('\n', pos);
        if (lineEnd < 0) {
            lineEnd = cell.length();
        }
        String line = cell.substring(lineStart, lineEnd);
        int width = Math.max(1, Math.min(end, lineEnd) - pos);
        StringBuilder marks = new StringBuilder();
        for (int i = lineStart; i < pos; i++) {
            marks.append(cell.charAt(i) == '\t' ? '\t' : ' ');
        }
        marks.append("^".repeat(width));
        return List.of("    " + line, "    " + marks);
    }

    /** The error of a snippet JShell ran. */
    CellResult runtimeError(JShellException ex) {
        if (ex instanceof UnresolvedReferenceException u) {
            return unresolved(u.getSnippet());
        }
        return failure(ex, Throwable::getStackTrace);
    }

    /** The error of an expression class: raw stack frames, which name JShell's wrapper classes. */
    CellResult runtimeError(ExecutionControl.RunException ex) {
        if (ex instanceof ExecutionControl.ResolutionException r) {
            String id = String.valueOf(r.id());
            DeclarationSnippet s = shell.snippets().filter(x -> x.id().equals(id) && x instanceof DeclarationSnippet)
                    .map(DeclarationSnippet.class::cast).findFirst().orElse(null);
            if (s != null) {
                return unresolved(s);
            }
        }
        return failure(ex, t -> frames.translate(t.getStackTrace()));
    }

    private CellResult unresolved(DeclarationSnippet snippet) {
        String deps = shell.unresolvedDependencies(snippet).collect(Collectors.joining(", "));
        String msg = snippet.source().strip().lines().findFirst().orElse("") + " uses undefined " + deps;
        return CellResult.error("UnresolvedReferenceException", msg, List.of("UnresolvedReferenceException: " + msg));
    }

    private CellResult failure(Throwable ex, Function<Throwable, StackTraceElement[]> stackOf) {
        String ename = exceptionClass(ex);
        // Whatever a stopped cell threw on its way out (ThreadDeath on JDK 17, InterruptedException
        // from a sleep on JDK 25) is the interrupt, not the user's error.
        if (stopper.requested() || "java.lang.ThreadDeath".equals(ename)) {
            return CellStopper.interrupted();
        }
        List<String> tb = new ArrayList<>();
        Throwable t = ex;
        String prefix = "";
        Set<Throwable> seen = new LinkedHashSet<>();
        while (t != null && seen.add(t)) {
            tb.add("\u001b[1;31m" + prefix + exceptionClass(t) + (t.getMessage() == null ? "" : ": " + t.getMessage()) + "\u001b[0m");
            tb.addAll(userFrames(stackOf.apply(t)));
            t = t.getCause();
            prefix = "Caused by: ";
        }
        return CellResult.error(ename, ex.getMessage(), tb);
    }

    /** The user's exception class behind JShell's and the execution engine's wrappers. */
    private static String exceptionClass(Throwable t) {
        return t instanceof EvalException e ? e.getExceptionClassName()
                : t instanceof ExecutionControl.UserException u ? u.causeExceptionClass() : t.getClass().getName();
    }

    /** Stack frames down to the first frame of the kernel or of reflection; snippet frames as cell lines. */
    List<String> userFrames(StackTraceElement[] stack) {
        List<String> out = new ArrayList<>();
        for (StackTraceElement f : stack) {
            String cls = f.getClassName();
            if (cls.startsWith("jdk.internal.reflect.") || cls.startsWith("java.lang.reflect.")
                    || cls.startsWith("jdk.jshell.") || cls.startsWith("org.jnas.kernel.")) {
                break;
            }
            String file = f.getFileName();
            if (file != null && file.startsWith("#")) {
                SnippetOrigin o = origins.get(file.substring(1));
                // JShell names a cell's own code "" (or do_it$ before translation): show just the line.
                String name = f.getMethodName();
                String method = name.isEmpty() || "do_it$".equals(name) ? "" : name + " ";
                String where = o != null ? "cell [" + o.cell() + "] line " + (o.firstLine() + f.getLineNumber() - 1)
                        : "snippet " + file + ":" + f.getLineNumber();
                out.add("    at " + (method.isEmpty() ? where : method + "(" + where + ")"));
            } else {
                out.add("    at " + f);
            }
        }
        return out;
    }
}
