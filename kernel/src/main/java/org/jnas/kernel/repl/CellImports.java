package org.jnas.kernel.repl;

import java.util.List;
import java.util.stream.Stream;
import jdk.jshell.DeclarationSnippet;
import jdk.jshell.ImportSnippet;
import jdk.jshell.JShell;
import jdk.jshell.SourceCodeAnalysis;

/** What a cell sees without importing it: the default imports, then everything earlier cells defined. */
final class CellImports {
    /**
     * The NAS API a notebook user writes: the experiment facade, spaces, strategies (one-shot ones
     * too: {@code OneShot.darts()} beside {@code Strategy.random()}), trials, evaluators, the data
     * they train on ({@code Datasets.fashionMnist()}), results, and where trials run
     * ({@code Backends.slurm()}).
     */
    static final List<String> NAS = List.of("import org.jnas.nas.*;", "import org.jnas.nas.space.*;",
            "import org.jnas.nas.strategy.*;", "import org.jnas.nas.oneshot.*;", "import org.jnas.nas.trial.*;",
            "import org.jnas.nas.evaluator.*;", "import org.jnas.nas.data.*;", "import org.jnas.nas.results.*;",
            "import org.jnas.nas.cluster.*;", "import org.jnas.nas.export.*;");

    /** Imports every cell sees: the JShell tool's defaults, the display helpers and the NAS API. */
    static final List<String> DEFAULTS = Stream.concat(Stream.of(
            "import java.io.*;", "import java.math.*;", "import java.net.*;", "import java.nio.file.*;",
            "import java.util.*;", "import java.util.concurrent.*;", "import java.util.function.*;",
            "import java.util.regex.*;", "import java.util.stream.*;",
            "import static org.jnas.kernel.display.Display.*;"), NAS.stream()).toList();

    private final JShell shell;
    private final SourceCodeAnalysis analysis;

    CellImports(JShell shell, SourceCodeAnalysis analysis) {
        this.shell = shell;
        this.analysis = analysis;
    }

    /**
     * The imports JShell gives a snippet, on one line: every import cell and a static import of
     * each defined declaration from its wrapper class.
     */
    String header() {
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
}
