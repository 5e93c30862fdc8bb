package org.jnas.kernel.magic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
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
            return code.contains("undefinedName") ? CellResult.error("CompilationError", "cannot find symbol",
                    List.of("line 2: cannot find symbol")) : CellResult.value(code.length());
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
        Path jar = jar(dir.resolve("a.jar"));
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
    void classpathTakesOnlyJarsAndDirectoriesAndSaysWhatIsWrong(@TempDir Path dir) throws IOException {
        Path text = Files.writeString(dir.resolve("notes.txt"), "not a jar");
        Path good = jar(dir.resolve("good.jar"));
        CellResult notAJar = registry.run("%classpath " + good + File.pathSeparator + text, ctx);
        assertFalse(notAJar.ok());
        assertTrue(notAJar.evalue().contains(text.toString()) && notAJar.evalue().contains("neither a jar nor a directory"),
                notAJar.evalue());
        assertEquals(List.of(), classpath, "nothing is added when one entry is wrong");

        CellResult missingDir = registry.run("%classpath " + dir.resolve("lib") + "/*", ctx);
        assertEquals("%classpath: no such directory: " + dir.resolve("lib") + " (dir/* adds every jar in a directory)",
                missingDir.evalue());
        Path empty = Files.createDirectory(dir.resolve("empty"));
        assertEquals("%classpath: no .jar files in " + empty, registry.run("%classpath " + empty + "/*", ctx).evalue());

        Path lib = Files.createDirectory(dir.resolve("lib"));
        Path b = jar(lib.resolve("b.jar"));
        Path a = jar(lib.resolve("a.jar"));
        Files.writeString(lib.resolve("README"), "skipped: not a .jar");
        Path classes = Files.createDirectory(dir.resolve("classes"));
        assertTrue(registry.run("%classpath " + lib + "/*" + File.pathSeparator + classes, ctx).ok());
        assertEquals(List.of(a.toString(), b.toString(), classes.toString()), classpath);
    }

    @Test
    void loadNamesTheFileInEveryError(@TempDir Path dir) throws IOException {
        CellResult directory = registry.run("%load " + dir, ctx);
        assertTrue(directory.evalue().startsWith("%load: cannot read " + dir), directory.evalue());
        Path latin1 = Files.write(dir.resolve("latin1.jsh"), new byte[] {'i', 'n', 't', ' ', (byte) 0xE9, '=', '1', ';'});
        assertEquals("%load: cannot read " + latin1 + ": it is not UTF-8 text", registry.run("%load " + latin1, ctx).evalue());

        Path broken = Files.writeString(dir.resolve("broken.jsh"), "int fine = 1;\nint bad = undefinedName;");
        CellResult failed = registry.run("%load " + broken, ctx);
        assertEquals("CompilationError", failed.ename());
        assertEquals("broken.jsh: cannot find symbol", failed.evalue());
        assertEquals(List.of("%load " + broken + " failed (line numbers are the file's):", "line 2: cannot find symbol"),
                failed.traceback());
    }

    private static Path jar(Path path) throws IOException {
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(path))) {
            out.putNextEntry(new JarEntry("x/Empty.class"));
            out.closeEntry();
        }
        return path;
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
