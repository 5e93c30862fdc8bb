package org.jnas.kernel.repl;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CodeScanTest {
    @Test
    void hasTopLevelAssignmentIgnoresComparisonsStringsAndBrackets() {
        assertTrue(CodeScan.hasTopLevelAssignment("x = 1"));
        assertTrue(CodeScan.hasTopLevelAssignment("x += f(y == 2)"));
        assertFalse(CodeScan.hasTopLevelAssignment("a == b"));
        assertFalse(CodeScan.hasTopLevelAssignment("a != b"));
        assertFalse(CodeScan.hasTopLevelAssignment("f(x = 2)"));
        assertFalse(CodeScan.hasTopLevelAssignment("\"x = 1\" + 'x' // y = 2"));
        assertFalse(CodeScan.hasTopLevelAssignment("list.stream().map(v -> v * 2).toList()"));
        assertFalse(CodeScan.hasTopLevelAssignment("\"\"\"\n a = \" b\n\"\"\".length()"));
    }

    @Test
    void oneExpressionCellsAreToldFromStatements() {
        assertTrue(CodeScan.hasTopLevelSemicolon("int a = 1; a"));
        assertTrue(CodeScan.hasTopLevelSemicolon("f()) ; (g()"));
        assertTrue(CodeScan.hasTopLevelSemicolon("1\\u003b int y = 2"));
        assertFalse(CodeScan.hasTopLevelSemicolon("list.forEach(x -> { System.out.println(x); })"));
        assertFalse(CodeScan.hasTopLevelSemicolon("\"a;b\" + ';' // c;"));
        assertFalse(CodeScan.hasTopLevelSemicolon("/* ; */ f(\n  1,\n  2)"));
    }
}
