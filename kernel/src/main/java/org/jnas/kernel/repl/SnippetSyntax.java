package org.jnas.kernel.repl;

import com.sun.source.util.JavacTask;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Whether a snippet parses as Java, for is_complete. JShell's completeness analysis looks at
 * brackets and the last token only ({@code int 1x = 5;} is "complete" there), and its
 * {@code sourceToSnippets} attributes names (a call of a method the cell defines a line before
 * would look wrong). This parses and nothing else: the snippet in each of the places JShell lets
 * it stand (statements of a method, an expression, members of a class, a file of imports and
 * types), each wrapped so that its line comment ends before the wrapper does.
 */
final class SnippetSyntax {
    private static final String CLASS = "class $JnasSyntax { ";
    /** The wrappers, commonest snippets first: before and after the snippet. */
    private static final List<String[]> PLACES = List.of(
            new String[] {CLASS + "void $jnasSyntax() throws Throwable { ", "\n} }"},
            new String[] {CLASS + "Object $jnasSyntax = ", "\n; }"},
            new String[] {CLASS, "\n}"},
            new String[] {"", "\n"});
    private static final List<String> OPTIONS = List.of("-proc:none", "-Xlint:none", "-nowarn");

    private final JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    private final StandardJavaFileManager files = javac == null ? null : javac.getStandardFileManager(null, null, null);

    /** Whether {@code snippet} (one complete snippet) parses; true when there is no compiler to ask. */
    boolean parses(String snippet) {
        if (javac == null) {
            return true;
        }
        for (String[] place : PLACES) {
            if (parsesAs(place[0] + snippet + place[1])) {
                return true;
            }
        }
        return false;
    }

    private boolean parsesAs(String source) {
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        JavaFileObject file = new SimpleJavaFileObject(URI.create("string:///$JnasSyntax.java"), JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return source;
            }
        };
        JavacTask task = (JavacTask) javac.getTask(null, files, diagnostics, OPTIONS, null, List.of(file));
        try {
            task.parse();
        } catch (IOException e) {
            return true; // the source is in memory: nothing to read can fail
        }
        return diagnostics.getDiagnostics().stream().noneMatch(d -> d.getKind() == Diagnostic.Kind.ERROR);
    }
}
