package org.jnas.kernel.repl;

import com.sun.tools.javac.api.JavacTaskImpl;
import com.sun.tools.javac.api.JavacTaskPool;
import com.sun.tools.javac.code.ClassFinder;
import com.sun.tools.javac.code.Symbol;
import com.sun.tools.javac.code.Symtab;
import com.sun.tools.javac.util.Context;
import com.sun.tools.javac.util.Names;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;
import jdk.jshell.spi.ExecutionControl.ClassBytecodes;

/**
 * Compiles one source file of the package {@code REPL} in a single javac task, against the
 * kernel's class path and the classes JShell has loaded for the cells so far. JShell runs javac
 * three times per snippet (parse, analyze, compile), each time in a context it then purges of
 * every REPL class; a cell's final expression needs none of that bookkeeping (it declares
 * nothing), so the repl compiles it here, once.
 *
 * <p>It reuses javac's contexts through {@code JavacTaskPool} (the JDK's own, also used by
 * JShell), so the JVM needs {@link #JVM_OPTIONS}; without them {@link #create} returns null and
 * every cell goes through JShell. Not thread-safe: the repl calls it from its execution thread
 * (class loads may be reported from any thread).
 */
final class ExpressionCompiler {
    private static final Logger LOG = Logger.getLogger(ExpressionCompiler.class.getName());
    /** The packages of javac's internals this class uses (module jdk.compiler). */
    private static final List<String> JAVAC_PACKAGES = List.of("com.sun.tools.javac.api", "com.sun.tools.javac.code",
            "com.sun.tools.javac.util");
    /** The exports of {@link #JAVAC_PACKAGES}, as JVM options. */
    static final List<String> JVM_OPTIONS = JAVAC_PACKAGES.stream()
            .map(p -> "--add-exports=jdk.compiler/" + p + "=ALL-UNNAMED").toList();
    static final String PACKAGE = "REPL";
    /** Names the classes compiled here (JShell's own are {@code $JShell$...}). */
    static final String CLASS_PREFIX = "$JnasCell$";
    /** The static field an expression class stores its value in. */
    static final String VALUE_FIELD = "$jnasShown";
    /** The method that evaluates the expression (JShell's name, so its stack frames read the same). */
    static final String RUN_METHOD = "do_it$";
    /** -proc:none: annotation processors found on a notebook's class path must not run per cell. */
    private static final List<String> OPTIONS = List.of("-proc:none", "-Xlint:none", "-nowarn");
    /** The codes of javac's errors for what a class file cannot hold (a constant string, a method's code). */
    private static final String LIMIT_ERRORS = "compiler.err.limit.";

    private final StandardJavaFileManager standard;
    private final ReplFileManager files;
    private final List<File> classpath = new ArrayList<>();
    private final Map<String, byte[]> replClasses = new ConcurrentHashMap<>();
    private final AtomicBoolean replChanged = new AtomicBoolean();
    private volatile boolean warmedUp;
    /** Set when the class path became unusable for javac: from then on JShell compiles every cell. */
    private volatile boolean broken;
    private JavacTaskPool pool = new JavacTaskPool(1);

    private ExpressionCompiler(JavaCompiler javac, List<String> classpath) throws IOException {
        this.standard = javac.getStandardFileManager(null, null, null);
        classpath.forEach(entry -> this.classpath.add(new File(entry)));
        standard.setLocation(StandardLocation.CLASS_PATH, this.classpath);
        this.files = new ReplFileManager(standard);
    }

