package org.jnas.kernel.session;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.jnas.kernel.magic.MagicContext;
import org.jnas.kernel.repl.CellResult;
import org.jnas.kernel.repl.Inspection;
import org.jnas.kernel.repl.Repl;

/** What magics may do in the cell that runs them: its code and its pager texts. */
final class CellContext implements MagicContext {
    private final Repl repl;
    private final String label;
    private final List<String> pages = new ArrayList<>();

    CellContext(Repl repl, String label) {
        this.repl = repl;
        this.label = label;
    }

    /** Texts the cell's magics sent to the pager, in order. */
    List<String> pages() {
        return pages;
    }

    @Override
    public void addToClasspath(String path) {
        repl.addToClasspath(path);
    }

    @Override
    public CellResult eval(String code) {
        return repl.eval(code, label);
    }

    @Override
    public PrintStream out() {
        return System.out;
    }

    @Override
    public String documentation(String code) {
        Inspection i = repl.inspect(code, code.codePointCount(0, code.length()));
        return i.found() ? i.text() : "";
    }

    @Override
    public void page(String text) {
        pages.add(text);
    }
}
