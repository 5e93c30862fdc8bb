package org.jnas.kernel.magic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jnas.kernel.repl.CellResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MagicRegistryTest {
    private final List<String> evaluated = new ArrayList<>();
    private final List<String> classpath = new ArrayList<>();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final MagicContext ctx = new MagicContext() {
        @Override
        public void addToClasspath(String path) {
            classpath.add(path);
        }

        @Override
        public CellResult eval(String code) {
            evaluated.add(code);
            return CellResult.value(code.length());
        }

        @Override
        public PrintStream out() {
            return new PrintStream(out, true);
        }

        @Override
        public String documentation(String code) {
            return code.equals("Math.abs") ? "int Math.abs(int a)" : "";
        }

        @Override
        public void page(String text) {
            pages.add(text);
        }
    };
    private final List<String> pages = new ArrayList<>();
    private final MagicRegistry registry = MagicRegistry.withDefaults();

    @Test
    void unknownMagicListsKnownOnes() {
        CellResult r = registry.run("%nope x", ctx);
        assertFalse(r.ok());
        assertTrue(r.evalue().contains("%nope"));
        for (String name : List.of("%maven", "%classpath", "%load", "%time")) {
            assertTrue(r.evalue().contains(name), r.evalue());
        }
    }

    @Test
    void cellTimeMagicRunsTheBodyAndPrintsTime() {
        CellResult r = registry.run("%%time\nint a = 1;\na", ctx);
        assertTrue(r.ok());
        assertEquals(List.of("int a = 1;\na"), evaluated);
        assertTrue(out.toString().startsWith("Wall time: "));
    }

    @Test
    void lineMagicsThenCode(@TempDir Path dir) throws Exception {
        Path jar = Files.createFile(dir.resolve("a.jar"));
        Path script = Files.writeString(dir.resolve("s.jsh"), "int fromFile = 3;");
        CellResult r = registry.run("%classpath " + jar + "\n%load " + script + "\nfromFile + 1", ctx);
        assertTrue(r.ok());
        assertEquals(List.of(jar.toAbsolutePath().toString()), classpath);
        assertEquals(List.of("int fromFile = 3;", "fromFile + 1"), evaluated);
    }

    @Test
    void missingFilesAreNamed(@TempDir Path dir) {
        CellResult r = registry.run("%classpath " + dir.resolve("missing.jar"), ctx);
        assertFalse(r.ok());
        assertTrue(r.evalue().contains("missing.jar"), r.evalue());
        CellResult l = registry.run("%load " + dir.resolve("none.jsh"), ctx);
        assertTrue(l.evalue().contains("none.jsh"), l.evalue());
    }

    @Test
    void docPagesDocumentationOrNamesTheMissingSymbol() {
        assertTrue(registry.run("%doc Math.abs", ctx).ok());
        assertEquals(List.of("int Math.abs(int a)"), pages);
        CellResult r = registry.run("%doc nothingHere", ctx);
        assertFalse(r.ok());
        assertTrue(r.evalue().contains("nothingHere"), r.evalue());
    }

    @Test
    void mavenRejectsBadCoordinates() {
        CellResult r = registry.run("%maven not-a-coordinate", ctx);
        assertFalse(r.ok());
        assertTrue(r.evalue().contains("not-a-coordinate"), r.evalue());
    }
}
