package org.jnas.kernel.repl;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import jdk.jshell.Diag;
import jdk.jshell.ExpressionSnippet;
import jdk.jshell.ImportSnippet;
import jdk.jshell.JShell;
import jdk.jshell.MethodSnippet;
import jdk.jshell.PersistentSnippet;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.VarSnippet;

/**
 * Runs a cell. {@code JShell.eval} evaluates only the first complete snippet of its input, so a
 * cell is split into snippets with {@code analyzeCompletion} and run one by one, stopping at the
 * first error; a final expression, or a cell that is one expression, takes the
 * {@link ExpressionPath} when it compiles there. Values are read as objects from the snippets'
 * wrapper classes, for rendering.
 */
final class CellEvaluator {
    private final JShell shell;
    private final SourceCodeAnalysis analysis;
    private final CapturingExecutionControl control;
    private final ExpressionPath expressions;
    private final Tracebacks tracebacks;
    private final CellStopper stopper;
    private final Runnable freshCompiler;
    /** The wrapper class of each variable's latest declaration, to read its value from. */
    private final Map<String, Class<?>> varClasses = new ConcurrentHashMap<>();
    /** The classes the execution control loaded during the snippet being evaluated, by binary name. */
    private final List<String> loadedBySnippet = new CopyOnWriteArrayList<>();

    /**
     * @param freshCompiler makes JShell compile with new javac contexts: after an error in code
     *     generation, the one it reuses may fail every later snippet (see {@link #failedToGenerate})
     */
    CellEvaluator(JShell shell, SourceCodeAnalysis analysis, CapturingExecutionControl control, ExpressionPath expressions,
            Tracebacks tracebacks, CellStopper stopper, Runnable freshCompiler) {
        this.shell = shell;
        this.analysis = analysis;
        this.control = control;
        this.expressions = expressions;
        this.tracebacks = tracebacks;
        this.stopper = stopper;
        this.freshCompiler = freshCompiler;
        control.onLoad(classes -> Arrays.stream(classes).forEach(c -> loadedBySnippet.add(c.name())));
    }

    /** Runs every snippet of {@code code} in order, stopping at the first error. */
    CellResult eval(String code, String cellLabel) {
        boolean wholeCellTried = CodeScan.mayBeShownExpression(code) && !CodeScan.hasTopLevelSemicolon(code);
        if (wholeCellTried) {
            // A one-expression cell, the most common kind: no need for JShell's cell splitting.
            CellResult r = expressions.eval(code, CodeScan.lineOf(code, code.length() - code.stripLeading().length()), cellLabel);
            if (r != null) {
                return r;
            }
        }
        String remaining = code;
        int consumed = 0;
        CellResult last = CellResult.empty();
        while (!remaining.isBlank()) {
            if (stopper.requested()) {
                return CellStopper.interrupted();
            }
            SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(remaining);
            String source;
            String rest;
            if (info.completeness().isComplete()) {
                source = info.source();
                rest = info.remaining();
            } else {
                // Incomplete or unparseable: let JShell report the error for the whole rest.
                source = remaining;
                rest = "";
            }
            int start = consumed + CodeScan.leadingWhitespace(remaining);
            int firstLine = CodeScan.lineOf(code, start);
            // JShell reports positions relative to the snippet source, which may keep leading blanks.
            int sourceLead = CodeScan.leadingWhitespace(source);
            CellResult r = null;
            if (rest.isBlank() && info.completeness() == SourceCodeAnalysis.Completeness.COMPLETE
                    && CodeScan.mayBeShownExpression(source) && !(wholeCellTried && consumed == 0)) {
                r = expressions.eval(source, firstLine, cellLabel);
            }
            if (r == null) {
                r = evalSnippet(source, code, start - sourceLead, firstLine, cellLabel);
            }
            if (!r.ok()) {
                return r;
            }
            last = r;
            consumed += remaining.length() - rest.length();
            remaining = rest;
        }
        return last;
    }

