package org.jnas.kernel.repl;

import jdk.jshell.DeclarationSnippet;
import jdk.jshell.JShell;
import jdk.jshell.SourceCodeAnalysis;

/**
 * Stack frames of the classes cells are compiled into, as JShell reports its own: a frame of a
 * wrapper class (an expression class, or the wrapper of a cell's declaration) names its snippet in
 * the file name ({@code #id}) and the line within that snippet.
 */
final class SnippetFrames {
    private final JShell shell;
    private final SourceCodeAnalysis analysis;

    SnippetFrames(JShell shell, SourceCodeAnalysis analysis) {
        this.shell = shell;
        this.analysis = analysis;
    }

    /** {@code raw} with every frame of a wrapper class translated; the others as they are. */
    StackTraceElement[] translate(StackTraceElement[] raw) {
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
        return sourcePos < 0 ? null : new StackTraceElement("", f.getMethodName(), "#" + d.id(), CodeScan.lineOf(d.source(), sourcePos));
    }
}
