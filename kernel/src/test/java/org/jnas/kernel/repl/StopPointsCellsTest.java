package org.jnas.kernel.repl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Cells whose classes get stop checks ({@link StopPoints}) still load and run as written: every
 * kind of method body javac makes (static initialisers, constructors, lambdas, records, interface
 * default methods, switches, try/finally, nested loops) must verify with the checks in.
 */
class StopPointsCellsTest {
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

    private static Object value(String code, String cell) {
        CellResult r = repl.eval(code, cell);
        assertTrue(r.ok(), r::toString);
        return r.value();
    }

    @Test
    void aClassWithALoopInItsStaticInitialiserAndConstructor() {
        value("class Table { static final int[] SQUARES = new int[10]; static { for (int i = 0; i < 10; i++) SQUARES[i] = i * i; }"
                + " final int sum; Table() { int s = 0; int i = 0; while (i < SQUARES.length) s += SQUARES[i++]; sum = s; } }", "1");
        assertEquals(285, value("new Table().sum", "2"));
    }

    @Test
    void lambdasRecordsAndDefaultMethods() {
        value("record Point(int x, int y) { public Point { if (x < 0) throw new IllegalArgumentException(); }"
                + " int norm() { int n = 0; for (int i = 0; i < x; i++) n += y; return n; } }", "1");
        value("interface Shape { int side(); default int area() { int a = 0; for (int i = 0; i < side(); i++) a += side(); return a; } }", "2");
        assertEquals(12, value("new Point(3, 4).norm()", "3"));
        assertEquals(25, value("((Shape) () -> 5).area()", "4"));
        assertEquals(6, value("java.util.stream.IntStream.rangeClosed(1, 3).map(i -> { int f = 1; for (int k = 2; k <= i; k++) f *= k; return f; }).max().getAsInt()", "5"));
    }

    @Test
    void switchesTryFinallyAndLabelledLoops() {
        value("int classify(Object o) { int n = 0; outer: for (int i = 0; i < 3; i++) { for (int j = 0; j < 3; j++) {"
                + " if (j == 2) continue outer; try { n += switch (o.toString()) { case \"2\" -> 2; case \"x\", \"y\" -> { int l = 0; for (char c : o.toString().toCharArray()) l += 3; yield l; } default -> 1; }; }"
                + " finally { n++; } } } return n; }", "1");
        assertEquals(18, value("classify(2)", "2"));
        assertEquals(24, value("classify(\"x\")", "3"));
        value("String kind(int d) { String r = \"\"; do { switch (d % 3) { case 0: r += \"a\"; break; case 1: r += \"b\"; default: r += \"c\"; } d /= 3; } while (d > 0); return r; }", "4");
        assertEquals("bcbcc", value("kind(22)", "5"));
    }

    @Test
    void enumsWithConstantBodiesAndGenericMethods() {
        value("enum Op { ADD { int apply(int a, int b) { return a + b; } }, MUL { int apply(int a, int b) { int r = 0; for (int i = 0; i < b; i++) r += a; return r; } };"
                + " abstract int apply(int a, int b); }", "1");
        assertEquals(12, value("Op.MUL.apply(3, 4)", "2"));
        value("<T extends Comparable<T>> T maxOf(java.util.List<T> xs) { T m = null; for (T x : xs) if (m == null || x.compareTo(m) > 0) m = x; return m; }", "3");
        assertEquals(9, value("maxOf(java.util.List.of(3, 9, 4))", "4"));
    }

    /**
     * A method just under the JVM's 64 KB of code, which javac accepts: with its checks in it is
     * over the limit, and the class is then loaded as it is rather than not at all. JDK 17 only:
     * later JShells put in checks of their own, which take such a method past the limit themselves
     * (and a class without ours makes every later cell stop JShell's, see {@link StopPoints#missedAny}).
     */
    @Test
    void aMethodAtTheCodeSizeLimitStillLoads() {
        assumeTrue(Runtime.version().feature() < 20, "JShell's own checks take the method past the limit");
        // iconst_0, istore_0, then 3 bytes per "x += 1" (iinc), then iload_0, ireturn: 65,533 bytes
        value("int big() { int x = 0; " + "x += 1; ".repeat(21_843) + "return x; }", "1");
        assertEquals(21_843, value("big()", "2"));
    }
}
