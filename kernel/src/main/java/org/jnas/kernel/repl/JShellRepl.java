package org.jnas.kernel.repl;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.ExpressionSnippet;
import jdk.jshell.JShell;
import jdk.jshell.JShellException;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.UnresolvedReferenceException;
import jdk.jshell.VarSnippet;

/**
 * A JShell with local execution in this JVM. Not thread-safe except {@link #stop()}: the kernel
 * calls everything else from its one execution thread.
 */
public final class JShellRepl implements AutoCloseable {
    /** Imports every cell sees: the JShell tool's defaults, the display helpers and the NAS API. */
    public static final List<String> DEFAULT_IMPORTS = List.of(
            "import java.io.*;", "import java.math.*;", "import java.net.*;", "import java.nio.file.*;",
            "import java.util.*;", "import java.util.concurrent.*;", "import java.util.function.*;",
            "import java.util.regex.*;", "import java.util.stream.*;",
            "import static org.jnas.kernel.display.Display.*;", "import org.jnas.nas.*;",
            "import org.jnas.nas.report.*;");

    /** The variable a cell's final expression is evaluated into (and dropped from right after). */
    private static final String SHOWN_VALUE = "$jnasShown";

    private final CapturingExecutionControl control = new CapturingExecutionControl();
    private final JShell shell;
    private final SourceCodeAnalysis analysis;
    private final Map<String, Class<?>> varClasses = new ConcurrentHashMap<>();
    private final Map<String, SnippetOrigin> origins = new ConcurrentHashMap<>();
    /** How many cells showed their value through {@link #evalShownExpression}; for tests. */
    private long shownAsDeclaration;
    private volatile boolean stopRequested;
    private volatile boolean running;

    private record SnippetOrigin(String cell, int firstLine) {}

    private JShellRepl(List<String> classpath) {
        JShell.Builder builder = JShell.builder().executionEngine(new CapturingExecutionControl.Provider(control), Map.of());
        this.shell = builder.build();
        this.analysis = shell.sourceCodeAnalysis();
        for (String entry : classpath) {
            shell.addToClasspath(entry);
        }
    }

    /**
     * Creates a shell that compiles against {@code classpath} (the kernel's own class path; the
     * classes themselves are shared with this JVM) and runs the default imports.
     */
    public static JShellRepl create(List<String> classpath) {
        JShellRepl repl = new JShellRepl(classpath);
        for (String imp : DEFAULT_IMPORTS) {
            repl.shell.eval(imp);
        }
        return repl;
    }

    /** Makes javac and the snippet class loader ready, so the first real cell is quick. */
    public void warmUp() {
        warmUpRound();
        complete("String.val", 10);
    }

    /**
     * Compiles and runs a few throw-away snippets of the kinds cells are made of, leaving no trace:
     * the kernel calls it while idle so that the JIT has compiled javac before the user's cells.
     */
    public void warmUpRound() {
        eval("1 + 1", "warm-up");
        eval("int $jnasWarm = Math.max(1, 2);", "warm-up");
        shell.variables().filter(v -> v.name().equals("$jnasWarm")).forEach(shell::drop);
    }

    long shownAsDeclaration() {
        return shownAsDeclaration;
    }

    /** Snippets (imports, declarations) the shell currently keeps; each is part of every later compile. */
    long activeSnippetCount() {
        return shell.snippets().filter(s -> shell.status(s).isActive()).count();
    }

    /** Adds a jar or directory to the compiler's and the snippet loader's class path. */
    public void addToClasspath(String path) {
        shell.addToClasspath(path);
    }

    /**
     * Stops the running cell, if any; callable from any thread. JShell's stop only acts while user
     * code runs, so a stop that arrives while the cell still compiles is repeated until the cell ends.
     */
    public void stop() {
        if (!running) {
            return;
        }
        stopRequested = true;
        shell.stop();
        Thread retry = new Thread(() -> {
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (running && stopRequested && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
                shell.stop();
            }
        }, "jnas-stop");
        retry.setDaemon(true);
        retry.start();
    }

