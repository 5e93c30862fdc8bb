package org.jnas.kernel.repl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.jnas.nas.internal.DefinedClasses;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the kernel hands a Slurm backend: the classes cells compiled, the top-level variables that
 * shipped code reads (not those only its cell's initializer read), and the class path cells added.
 */
class CellClassesTest {
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
    void variablesReadByShippedCodeAreFoundThroughOtherCellsMethods() {
        CellResult defined = repl.eval("""
                Object lock = new Object();
                double offset = 0.5;
                String unused = "never read";
                int helper(int x) { return x + (int) (offset * 2); }
                java.util.function.IntUnaryOperator op = lock.hashCode() != 0 || true ? (x -> helper(x) * 2) : null;
                """, "1");
        assertTrue(defined.ok(), defined::toString);
        Object op = repl.eval("op", "2").value();
        String capturing = op.getClass().getNestHost().getName();
        DefinedClasses.Source source = repl.definedClasses();
        assertTrue(source.classes().containsKey(capturing), source.classes().keySet()::toString);

        List<DefinedClasses.Variable> read = source.variablesReadBy(Set.of(capturing));
        // offset through helper; lock is read only by op's initializer, which no job runs
        assertEquals(List.of("offset"), read.stream().map(DefinedClasses.Variable::field).toList(), read::toString);
        assertEquals(0.5, read.get(0).value());
    }

    @Test
    void aLambdaInACellsFinalExpressionIsShippedWithTheVariablesItReads() {
        assertTrue(repl.eval("int step = 3;", "3").ok());
        Object op = repl.eval("(java.util.function.IntUnaryOperator & java.io.Serializable) x -> x + step", "4").value();
        String capturing = op.getClass().getNestHost().getName();
        DefinedClasses.Source source = repl.definedClasses();
        assertTrue(source.classes().containsKey(capturing), capturing + " in " + source.classes().keySet());
        assertEquals(List.of("step"), source.variablesReadBy(Set.of(capturing)).stream()
                .map(DefinedClasses.Variable::field).toList());
    }

    @Test
    void classPathEntriesCellsAddAreListed() {
        Path dir = Path.of("target", "test-classes").toAbsolutePath();
        repl.addToClasspath(dir.toString());
        assertTrue(repl.definedClasses().addedClassPath().contains(dir), repl.definedClasses().addedClassPath()::toString);
    }
}
