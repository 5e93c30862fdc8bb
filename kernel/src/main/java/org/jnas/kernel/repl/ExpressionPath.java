package org.jnas.kernel.repl;

import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import jdk.jshell.JShell;
import jdk.jshell.VarSnippet;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControl.ClassBytecodes;

/**
 * The fast path for a cell's final expression (no semicolon: its value is shown): a class of its
 * own, compiled in one javac task against the cells so far ({@link ExpressionCompiler}) and run
 * through JShell's execution control. JShell would compile it three times and keep a snippet for
 * it, which every later cell then imports.
 */
final class ExpressionPath {
    private static final Logger LOG = Logger.getLogger(ExpressionPath.class.getName());

    private final JShell shell;
    private final CapturingExecutionControl control;
    /** Null when javac's internals are not exported to the kernel: then there is no fast path. */
    private final ExpressionCompiler compiler;
    private final CellImports imports;
    private final Tracebacks tracebacks;
    private final CellStopper stopper;
    private long classes;

    ExpressionPath(JShell shell, CapturingExecutionControl control, List<String> classpath, CellImports imports,
            Tracebacks tracebacks, CellStopper stopper) {
        this.shell = shell;
        this.control = control;
        this.compiler = ExpressionCompiler.create(classpath);
        this.imports = imports;
        this.tracebacks = tracebacks;
        this.stopper = stopper;
        if (compiler != null) {
            control.onLoad(compiler::classesLoaded);
        }
    }

    /** Warms the compiler up on a thread of its own, while JShell starts on the calling one. */
    void warmUpInBackground() {
        if (compiler != null) {
            Thread warm = new Thread(() -> compiler.warmUp(CellImports.DEFAULTS), "jnas-javac-warm-up");
            warm.setDaemon(true);
            warm.start();
        }
    }

    /** Whether the compiler has warmed up and is in use. */
    boolean ready() {
        return compiler != null && compiler.isReady();
    }

    /** How many expression classes ran this way. */
    long classCount() {
        return classes;
    }

    /** Adds a jar or directory to what expressions compile against. */
    void addToClasspath(String path) {
        if (compiler != null) {
            compiler.addToClasspath(path);
        }
    }

    /**
     * Evaluates {@code expression}, the final snippet of a cell, starting on line {@code firstLine}
     * of the cell. Returns null, having run nothing, when the code does not compile that way (a
     * declaration, a void call, an unresolved name, a syntax error): the caller then evaluates it
     * with JShell, whose diagnostics the user sees.
     */
    CellResult eval(String expression, int firstLine, String cellLabel) {
        if (compiler == null || !compiler.isReady() || hasEnhancedVariable()) {
            return null;
        }
        String name = ExpressionCompiler.CLASS_PREFIX + (classes + 1);
        List<ClassBytecodes> compiled = compiler.compile(name,
                ExpressionCompiler.expressionClass(imports.header(), name, expression.strip()));
        if (compiled == null) {
            return null;
        }
        classes++;
        String className = ExpressionCompiler.PACKAGE + "." + name;
        try {
            control.load(compiled.toArray(ClassBytecodes[]::new));
        } catch (ExecutionControl.ExecutionControlException e) {
            LOG.log(Level.WARNING, "could not load a compiled expression; JShell runs it instead", e);
            return null;
        }
        tracebacks.remember(name, cellLabel, firstLine);
        try {
            control.invoke(className, ExpressionCompiler.RUN_METHOD);
        } catch (ExecutionControl.StoppedException e) {
            return CellStopper.interrupted();
        } catch (ExecutionControl.RunException e) {
            return tracebacks.runtimeError(e);
        } catch (ExecutionControl.ExecutionControlException e) {
            return CellResult.error(e.getClass().getSimpleName(), e.getMessage(),
                    List.of(e.getClass().getSimpleName() + ": " + e.getMessage()));
        }
        if (stopper.requested()) {
            return CellStopper.interrupted();
        }
        // The kernel keeps the value as Out[n]; the class need not keep it alive too.
        return CellResult.value(CapturingExecutionControl.takeField(control.lastClass(), ExpressionCompiler.VALUE_FIELD));
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
}