    /** A compiler for {@code classpath}, or null when this JVM does not export javac's internals to it. */
    static ExpressionCompiler create(List<String> classpath) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        Module self = ExpressionCompiler.class.getModule();
        boolean exported = ModuleLayer.boot().findModule("jdk.compiler")
                .map(m -> JAVAC_PACKAGES.stream().allMatch(p -> m.isExported(p, self)))
                .orElse(false);
        if (javac == null || !exported) {
            LOG.info("javac's internals are not exported (JVM options " + JVM_OPTIONS
                    + "): every cell is compiled by JShell, which is slower");
            return null;
        }
        try {
            return new ExpressionCompiler(javac, classpath);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "no single-task compiler: every cell is compiled by JShell", e);
            return null;
        }
    }

    /**
     * The source of class {@code className}: {@code imports} (one line), then a method that stores
     * {@code expression} in {@link #VALUE_FIELD}. The expression starts on line 2, so a stack
     * frame's line minus one is its line; the newline before the semicolon ends a trailing comment.
     */
    static String expressionClass(String imports, String className, String expression) {
        return "package " + PACKAGE + "; " + imports + " class " + className + " { public static Object " + VALUE_FIELD
                + "; public static void " + RUN_METHOD + "() throws Throwable {\n" + VALUE_FIELD + " = " + expression
                + "\n; } }\n";
    }

    /**
     * Compiles a throw-away expression: javac's first task in a new context is slow (symbol tables,
     * package listings), which must not fall on a user's cell. Until it has run, {@link #isReady()}
     * is false and the repl compiles everything with JShell. The kernel runs it on a thread of its
     * own while JShell starts. (One round only: more would warm the JIT, but on a small machine they
     * delay JShell's start, thus a first cell sent at once.)
     */
    void warmUp(List<String> imports) {
        String name = CLASS_PREFIX + "0";
        compile(name, expressionClass(String.join(" ", imports), name, "1 + 1"));
        warmedUp = true;
    }

    boolean isReady() {
        return warmedUp && !broken;
    }

    /** Records classes JShell loads for its snippets, so that later compiles see them. */
    void classesLoaded(ClassBytecodes[] classes) {
        for (ClassBytecodes c : classes) {
            if (c.name().startsWith(PACKAGE + ".") && !c.name().startsWith(PACKAGE + "." + CLASS_PREFIX)) {
                replClasses.put(c.name(), c.bytecodes());
                replChanged.set(true);
            }
        }
    }

    /** Adds a jar or directory; javac's contexts are dropped because they cache package listings. */
    synchronized void addToClasspath(String path) {
        classpath.add(new File(path));
        try {
            standard.setLocation(StandardLocation.CLASS_PATH, classpath);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "class path " + path + " unusable for javac: JShell compiles every cell from now on", e);
            broken = true;
        }
        pool = new JavacTaskPool(1);
    }

    /**
     * Compiles {@code source}, the file of class {@code className} in package REPL, with no effect
     * on anything but javac's caches.
     *
     * @return the class files, or null if javac reported an error (nothing else happens then)
     */
    synchronized List<ClassBytecodes> compile(String className, String source) {
        List<ClassOutput> outputs = new ArrayList<>();
        files.outputs = outputs;
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        JavaFileObject unit = new Source(className, source);
        boolean purge = replChanged.getAndSet(false);
        try {
            boolean ok = pool.getTask(null, files, diagnostics, OPTIONS, null, List.of(unit), task -> {
                Context context = ((JavacTaskImpl) task).getContext();
                if (purge) {
                    forgetReplClasses(context);
                }
                try {
                    return task.call();
                } finally {
                    // The pool forgets the classes compiled from source, but not their entries
                    // in the package: list REPL afresh next time (it is a map lookup here).
                    resetReplPackage(context);
                }
            });
            if (!ok && diagnostics.getDiagnostics().stream().anyMatch(d -> String.valueOf(d.getCode()).startsWith(LIMIT_ERRORS))) {
                // javac leaves a failure to write a class in the context it reuses: every later
                // class would fail the same way ("too long for the constant pool").
                pool = new JavacTaskPool(1);
            }
            return ok ? outputs.stream().map(o -> new ClassBytecodes(o.className, o.bytes.toByteArray())).toList() : null;
        } catch (RuntimeException | Error e) {
            // A javac crash leaves its context broken: start over with a fresh pool.
            LOG.log(Level.WARNING, "javac failed on a cell; JShell compiles it instead", e);
            pool = new JavacTaskPool(1);
            return null;
        } finally {
            files.outputs = null;
        }
    }

    /**
     * Removes every REPL class javac has read, as JShell does after each of its tasks: a class it
     * read before may since have been replaced (a redefined method, a new variable).
     */
    private static void forgetReplClasses(Context context) {
        Symtab syms = Symtab.instance(context);
        Symbol.PackageSymbol repl = syms.getPackage(syms.unnamedModule, Names.instance(context).fromString(PACKAGE));
        if (repl == null) {
            return;
        }
        for (Symbol.ClassSymbol c : syms.getAllClasses()) {
            if (c.packge() == repl) {
                syms.removeClass(syms.unnamedModule, c.flatName());
            }
        }
        resetReplPackage(context);
    }

    private static void resetReplPackage(Context context) {
        Symtab syms = Symtab.instance(context);
        Symbol.PackageSymbol repl = syms.getPackage(syms.unnamedModule, Names.instance(context).fromString(PACKAGE));
        if (repl != null) {
            repl.members_field = null;
            repl.completer = ClassFinder.instance(context).getCompleter();
        }
    }

    /**
     * One file manager for the life of the compiler (javac's components keep the one they first
     * saw): the class path from the standard manager, package REPL from JShell's loaded classes,
     * output into memory.
     */
    private final class ReplFileManager extends ForwardingJavaFileManager<StandardJavaFileManager> {
        private List<ClassOutput> outputs;

        ReplFileManager(StandardJavaFileManager standard) {
            super(standard);
        }

        @Override
        public Iterable<JavaFileObject> list(Location location, String packageName, Set<JavaFileObject.Kind> kinds,
                boolean recurse) throws IOException {
            if (location == StandardLocation.CLASS_PATH && PACKAGE.equals(packageName)) {
                List<JavaFileObject> list = new ArrayList<>();
                if (kinds.contains(JavaFileObject.Kind.CLASS)) {
                    replClasses.forEach((name, bytes) -> list.add(new ClassInput(name, bytes)));
                }
                return list;
            }
            return super.list(location, packageName, kinds, recurse);
        }

        @Override
        public String inferBinaryName(Location location, JavaFileObject file) {
            return file instanceof ClassInput c ? c.className : super.inferBinaryName(location, file);
        }

        @Override
        public boolean isSameFile(FileObject a, FileObject b) {
            return a instanceof InMemory || b instanceof InMemory ? a == b : super.isSameFile(a, b);
        }

        @Override
        public JavaFileObject getJavaFileForOutput(Location location, String className, JavaFileObject.Kind kind,
                FileObject sibling) {
            ClassOutput out = new ClassOutput(className);
            outputs.add(out);
            return out;
        }
    }

    private abstract static class InMemory extends SimpleJavaFileObject {
        final String className;

        InMemory(String className, Kind kind) {
            super(URI.create("mem:///" + className.replace('.', '/') + kind.extension), kind);
            this.className = className;
        }
    }

    private static final class Source extends InMemory {
        private final String code;

        Source(String className, String code) {
            super(PACKAGE + "." + className, Kind.SOURCE);
            this.code = code;
        }

        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return code;
        }
    }

    private static final class ClassInput extends InMemory {
        private final byte[] bytes;

        ClassInput(String className, byte[] bytes) {
            super(className, Kind.CLASS);
            this.bytes = bytes;
        }

        @Override
        public InputStream openInputStream() {
            return new ByteArrayInputStream(bytes);
        }
    }

    private static final class ClassOutput extends InMemory {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        ClassOutput(String className) {
            super(className, Kind.CLASS);
        }

        @Override
        public OutputStream openOutputStream() {
            return bytes;
        }
    }
}