    /**
     * Runs every snippet of a cell in order, stopping at the first error.
     *
     * @param code the cell's source
     * @param cellLabel how tracebacks name this cell, e.g. the execution count
     */
    public CellResult eval(String code, String cellLabel) {
        stopRequested = false;
        running = true;
        try {
            return evalCell(code, cellLabel);
        } finally {
            running = false;
            stopRequested = false;
        }
    }

    private CellResult evalCell(String code, String cellLabel) {
        String remaining = code;
        int consumed = 0;
        CellResult last = CellResult.empty();
        while (!remaining.isBlank()) {
            if (stopRequested) {
                return interrupted();
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
            int lead = 0;
            while (lead < remaining.length() && Character.isWhitespace(remaining.charAt(lead))) {
                lead++;
            }
            int start = consumed + lead;
            int firstLine = lineOf(code, start);
            // JShell reports positions relative to the snippet source, which may keep leading blanks.
            int sourceLead = 0;
            while (sourceLead < source.length() && Character.isWhitespace(source.charAt(sourceLead))) {
                sourceLead++;
            }
            CellResult r = null;
            if (rest.isBlank() && info.completeness() == SourceCodeAnalysis.Completeness.COMPLETE
                    && mayBeShownExpression(source)) {
                r = evalShownExpression(source, firstLine, cellLabel);
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

    /**
     * Evaluates a cell's final expression (no semicolon: its value is shown) as a declaration of an
     * {@code Object} variable. JShell gives an expression a variable of its static type, which costs
     * javac an extra analysis; this way a value cell compiles about a third faster. Returns null,
     * having run nothing, when the code is not such an expression (a declaration, a void call, an
     * unresolved name): the caller then evaluates it as typed and reports JShell's own diagnostics.
     */
    private CellResult evalShownExpression(String expression, int firstLine, String cellLabel) {
        // The newline keeps a trailing line comment from swallowing the semicolon.
        List<SnippetEvent> events = shell.eval("Object " + SHOWN_VALUE + " = " + expression.strip() + "\n;");
        SnippetEvent own = events.stream().filter(e -> e.causeSnippet() == null).findFirst().orElse(null);
        if (own == null) {
            return null;
        }
        try {
            if (own.status() != Snippet.Status.VALID) {
                return null;
            }
            origins.put(own.snippet().id(), new SnippetOrigin(cellLabel, firstLine));
            if (own.exception() != null) {
                return runtimeError(own.exception());
            }
            if (stopRequested) {
                return interrupted();
            }
            Class<?> owner = control.lastClass();
            shownAsDeclaration++;
            return owner == null ? CellResult.empty() : CellResult.value(readField(owner, SHOWN_VALUE));
        } finally {
            if (own.status().isActive()) {
                shell.drop(own.snippet());
            }
        }
    }

    /**
     * Whether a cell's last snippet can be a value to show: not a statement or declaration ending in
     * {@code ;} or a block (a void call like {@code println(x);} would cost a failed compile first),
     * and no assignment.
     */
    static boolean mayBeShownExpression(String source) {
        String code = source.strip();
        return !code.endsWith(";") && !code.endsWith("}") && !hasTopLevelAssignment(code);
    }

    /**
     * Whether {@code code} has an {@code =} outside brackets, strings and comments other than
     * {@code ==} and {@code !=}: an assignment (shown as nothing, like IPython) or a declaration.
     * Comparisons like {@code a <= b} also count; they only take the slower path.
     */
    static boolean hasTopLevelAssignment(String code) {
        int depth = 0;
        for (int i = 0; i < code.length(); i++) {
            char c = code.charAt(i);
            char next = i + 1 < code.length() ? code.charAt(i + 1) : 0;
            if (c == '"' || c == '\'') {
                i = skipLiteral(code, i);
            } else if (c == '/' && next == '/') {
                i = Math.max(i, code.indexOf('\n', i) < 0 ? code.length() : code.indexOf('\n', i));
            } else if (c == '/' && next == '*') {
                int end = code.indexOf("*/", i + 2);
                i = end < 0 ? code.length() : end + 1;
            } else if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                depth--;
            } else if (c == '=' && depth == 0) {
                char prev = i > 0 ? code.charAt(i - 1) : 0;
                if (next == '=') {
                    i++;
                } else if (prev != '!') {
                    return true;
                }
            }
        }
        return false;
    }

    /** The index of the quote closing the string, text block or char literal opened at {@code open}. */
    private static int skipLiteral(String code, int open) {
        char quote = code.charAt(open);
        if (quote == '"' && code.startsWith("\"\"\"", open)) {
            int end = code.indexOf("\"\"\"", open + 3);
            return end < 0 ? code.length() : end + 2;
        }
        for (int i = open + 1; i < code.length(); i++) {
            char c = code.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == quote || c == '\n') {
                return i;
            }
        }
        return code.length();
    }

    private CellResult evalSnippet(String source, String cell, int start, int firstLine, String cellLabel) {
        List<SnippetEvent> events = shell.eval(source);
        CellResult result = CellResult.empty();
        for (SnippetEvent e : events) {
            Snippet s = e.snippet();
            if (e.causeSnippet() != null) {
                continue;
            }
            origins.put(s.id(), new SnippetOrigin(cellLabel, firstLine));
            if (e.status() == Snippet.Status.REJECTED) {
                return compileError(s, cell, start);
            }
            if (e.exception() != null) {
                if (s instanceof VarSnippet v && v.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND) {
                    shell.drop(v);
                }
                return runtimeError(e.exception());
            }
            if (stopRequested) {
                return interrupted();
            }
            if (s instanceof VarSnippet v && v.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND) {
                // No $N variable outlives its cell: JShell wraps every later snippet with an import of
                // each one, so a session's cells would get slower with every expression it showed.
                // The kernel keeps the value as Out[n] instead (Display.out).
                if (control.lastClass() != null) {
                    result = CellResult.value(readField(control.lastClass(), v.name()));
                }
                shell.drop(v);
            } else if (s instanceof VarSnippet v && control.lastClass() != null) {
                varClasses.put(v.name(), control.lastClass());
            } else if (s instanceof ExpressionSnippet x && x.subKind() == Snippet.SubKind.VAR_VALUE_SUBKIND) {
                Class<?> owner = varClasses.get(x.name());
                if (owner != null) {
                    result = CellResult.value(readField(owner, x.name()));
                }
            }
        }
        if (events.isEmpty() && stopRequested) {
            return interrupted();
        }
        return result;
    }

    private static CellResult interrupted() {
        return CellResult.error("InterruptedException", "the cell was interrupted",
                List.of("InterruptedException: the cell was interrupted"));
    }

    private static Object readField(Class<?> owner, String name) {
        try {
            Field f = owner.getDeclaredField(name);
            f.setAccessible(true);
            return f.get(null);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    private CellResult compileError(Snippet s, String cell, int start) {
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
            lines.add("\u001b[1;31mline " + lineOf(cell, pos) + ": " + msg + "\u001b[0m");
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

    private static int lineOf(String text, int index) {
        int line = 1;
        for (int i = 0; i < Math.min(index, text.length()); i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    private CellResult runtimeError(JShellException ex) {
        if (ex instanceof UnresolvedReferenceException u) {
            String deps = shell.unresolvedDependencies(u.getSnippet()).collect(Collectors.joining(", "));
            String msg = u.getSnippet().source().strip().lines().findFirst().orElse("")
                    + " uses undefined " + deps;
            return CellResult.error("UnresolvedReferenceException", msg, List.of("UnresolvedReferenceException: " + msg));
        }
        String ename = ex instanceof EvalException ee ? ee.getExceptionClassName() : ex.getClass().getName();
        // Whatever a stopped cell threw on its way out (ThreadDeath on JDK 17, InterruptedException
        // from a sleep on JDK 25) is the interrupt, not the user's error.
        if (stopRequested || "java.lang.ThreadDeath".equals(ename)) {
            return interrupted();
        }
        List<String> tb = new ArrayList<>();
        Throwable t = ex;
        String prefix = "";
        Set<Throwable> seen = new LinkedHashSet<>();
        while (t != null && seen.add(t)) {
            String name = t instanceof EvalException e ? e.getExceptionClassName() : t.getClass().getName();
            tb.add("\u001b[1;31m" + prefix + name + (t.getMessage() == null ? "" : ": " + t.getMessage()) + "\u001b[0m");
            tb.addAll(userFrames(t.getStackTrace()));
            t = t.getCause();
            prefix = "Caused by: ";
        }
        return CellResult.error(ename, ex.getMessage(), tb);
    }

    /** Stack frames down to the first frame of the kernel or of reflection; snippet frames as cell lines. */
    List<String> userFrames(StackTraceElement[] frames) {
        List<String> out = new ArrayList<>();
        for (StackTraceElement f : frames) {
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

    /** Completion at {@code cursor} (code points). */
    public Completion complete(String code, int cursor) {
        int pos = CodePoints.toIndex(code, cursor);
        int[] anchor = new int[1];
        List<SourceCodeAnalysis.Suggestion> suggestions = analysis.completionSuggestions(code, pos, anchor);
        Set<String> matches = new LinkedHashSet<>();
        suggestions.stream().filter(SourceCodeAnalysis.Suggestion::matchesType)
                .forEach(s -> matches.add(s.continuation()));
        suggestions.forEach(s -> matches.add(s.continuation()));
        return new Completion(List.copyOf(matches), CodePoints.toCodePoint(code, anchor[0]), CodePoints.toCodePoint(code, pos));
    }

    /** Signatures and javadoc of the symbol at {@code cursor} (code points); the end of the code works. */
    public Inspection inspect(String code, int cursor) {
        int pos = CodePoints.toIndex(code, cursor);
        // Move to the end of the identifier under the cursor: JShell documents what precedes it.
        while (pos < code.length() && Character.isJavaIdentifierPart(code.charAt(pos))) {
            pos++;
        }
        List<SourceCodeAnalysis.Documentation> docs = analysis.documentation(code, pos, true);
        if (docs.isEmpty()) {
            // A method name without its parenthesis: document it as a call.
            String call = code.substring(0, pos) + "(";
            docs = analysis.documentation(call, call.length(), true);
        }
        if (docs.isEmpty()) {
            return new Inspection(false, "");
        }
        StringBuilder sb = new StringBuilder();
        for (SourceCodeAnalysis.Documentation d : docs) {
            sb.append(d.signature()).append('\n');
            if (d.javadoc() != null && !d.javadoc().isBlank()) {
                sb.append(d.javadoc().strip()).append("\n\n");
            }
        }
        return new Inspection(true, sb.toString().strip());
    }

    /** Whether {@code code} is complete, needs more lines, or cannot be Java. */
    public Completeness isComplete(String code) {
        String remaining = code;
        while (!remaining.isBlank()) {
            SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(remaining);
            switch (info.completeness()) {
                case COMPLETE, COMPLETE_WITH_SEMI:
                    remaining = info.remaining();
                    break;
                case EMPTY:
                    return new Completeness("complete", "");
                case DEFINITELY_INCOMPLETE, CONSIDERED_INCOMPLETE:
                    return new Completeness("incomplete", "    ".repeat(Math.max(1, depth(remaining))));
                default:
                    return new Completeness("invalid", "");
            }
        }
        return new Completeness("complete", "");
    }

    private static int depth(String code) {
        int d = 0;
        for (int i = 0; i < code.length(); i++) {
            char c = code.charAt(i);
            if (c == '{' || c == '(') {
                d++;
            } else if ((c == '}' || c == ')') && d > 0) {
                d--;
            }
        }
        return d;
    }

    @Override
    public void close() {
        shell.close();
    }
}
