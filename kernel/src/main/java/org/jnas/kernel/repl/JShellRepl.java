package org.jnas.kernel.repl;

import java.io.File;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import jdk.jshell.JShell;
import jdk.jshell.SourceCodeAnalysis;
import org.jnas.nas.internal.CodeStopper;
import org.jnas.nas.internal.DefinedClasses;

/**
 * A JShell with local execution in this JVM. Not thread-safe except {@link #stop()}: the kernel
 * calls everything else from its one execution thread.
 *
 * <p>Each job has a class of its own: {@link CellEvaluator} splits a cell into snippets and runs
 * them, {@link ExpressionPath} compiles a final expression in one javac task, {@link CellImports}
 * knows what a cell sees, {@link Tracebacks} and {@link SnippetFrames} turn errors into cell lines,
 * {@link CellStopper} stops a running cell, {@link ClassPathIndexGate} holds JShell's class-path
 * index back.
 */
public final class JShellRepl implements Repl, AutoCloseable {
    /**
     * JVM options that let a cell's final expression compile in one javac task (see
     * ExpressionCompiler) and JShell's documentation read nas-lib's javadoc (see JavadocSources).
     */
    public static final List<String> JVM_OPTIONS = Stream.concat(
            ExpressionCompiler.JVM_OPTIONS.stream(), JavadocSources.JVM_OPTIONS.stream()).toList();
    /** Imports every cell sees: the JShell tool's defaults, the display helpers and the NAS API (the
     * experiment facade, spaces, strategies, trials, evaluators and results). */
    public static final List<String> DEFAULT_IMPORTS = CellImports.DEFAULTS;
    /** The NAS API's imports alone: what a plain {@code jshell} needs to write what a notebook does. */
    public static final List<String> NAS_IMPORTS = CellImports.NAS;

    private final CapturingExecutionControl control = new CapturingExecutionControl();
    private final CellClasses cellClasses = new CellClasses(control::definedClass);
    private final ClassPathIndexGate indexGate = new ClassPathIndexGate();
    private final SnippetSyntax syntax = new SnippetSyntax();
    private final JShell shell;
    private final SourceCodeAnalysis analysis;
    private final CellStopper stopper;
    private final ExpressionPath expressions;
    private final CellEvaluator cells;
    /** A class path entry JShell has already, or null. */
    private final String knownEntry;

    private JShellRepl(List<String> classpath) {
        this.shell = JShell.builder().executionEngine(new CapturingExecutionControl.Provider(control), Map.of())
                .fileManager(indexGate::guard).build();
        this.analysis = shell.sourceCodeAnalysis();
        JavadocSources.addTo(analysis);
        control.onLoad(cellClasses::loaded);
        if (!classpath.isEmpty()) {
            // One call: each call makes JShell queue another full pass of its class-path index.
            shell.addToClasspath(String.join(File.pathSeparator, classpath));
        }
        this.knownEntry = classpath.isEmpty() ? null : classpath.get(0);
        this.stopper = new CellStopper(shell::stop);
        Tracebacks tracebacks = new Tracebacks(shell, new SnippetFrames(shell, analysis), stopper);
        this.expressions = new ExpressionPath(shell, control, classpath, new CellImports(shell, analysis), tracebacks,
                stopper);
        this.cells = new CellEvaluator(shell, analysis, control, expressions, tracebacks, stopper, this::freshCompiler);
    }

    /**
     * Makes JShell drop the javac contexts it reuses. Its only public way is a class path change,
     * so this adds an entry it already has: the class path means the same, JShell's class loader
     * ignores a URL it has, and its next compile starts from a new context.
     */
    private void freshCompiler() {
        if (knownEntry != null) {
            shell.addToClasspath(knownEntry);
        }
    }

    /**
     * Creates a shell that compiles against {@code classpath} (the kernel's own class path; the
     * classes themselves are shared with this JVM) and runs the default imports.
     */
    public static JShellRepl create(List<String> classpath) {
        JShellRepl repl = new JShellRepl(classpath);
        repl.expressions.warmUpInBackground();
        for (String imp : DEFAULT_IMPORTS) {
            repl.shell.eval(imp);
        }
        return repl;
    }

    /**
     * Stops the code that cells define, one thread at a time (a cancelled trial's thread), as
     * interrupting stops a cell: the host the kernel gives nas-lib. Code from jars (%classpath,
     * %maven) and the JDK's has no stop checks: a thread stuck there stops once it is back in cell
     * code, if ever.
     */
    public static CodeStopper.Host cellCodeStopper() {
        return new CodeStopper.Host() {
            @Override
            public void stop(Thread thread) {
                StopCheck.stopThread(thread);
            }

            @Override
            public void withdraw(Thread thread) {
                StopCheck.withdraw(thread);
            }
        };
    }

    /**
     * The classes this shell's cells defined and the top-level variables their code reads: what a
     * Slurm backend ships to its jobs beside the class path (the kernel registers it with
     * {@link org.jnas.nas.internal.DefinedClasses}).
     */
    public DefinedClasses.Source definedClasses() {
        return cellClasses;
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
        return expressions.classCount();
    }

    /** Whether the single-task expression compiler has warmed up and is in use; for tests. */
    boolean expressionCompilerReady() {
        return expressions.ready();
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
        expressions.addToClasspath(path);
        cellClasses.addedToClassPath(path);
    }

    /**
     * Stops the running cell, if any; callable from any thread. JShell's stop only acts while user
     * code runs, so a stop that arrives while the cell still compiles is repeated until the cell ends.
     */
    @Override
    public void stop() {
        stopper.stop();
    }

    @Override
    public CellResult eval(String code, String cellLabel) {
        return stopper.run(() -> cells.eval(code, cellLabel));
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
                sb.append(JavadocText.plain(d.javadoc())).append("\n\n");
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
                    if (!syntax.parses(info.source())) {
                        return new Completeness("invalid", "");
                    }
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