    private CellResult evalSnippet(String source, String cell, int start, int firstLine, String cellLabel) {
        loadedBySnippet.clear();
        List<SnippetEvent> events = shell.eval(source);
        keepRedeclaredValues(events);
        CellResult result = CellResult.empty();
        for (SnippetEvent e : events) {
            Snippet s = e.snippet();
            if (e.causeSnippet() != null) {
                continue;
            }
            tracebacks.remember(s.id(), cellLabel, firstLine);
            if (e.status() == Snippet.Status.REJECTED) {
                return tracebacks.compileError(s, cell, start);
            }
            if (failedToGenerate(e)) {
                CellResult error = tracebacks.compileError(s, cell, start);
                shell.drop(s);
                freshCompiler.run();
                return error;
            }
            if (e.exception() != null) {
                if (s instanceof VarSnippet v && v.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND) {
                    shell.drop(v);
                }
                return tracebacks.runtimeError(e.exception());
            }
            if (stopper.requested()) {
                return CellStopper.interrupted();
            }
            if (s instanceof VarSnippet v && v.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND) {
                // No $N variable outlives its cell: JShell wraps every later snippet with an import of
                // each one, so a session's cells would get slower with every expression it showed.
                // The kernel keeps the value as Out[n] instead (Display.out).
                if (control.lastClass() != null) {
                    result = CellResult.value(CapturingExecutionControl.readField(control.lastClass(), v.name()));
                }
                shell.drop(v);
            } else if (s instanceof VarSnippet v && control.lastClass() != null) {
                varClasses.put(v.name(), control.lastClass());
            } else if (s instanceof ExpressionSnippet x && x.subKind() == Snippet.SubKind.VAR_VALUE_SUBKIND) {
                Class<?> owner = varClasses.get(x.name());
                if (owner != null) {
                    result = CellResult.value(CapturingExecutionControl.readField(owner, x.name()));
                }
            }
        }
        if (events.isEmpty() && stopper.requested()) {
            return CellStopper.interrupted();
        }
        return result;
    }

    /**
     * Gives back the values of the variables JShell declared again because of this snippet: a new
     * import (e.g. {@code import ai.djl.training.*;}) can make it recompile earlier declarations
     * into new wrapper classes, whose fields start at null, so {@code space} and every other
     * variable of the notebook read null in the next cell. Each value moves to its new field when it
     * still fits the declared type; otherwise the cell says which variable was reset.
     */
    private void keepRedeclaredValues(List<SnippetEvent> events) {
        for (SnippetEvent e : events) {
            // broken, not replaced: a declaration run again or an import repeated leaves its old
            // snippet OVERWRITTEN, which is no news
            boolean broken = e.status() == Snippet.Status.RECOVERABLE_NOT_DEFINED || e.status() == Snippet.Status.REJECTED;
            if (e.causeSnippet() != null && broken && e.previousStatus().isDefined() && e.snippet() instanceof PersistentSnippet p
                    && !(p instanceof ImportSnippet)) {
                sayBroken(p, e.causeSnippet());
            }
            if (e.causeSnippet() == null || !(e.snippet() instanceof VarSnippet v) || !e.status().isDefined()) {
                continue;
            }
            Class<?> before = varClasses.get(v.name());
            Class<?> now = loadedBySnippet.stream().map(control::definedClass)
                    .filter(c -> c != null && c != before && declares(c, v.name())).reduce((a, b) -> b).orElse(null);
            if (before == null || now == null) {
                continue;
            }
            Object value = CapturingExecutionControl.readField(before, v.name());
            if (value == null || CapturingExecutionControl.writeField(now, v.name(), value)) {
                varClasses.put(v.name(), now);
            } else {
                System.err.println("variable " + v.name() + " was reset: '" + e.causeSnippet().source().strip()
                        + "' changed what its type " + v.typeName() + " means; run the cell that sets it again");
            }
        }
    }

    /**
     * Says on the cell's stderr that a later cell broke an earlier declaration, which JShell does
     * silently: {@code import java.awt.*;} makes {@code List} ambiguous, and every variable declared
     * with it "cannot be found". A variable's value stays in its old class, and comes back once its
     * declaration compiles again (keepRedeclaredValues).
     */
    private void sayBroken(PersistentSnippet broken, Snippet cause) {
        String what = broken instanceof VarSnippet ? "variable " : broken instanceof MethodSnippet ? "method " : "type ";
        String why = shell.diagnostics(broken).filter(Diag::isError).findFirst()
                .map(d -> d.getMessage(null).lines().map(String::strip).collect(Collectors.joining(" ")))
                .orElse("it depends on something no longer defined");
        System.err.println(what + broken.name() + " can no longer be used: after '" + cause.source().strip()
                + "' its declaration does not compile (" + why + ")."
                + (broken instanceof VarSnippet ? " Its value is kept: make the declaration compile again"
                        + " (e.g. import by name the class you meant) and it is back." : ""));
    }

    private static boolean declares(Class<?> wrapper, String field) {
        return Arrays.stream(wrapper.getDeclaredFields()).anyMatch(f -> f.getName().equals(field));
    }

    /**
     * Whether javac failed on the snippet after JShell accepted it: a recoverable status (the one
     * of a snippet that only waits for a missing name) that carries errors, which come from code
     * generation ("constant string too long", "code too large"). Nothing ran then, and the snippet
     * must not stay: JShell would keep it, so later cells would compile against it. Worse, javac
     * leaves such a failure in the compiler context JShell reuses, so every later snippet fails
     * with "too long for the constant pool" (also in plain jshell, JDK 17 and 25).
     */
    private boolean failedToGenerate(SnippetEvent e) {
        return (e.status() == Snippet.Status.RECOVERABLE_DEFINED || e.status() == Snippet.Status.RECOVERABLE_NOT_DEFINED)
                && shell.diagnostics(e.snippet()).anyMatch(Diag::isError);
    }
}
