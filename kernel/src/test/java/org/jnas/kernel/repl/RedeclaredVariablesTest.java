package org.jnas.kernel.repl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A later cell's import can make JShell declare earlier variables again, in new wrapper classes
 * whose fields start at null: the notebook's variables must keep their values (a fresh repl, since
 * the imports stay for the session).
 */
class RedeclaredVariablesTest {
    private JShellRepl repl;

    @BeforeEach
    void start() {
        repl = JShellRepl.create(Arrays.asList(System.getProperty("surefire.test.class.path",
                System.getProperty("java.class.path")).split(java.io.File.pathSeparator)));
    }

    @AfterEach
    void stop() {
        repl.close();
    }

    @Test
    void aLaterImportKeepsTheValuesOfEarlierVariables() {
        assertTrue(repl.eval("import ai.djl.nn.*;\nString name = \"kept\";\nint count = 3;\n"
                + "Block block = new SequentialBlock();", "1").ok());
        // evaluators.md's imports after README's: JShell declares every variable again
        assertTrue(repl.eval("import ai.djl.nn.Parameter;\nimport ai.djl.training.*;", "2").ok());
        assertEquals("kept 3 SequentialBlock", repl.eval("name + \" \" + count + \" \" + block.getClass().getSimpleName()", "3").value(),
                "read by an expression");
        CellResult statement = repl.eval("String seen = name + \" \" + count + \" \" + (block != null);\nseen", "4");
        assertEquals("kept 3 true", statement.value(), statement::toString);
    }

    @Test
    void anImportThatBreaksADeclarationSaysSoAndTheValueComesBackOnceItCompiles() {
        assertTrue(repl.eval("List<Integer> xs = List.of(1, 2);", "1").ok());
        // java.awt.List makes List ambiguous: JShell drops xs without a word
        String text = stderrOf("import java.awt.*;", "2");
        assertTrue(text.startsWith("variable xs can no longer be used: after 'import java.awt.*;' its declaration does not"
                + " compile (reference to List is ambiguous"), text);
        assertTrue(repl.eval("import java.util.List;", "3").ok());
        assertEquals(List.of(1, 2), repl.eval("xs", "4").value());
    }

    @Test
    void aDeclarationRunAgainOrAnImportRepeatedSaysNothing() {
        assertTrue(repl.eval("import java.util.concurrent.*;\nint q = 1;\nString name() { return \"n\"; }", "1").ok());
        assertEquals("", stderrOf("import java.util.concurrent.*;\nint q = 1;\nString name() { return \"m\"; }", "2"),
                "their old snippets are replaced, not broken");
        assertEquals(1, repl.eval("q", "3").value());
    }

    /** What evaluating {@code code} writes on stderr. */
    private String stderrOf(String code, String cell) {
        PrintStream err = System.err;
        ByteArrayOutputStream said = new ByteArrayOutputStream();
        System.setErr(new PrintStream(said, true, StandardCharsets.UTF_8));
        try {
            assertTrue(repl.eval(code, cell).ok());
        } finally {
            System.setErr(err);
        }
        return said.toString(StandardCharsets.UTF_8);
    }
}
