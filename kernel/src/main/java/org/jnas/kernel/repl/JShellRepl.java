package org.jnas.kernel.repl;

import java.io.File;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import jdk.jshell.DeclarationSnippet;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.ExpressionSnippet;
import jdk.jshell.ImportSnippet;
import jdk.jshell.JShell;
import jdk.jshell.JShellException;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.UnresolvedReferenceException;
import jdk.jshell.VarSnippet;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControl.ClassBytecodes;

/**
 * A JShell with local execution in this JVM. Not thread-safe except {@link #stop()}: the kernel
 * calls everything else from its one execution thread.
 */
public final class JShellRepl implements Repl, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(JShellRepl.class.getName());
    /** JVM options that let a cell's final expression compile in one javac task (see ExpressionCompiler). */
    public static final List<String> JVM_OPTIONS = ExpressionCompiler.JVM_OPTIONS;
    /** Imports every cell sees: the JShell tool's defaults, the display helpers and the NAS API. */
    public static final List<String> DEFAULT_IMPORTS = List.of(
            "import java.io.*;", "import java.math.*;", "import java.net.*;", "import java.nio.file.*;",
            "import java.util.*;", "import java.util.concurrent.*;", "import java.util.function.*;",
            "import java.util.regex.*;", "import java.util.stream.*;",
            "import static org.jnas.kernel.display.Display.*;", "import org.jnas.nas.*;",
            "import org.jnas.nas.report.*;");

    private final CapturingExecutionControl control = new CapturingExecutionControl();
    private final ClassPathIndexGate indexGate = new ClassPathIndexGate();
    private final JShell shell;
    private final SourceCodeAnalysis analysis;
    /** Compiles final expressions; null when javac's internals are not exported to the kernel. */
    private final ExpressionCompiler expressions;
    private final Map<String, Class<?>> varClasses = new ConcurrentHashMap<>();
    /** Where each snippet (by id) and each expression class (by name) came from, for tracebacks. */
    private final Map<String, SnippetOrigin> origins = new ConcurrentHashMap<>();
    private long expressionClasses;
    private volatile boolean stopRequested;
    private volatile boolean running;

    private record SnippetOrigin(String cell, int firstLine) {}

    private JShellRepl(List<String> classpath) {
        this.shell = JShell.builder().executionEngine(new CapturingExecutionControl.Provider(control), Map.of())
                .fileManager(indexGate::guard).build();
        this.analysis = shell.sourceCodeAnalysis();
        if (!classpath.isEmpty()) {
            // One call: each call makes JShell queue another full pass of its class-path index.
            shell.addToClasspath(String.join(File.pathSeparator, classpath));
        }
        this.expressions = ExpressionCompiler.create(classpath);
        if (expressions != null) {
            control.onLoad(expressions::classesLoaded);
        }
    }

    /**
     * Creates a shell that compiles against {@code classpath} (the kernel's own class path; the
     * classes themselves are shared with this JVM) and runs the default imports.
     */
    public static JShellRepl create(List<String> classpath) {
        JShellRepl repl = new JShellRepl(classpath);
        if (repl.expressions != null) {
            // On its own thread, while JShell starts on this one.
            Thread warm = new Thread(() -> repl.expressions.warmUp(DEFAULT_IMPORTS), "jnas-javac-warm-up");
            warm.setDaemon(true);
            warm.start();
        }
        for (String imp : DEFAULT_IMPORTS) {
            repl.shell.eval(imp);
        }
        return repl;
    }

    /** Makes javac and the snippet class loader ready, so the first real cell is quick. */
    @Override
    public void warmUp() {
        warmUpRound();
        complete("String.val", 10);
    }

    /**
     * Compiles and runs a few throw-away snippets of the kinds cells are made of, leaving no trace:
     * the kernel calls it while idle so that the JIT has compiled javac before the user's cells.
     */
    @Override
    public void warmUpRound() {
        eval("1 + 1", "warm-up");
        eval("int $jnasWarm = Math.max(1, 2);", "warm-up");
        shell.variables().filter(v -> v.name().equals("$jnasWarm")).forEach(shell::drop);
    }

    /** How many expression classes the repl compiled itself (instead of JShell); for tests. */
    long expressionClassCount() {
        return expressionClasses;
    }

    /** Whether the single-task expression compiler has warmed up and is in use; for tests. */
    boolean expressionCompilerReady() {
        return expressions != null && expressions.isReady();
    }

    /** Snippets (imports, declarations) the shell currently keeps; each is part of every later compile. */
    long activeSnippetCount() {
        return shell.snippets().filter(s -> shell.status(s).isActive()).count();
    }

    /**
     * Lets JShell index the class path (package and class names for completion). Until then its
     * indexer waits, so that it does not compete with the first cells (see ClassPathIndexGate):
     * the kernel calls this once no cell has run for a moment. Idempotent.
     */
    @Override
    public void indexClassPath() {
        indexGate.open();
    }

    /** Adds a jar or directory to the compiler's and the snippet loader's class path. */
    @Override
    public void addToClasspath(String path) {
        shell.addToClasspath(path);
        if (expressions != null) {
            expressions.addToClasspath(path);
        }
    }

    /**
     * Stops the running cell, if any; callable from any thread. JShell's stop only acts while user
     * code runs, so a stop that arrives while the cell still compiles is repeated until the cell ends.
     */
    @Override
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
    @Override
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
        boolean wholeCellTried = mayBeShownExpression(code) && !hasTopLevelSemicolon(code);
        if (wholeCellTried) {
            // A one-expression cell, the most common kind: no need for JShell's cell splitting.
            CellResult r = evalExpression(code, lineOf(code, code.length() - code.stripLeading().length()), cellLabel);
            if (r != null) {
                return r;
            }
        }
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
                    && mayBeShownExpression(source) && !(wholeCellTried && consumed == 0)) {
                r = evalExpression(source, firstLine, cellLabel);
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
     * Evaluates a cell's final expression (no semicolon: its value is shown) as a class of its own,
     * compiled in one javac task against the cells so far ({@link ExpressionCompiler}); JShell
     * would compile it three times and keep a snippet for it. Returns null, having run nothing,
     * when the code does not compile that way (a declaration, a void call, an unresolved name, a
     * syntax error): the caller then evaluates it with JShell, whose diagnostics the user sees.
     */
    private CellResult evalExpression(String expression, int firstLine, String cellLabel) {
        if (expressions == null || !expressions.isReady() || hasEnhancedVariable()) {
            return null;
        }
        String name = ExpressionCompiler.CLASS_PREFIX + (expressionClasses + 1);
        List<ClassBytecodes> classes = expressions.compile(name,
                ExpressionCompiler.expressionClass(imports(), name, expression.strip()));
        if (classes == null) {
            return null;
        }
        expressionClasses++;
        String className = ExpressionCompiler.PACKAGE + "." + name;
        try {
            control.load(classes.toArray(ClassBytecodes[]::new));
        } catch (ExecutionControl.ExecutionControlException e) {
            LOG.log(Level.WARNING, "could not load a compiled expression; JShell runs it instead", e);
            return null;
        }
        origins.put(name, new SnippetOrigin(cellLabel, firstLine));
        try {
            control.invoke(className, ExpressionCompiler.RUN_METHOD);
        } catch (ExecutionControl.StoppedException e) {
            return interrupted();
        } catch (ExecutionControl.RunException e) {
            return runtimeError(e);
        } catch (ExecutionControl.ExecutionControlException e) {
            return CellResult.error(e.getClass().getSimpleName(), e.getMessage(),
                    List.of(e.getClass().getSimpleName() + ": " + e.getMessage()));
        }
        if (stopRequested) {
            return interrupted();
        }
        // The kernel keeps the value as Out[n]; the class need not keep it alive too.
        return CellResult.value(takeField(control.lastClass(), ExpressionCompiler.VALUE_FIELD));
    }

    /**
     * The imports JShell gives a snippet: every import cell and a static import of each defined
     * declaration from its wrapper class.
     */
    private String imports() {
        StringBuilder sb = new StringBuilder();
        shell.snippets().filter(s -> shell.status(s).isDefined()).forEach(s -> {
            if (s instanceof ImportSnippet i) {
                String kind = i.subKind().name().equals("MODULE_IMPORT_SUBKIND") ? "module " : i.isStatic() ? "static " : "";
                sb.append("import ").append(kind).append(i.fullname()).append("; ");
            } else if (s instanceof DeclarationSnippet d) {
                sb.append("import static ").append(analysis.wrapper(d).fullClassName()).append('.').append(d.name()).append("; ");
            }
        });
        return sb.toString();
    }

    /**
     * Whether a variable has a type Java cannot name ({@code var o = new Object() { int f; }}, an
     * intersection): JShell lets later snippets use it, a plain compile sees only the declared
     * type, so expressions then go through JShell.
     */
    private boolean hasEnhancedVariable() {
        return shell.variables().filter(v -> shell.status(v).isDefined()).map(VarSnippet::typeName)
                .anyMatch(t -> t.contains("<anonymous") || t.contains("&") || t.contains("capture#"));
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
        return anyOutsideLiterals(code, (i, depth) -> {
            char prev = i > 0 ? code.charAt(i - 1) : 0;
            char next = i + 1 < code.length() ? code.charAt(i + 1) : 0;
            return code.charAt(i) == '=' && depth == 0 && next != '=' && prev != '=' && prev != '!';
        });
    }

    /**
     * Whether {@code code} may hold more than one statement: a {@code ;} outside brackets, strings
     * and comments, an unbalanced closing bracket, or a unicode escape (javac reads {@code \\u003b}
     * as a semicolon).
     */
    static boolean hasTopLevelSemicolon(String code) {
        return code.contains("\\u") || anyOutsideLiterals(code, (i, depth) -> depth < 0 || (code.charAt(i) == ';' && depth == 0));
    }

    private interface CodeTest {
        /** {@code depth}: the brackets open at {@code index}, counting a closing bracket there as closed. */
        boolean test(int index, int depth);
    }

    /** Whether {@code test} holds at any character of {@code code} outside strings, character literals and comments. */
    private static boolean anyOutsideLiterals(String code, CodeTest test) {
        int depth = 0;
        for (int i = 0; i < code.length(); i++) {
            char c = code.charAt(i);
            char next = i + 1 < code.length() ? code.charAt(i + 1) : 0;
            if (c == '"' || c == '\'') {
                i = skipLiteral(code, i);
                continue;
            } else if (c == '/' && next == '/') {
                i = code.indexOf('\n', i) < 0 ? code.length() : code.indexOf('\n', i);
                continue;
            } else if (c == '/' && next == '*') {
                int end = code.indexOf("*/", i + 2);
                i = end < 0 ? code.length() : end + 1;
                continue;
            } else if (c == ')' || c == ']' || c == '}') {
                depth--;
            }
            if (test.test(i, depth)) {
                return true;
            }
            if (c == '(' || c == '[' || c == '{') {
                depth++;
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

    /** Reads a static field and sets it to null. */
    private static Object takeField(Class<?> owner, String name) {
        try {
            Field f = owner.getDeclaredField(name);
            f.setAccessible(true);
            Object value = f.get(null);
            f.set(null, null);
            return value;
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
            return unresolved(u.getSnippet());
        }
        return failure(ex, Throwable::getStackTrace);
    }

    /** The error of an expression class: raw stack frames, which name JShell's wrapper classes. */
    private CellResult runtimeError(ExecutionControl.RunException ex) {
        if (ex instanceof ExecutionControl.ResolutionException r) {
            String id = String.valueOf(r.id());
            DeclarationSnippet s = shell.snippets().filter(x -> x.id().equals(id) && x instanceof DeclarationSnippet)
                    .map(DeclarationSnippet.class::cast).findFirst().orElse(null);
            if (s != null) {
                return unresolved(s);
            }
        }
        return failure(ex, t -> snippetFrames(t.getStackTrace()));
    }

    private CellResult unresolved(DeclarationSnippet snippet) {
        String deps = shell.unresolvedDependencies(snippet).collect(Collectors.joining(", "));
        String msg = snippet.source().strip().lines().findFirst().orElse("") + " uses undefined " + deps;
        return CellResult.error("UnresolvedReferenceException", msg, List.of("UnresolvedReferenceException: " + msg));
    }

    private CellResult failure(Throwable ex, Function<Throwable, StackTraceElement[]> frames) {
        String ename = exceptionClass(ex);
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
            tb.add("\u001b[1;31m" + prefix + exceptionClass(t) + (t.getMessage() == null ? "" : ": " + t.getMessage()) + "\u001b[0m");
            tb.addAll(userFrames(frames.apply(t)));
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

    /**
     * Raw frames as JShell would report them: a frame of a wrapper class (an expression class or
     * a cell's declaration) names its snippet in the file name and the line within the snippet.
     */
    private StackTraceElement[] snippetFrames(StackTraceElement[] raw) {
        StackTraceElement[] out = raw.clone();
        String expressionPrefix = ExpressionCompiler.PACKAGE + "." + ExpressionCompiler.CLASS_PREFIX;
        for (int i = 0; i < raw.length; i++) {
            StackTraceElement f = raw[i];
            String cls = f.getClassName();
            if (cls.startsWith(expressionPrefix)) {
                int end = cls.indexOf('$', expressionPrefix.length());
                String name = cls.substring(ExpressionCompiler.PACKAGE.length() + 1, end < 0 ? cls.length() : end);
                String method = f.getMethodName().equals(ExpressionCompiler.RUN_METHOD) ? "" : f.getMethodName();
                out[i] = new StackTraceElement("", method, "#" + name, f.getLineNumber() - 1);
            } else if (cls.startsWith(ExpressionCompiler.PACKAGE + ".$JShell$")) {
                StackTraceElement translated = declarationFrame(f);
                if (translated != null) {
                    out[i] = translated;
                }
            }
        }
        return out;
    }

    /** A frame in the wrapper class of a declaration cell, by the declaration's snippet and line. */
    private StackTraceElement declarationFrame(StackTraceElement f) {
        String cls = f.getClassName();
        return shell.snippets().filter(s -> s instanceof DeclarationSnippet).map(DeclarationSnippet.class::cast)
                .filter(d -> {
                    String owner = analysis.wrapper(d).fullClassName();
                    return cls.equals(owner) || cls.startsWith(owner + "$");
                })
                .findFirst().map(d -> snippetFrame(d, f)).orElse(null);
    }

    /** {@code f}'s line in {@code d}'s wrapper class as a line of the snippet; null when it lies outside. */
    private StackTraceElement snippetFrame(DeclarationSnippet d, StackTraceElement f) {
        SourceCodeAnalysis.SnippetWrapper w = analysis.wrapper(d);
        String wrapped = w.wrapped();
        int pos = 0;
        for (int line = 1; line < f.getLineNumber() && pos >= 0; line++) {
            pos = wrapped.indexOf('\n', pos) + 1;
            pos = pos == 0 ? -1 : pos;
        }
        while (pos >= 0 && pos < wrapped.length() && wrapped.charAt(pos) == ' ') {
            pos++;
        }
        int sourcePos = pos < 0 ? -1 : w.wrappedToSourcePosition(pos);
        return sourcePos < 0 ? null : new StackTraceElement("", f.getMethodName(), "#" + d.id(), lineOf(d.source(), sourcePos));
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
    @Override
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
    @Override
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
    @Override
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
        indexGate.abandon();
        shell.close();
    }
}
