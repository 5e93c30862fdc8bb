package org.jnas.kernel.repl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class JShellReplTest {
    private static JShellRepl repl;

    @BeforeAll
    static void start() {
        repl = JShellRepl.create(Arrays.asList(System.getProperty("surefire.test.class.path",
                System.getProperty("java.class.path")).split(java.io.File.pathSeparator)));
    }

    @AfterAll
    static void stop() {
        repl.close();
    }

    @Test
    void multiSnippetCellReturnsLastExpressionAsObject() {
        CellResult r = repl.eval("int a = 20;\nint b = 22;\nList.of(a, b)", "1");
        assertTrue(r.ok(), r::toString);
        assertEquals(List.of(20, 22), r.value());
        CellResult x = repl.eval("a", "2");
        assertEquals(20, x.value());
    }

    @Test
    void declarationsHaveNoValue() {
        CellResult r = repl.eval("String s = \"x\";", "1");
        assertTrue(r.ok());
        assertFalse(r.hasValue());
    }

    @Test
    void runtimeErrorNamesUserExceptionAndCellLine() {
        CellResult r = repl.eval("int z = 1;\nint q = 2;\nthrow new IllegalStateException(\"boom\");", "7");
        assertFalse(r.ok());
        assertEquals("java.lang.IllegalStateException", r.ename());
        assertEquals("boom", r.evalue());
        assertTrue(r.traceback().stream().anyMatch(l -> l.contains("cell [7] line 3")), r.traceback()::toString);
        assertTrue(r.traceback().stream().noneMatch(l -> l.contains("jdk.jshell") || l.contains("reflect")), r.traceback()::toString);
    }

    @Test
    void exceptionInMethodDefinedInEarlierCellShowsBothFrames() {
        repl.eval("int divide(int x) {\n  return 10 / x;\n}", "3");
        CellResult r = repl.eval("\n divide(0)", "4");
        assertEquals("java.lang.ArithmeticException", r.ename());
        assertTrue(r.traceback().stream().anyMatch(l -> l.contains("divide (cell [3] line 2)")), r.traceback()::toString);
        assertTrue(r.traceback().stream().anyMatch(l -> l.contains("at cell [4] line 2")), r.traceback()::toString);
    }

    @Test
    void compileErrorShowsDiagnosticSourceLineAndCaret() {
        CellResult r = repl.eval("int ok = 1;\nint bad = undefinedThing + 1;", "5");
        assertEquals("CompilationError", r.ename());
        assertTrue(r.evalue().contains("cannot find symbol"), r.evalue());
        String all = String.join("\n", r.traceback());
        assertTrue(all.contains("line 2"), all);
        assertTrue(all.contains("    int bad = undefinedThing + 1;\n              ^^^^^^^^^^^^^^"), all);
    }

    @Test
    void nasLibAndDisplayAreImported() {
        CellResult r = repl.eval("Direction.MAXIMIZE", "1");
        assertTrue(r.ok(), r::toString);
        assertEquals("MAXIMIZE", String.valueOf(r.value()));
    }

    @Test
    void completionCountsCodePoints() {
        String code = "String s = \"\uD83D\uDE00\uD83D\uDE00\"; s.toUpperC";
        int cursor = code.codePointCount(0, code.length());
        Completion c = repl.complete(code, cursor);
        assertTrue(c.matches().contains("toUpperCase("), c::toString);
        assertEquals(cursor - "toUpperC".length(), c.cursorStart());
        assertEquals(cursor, c.cursorEnd());
    }

    @Test
    void inspectWorksWithCursorAtEnd() {
        Inspection i = repl.inspect("Math.abs", 8);
        assertTrue(i.found());
        assertTrue(i.text().contains("abs("), i.text());
    }

    @Test
    void isCompleteDistinguishesThreeCases() {
        assertEquals("complete", repl.isComplete("int x = 1;").status());
        assertEquals("complete", repl.isComplete("1 + 1").status());
        Completeness inc = repl.isComplete("for (int i = 0; i < 3; i++) {");
        assertEquals("incomplete", inc.status());
        assertEquals("    ", inc.indent());
        assertEquals("invalid", repl.isComplete("int x = 1 +* ;").status());
    }

    @Test
    void stopEndsABusyLoopQuickly() throws Exception {
        Thread stopper = new Thread(() -> {
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                return;
            }
            repl.stop();
        });
        stopper.start();
        long t0 = System.nanoTime();
        CellResult r = repl.eval("long k = 0; while (true) { k++; }", "9");
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertFalse(r.ok());
        assertEquals("InterruptedException", r.ename());
        assertTrue(ms < 1500, "took " + ms);
        assertTrue(repl.eval("2 + 3", "10").value().equals(5));
    }
}
