package org.jnas.kernel.repl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.jnas.nas.internal.BackgroundThreads;
import org.jnas.nas.internal.CodeStopper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class JShellReplTest {
    private static JShellRepl repl;

    @BeforeAll
    static void start() throws InterruptedException {
        repl = JShellRepl.create(Arrays.asList(System.getProperty("surefire.test.class.path",
                System.getProperty("java.class.path")).split(java.io.File.pathSeparator)));
        // The expression compiler warms up on its own thread; every test here should exercise it.
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!repl.expressionCompilerReady() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(repl.expressionCompilerReady(), "the surefire JVM exports javac's internals (kernel/pom.xml)");
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
    void finalExpressionWithoutSemicolonIsShownLikeJShellWould() {
        long fast = repl.expressionClassCount();
        assertEquals(2, repl.eval("1 + 1", "1").value());
        assertEquals(fast + 1, repl.expressionClassCount(), "1 + 1 compiles in one javac task, not through JShell");
        assertEquals("ab", repl.eval("\"a\" + \"b\" // a comment after the value", "2").value());
        assertEquals(List.of(1, 2), repl.eval("List.of(1,\n        2)", "3").value());
        assertEquals(true, repl.eval("1 == 1", "4").value());
        assertEquals(3, repl.eval("new int[] {1, 2, 3}.length", "5").value());
        assertEquals(fast + 5, repl.expressionClassCount());
        assertEquals(7, repl.eval("3 + 4;", "6").value(), "with a semicolon the value is still shown, as JShell does");
    }

    @Test
    void codeThatIsNotAValueStillRunsAsTyped() {
        CellResult declared = repl.eval("int declaredWithoutSemicolon = 5", "1");
        assertTrue(declared.ok(), declared::toString);
        assertFalse(declared.hasValue());
        assertEquals(5, repl.eval("declaredWithoutSemicolon", "2").value());
        CellResult assigned = repl.eval("declaredWithoutSemicolon = 6", "3");
        assertTrue(assigned.ok(), assigned::toString);
        assertFalse(assigned.hasValue(), "an assignment shows nothing, as in IPython");
        assertEquals(6, repl.eval("declaredWithoutSemicolon", "4").value());
        assertFalse(CodeScan.mayBeShownExpression("System.out.println(x);"));
        assertFalse(CodeScan.mayBeShownExpression("if (a) { b(); }"));
        assertTrue(CodeScan.mayBeShownExpression("table.first(3)"));
        CellResult voidCall = repl.eval("Thread.onSpinWait()", "5");
        assertTrue(voidCall.ok(), voidCall::toString);
        assertFalse(voidCall.hasValue());
        assertTrue(repl.eval("5 <= 6", "6").value().equals(true));
    }

    @Test
    void errorsInAShownExpressionPointAtTheUsersCode() {
        CellResult compile = repl.eval("int fine = 1;\nfine + missingName", "8");
        assertEquals("CompilationError", compile.ename());
        String all = String.join("\n", compile.traceback());
        assertTrue(all.contains("line 2") && all.contains("    fine + missingName\n           ^^^^^^^^^^^"), all);
        CellResult runtime = repl.eval("int zero = 0;\n\n10 / zero", "9");
        assertEquals("java.lang.ArithmeticException", runtime.ename());
        assertTrue(runtime.traceback().stream().anyMatch(l -> l.contains("cell [9] line 3")), runtime.traceback()::toString);
    }

    @Test
    void expressionCellsLeaveNoVariablesBehind() {
        long before = repl.activeSnippetCount();
        for (int i = 0; i < 5; i++) {
            assertEquals(i * 2, repl.eval(i + " * 2", "x").value());
            assertEquals(i, repl.eval("Integer.valueOf(" + i + ");", "y").value());
        }
        assertEquals(before, repl.activeSnippetCount(),
                "every variable a cell declares is imported into each later cell: expressions must not add any");
    }

    @Test
    void expressionsSeeEveryKindOfEarlierDeclarationAndItsLatestVersion() {
        long fast = repl.expressionClassCount();
        assertTrue(repl.eval("import java.time.Duration;\nint seen = 40;\nint twice(int v) { return 2 * v; }\n"
                + "record Point(int x, int y) {}\nenum Level { LOW, HIGH }", "1").ok());
        assertEquals(42, repl.eval("seen + 2", "2").value());
        assertEquals(84, repl.eval("twice(seen + 2)", "3").value());
        assertEquals(3, repl.eval("new Point(1, 2).x() + new Point(1, 2).y()", "4").value());
        assertEquals("HIGH", String.valueOf(repl.eval("Level.valueOf(\"HIGH\")", "5").value()));
        assertEquals(60L, repl.eval("Duration.ofMinutes(1).toSeconds()", "6").value());
        assertEquals("[anonymous]", repl.eval("List.of(new Object() { public String toString() { return \"anonymous\"; } }).toString()", "6").value(),
                "an anonymous class is a second class file, loaded with the expression's");
        assertEquals(fast + 6, repl.expressionClassCount());
        // Redefinitions replace the classes javac has read: the next expression sees the new ones.
        assertTrue(repl.eval("String seen = \"now a string\";\nint twice(int v) { return 3 * v; }", "7").ok());
        assertEquals("now a string!", repl.eval("seen + \"!\"", "8").value());
        assertEquals(6, repl.eval("twice(2)", "9").value());
        assertEquals(fast + 8, repl.expressionClassCount());
    }

    @Test
    void expressionUsingAnUnresolvedMethodReportsWhatIsMissing() {
        assertTrue(repl.eval("int usesMissing() { return missingHelper(); }", "1").ok());
        CellResult r = repl.eval("usesMissing() + 1", "2");
        assertEquals("UnresolvedReferenceException", r.ename());
        assertTrue(r.evalue().contains("missingHelper"), r.evalue());
        assertTrue(repl.eval("int missingHelper() { return 4; }", "3").ok());
        assertEquals(5, repl.eval("usesMissing() + 1", "4").value());
    }

    @Test
    void variableOfAnAnonymousTypeStillWorksThroughJShell() {
        assertTrue(repl.eval("var anonymous = new Object() { int field = 3; };", "1").ok());
        long fast = repl.expressionClassCount();
        assertEquals(3, repl.eval("anonymous.field", "2").value());
        assertEquals(fast, repl.expressionClassCount(), "only JShell knows the anonymous type of the variable");
        assertTrue(repl.eval("anonymous = null;", "3").ok());
        repl.eval("/* drop it */ Object anonymous = null;", "4");
    }

    @Test
    void stopEndsAnEndlessExpression() {
        long fast = repl.expressionClassCount();
        evalStopped("java.util.stream.LongStream.iterate(0, i -> i + 1)"
                + ".peek(i -> { if (i == 1) System.setProperty(\"" + LOOPING + "\", \"yes\"); }).filter(i -> i < 0).findFirst()");
        assertEquals(fast + 2, repl.expressionClassCount(), "the endless expression and the 2 + 3 after it");
    }

    @Test
    void aDeclarationJavacCannotGenerateFailsAndTheSessionWorksOn() {
        CellResult tooLong = repl.eval("int beforeHuge = 1;\nString huge = \"" + "x".repeat(70_000) + "\";", "1");
        assertEquals("CompilationError", tooLong.ename(), tooLong::toString);
        assertTrue(tooLong.evalue().contains("constant string too long"), tooLong.evalue());
        assertTrue(tooLong.traceback().get(0).contains("line 2"), tooLong.traceback()::toString);
        String elements = IntStream.range(0, 20_000).mapToObj(String::valueOf).collect(Collectors.joining(","));
        CellResult tooLarge = repl.eval("int[] many = {" + elements + "};", "2");
        assertEquals("CompilationError", tooLarge.ename(), tooLarge::toString);
        assertTrue(tooLarge.evalue().contains("code too large"), tooLarge.evalue());

        // Statements run, declarations stay, and neither failed declaration exists.
        assertTrue(repl.eval("System.setProperty(\"jnas.test.afterHuge\", \"ran\");", "3").ok());
        assertEquals("ran", System.getProperty("jnas.test.afterHuge"));
        CellResult declared = repl.eval("int afterHuge = beforeHuge + 1;", "4");
        assertTrue(declared.ok(), declared::toString);
        long fast = repl.expressionClassCount();
        assertEquals(2, repl.eval("afterHuge", "5").value());
        assertEquals(fast + 1, repl.expressionClassCount(), "expressions still compile in one javac task");
        assertEquals("CompilationError", repl.eval("huge", "6").ename());
        assertEquals("CompilationError", repl.eval("many", "7").ename());
    }

    @Test
    void anExpressionJavacCannotGenerateFailsAndLaterExpressionsCompileQuickly() {
        CellResult tooLong = repl.eval("\"" + "y".repeat(70_000) + "\".length()", "1");
        assertEquals("CompilationError", tooLong.ename(), tooLong::toString);
        assertTrue(tooLong.evalue().contains("constant string too long"), tooLong.evalue());
        long fast = repl.expressionClassCount();
        assertEquals(4, repl.eval("2 + 2", "2").value());
        assertEquals(fast + 1, repl.expressionClassCount(), "the single-task compiler recovered too");
    }

    @Test
    void exitInACellOrInCodeItDefinesEndsThatCellOrThreadNotTheJvm() {
        CellResult cell = repl.eval("int beforeExit = 1;\nSystem.exit(3);", "1");
        assertEquals(ExitNotAllowedException.class.getName(), cell.ename(), cell::toString);
        assertEquals("System.exit(3) is not allowed in a notebook cell: it would end the kernel; throw an exception"
                + " or return instead", cell.evalue());
        assertTrue(String.join("\n", cell.traceback()).contains("at cell [1] line 2"), cell.traceback()::toString);

        CellResult onAThread = repl.eval("""
                java.util.function.IntUnaryOperator evaluator = trial -> {
                    if (trial == 2) Runtime.getRuntime().halt(5);
                    return trial * 10;
                };
                var failure = new java.util.concurrent.atomic.AtomicReference<Throwable>();
                var worker = new Thread(() -> {
                    try { evaluator.applyAsInt(1); evaluator.applyAsInt(2); } catch (Throwable e) { failure.set(e); }
                });
                worker.start();
                worker.join();
                failure.get().getMessage()""", "2");
        assertTrue(onAThread.ok(), onAThread::toString);
        assertTrue(String.valueOf(onAThread.value()).startsWith("Runtime.halt(5) is not allowed"), onAThread::toString);

        assertTrue(repl.eval("java.util.function.IntConsumer quit = System::exit;", "3").ok());
        assertTrue(repl.eval("quit.accept(4);", "4").evalue().startsWith("System.exit(4)"));
        long fast = repl.expressionClassCount();
        CellResult expression = repl.eval("java.util.stream.IntStream.of(6).peek(System::exit).sum()", "5");
        assertEquals(fast + 1, repl.expressionClassCount(), "an expression class, compiled without JShell");
        assertTrue(expression.evalue().startsWith("System.exit(6)"), expression::toString);
        assertEquals(2, repl.eval("beforeExit + 1", "6").value());
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
        // the data a built-in evaluator trains on, without an import of its own
        CellResult data = repl.eval("Normalization.UNIT_RANGE.apply(255)", "2");
        assertTrue(data.ok(), data::toString);
        assertEquals("1.0", String.valueOf(data.value()));
        // the code export of a block the user built, as docs/one-shot.md's example does
        CellResult code = repl.eval("JavaCodeExporter.export(new ai.djl.nn.SequentialBlock(), \"Empty\", \"\")", "3");
        assertTrue(code.ok() && String.valueOf(code.value()).contains("class Empty"), code::toString);
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
    void packageNamesCompleteOnceTheClassPathIndexIsAllowed() throws InterruptedException {
        // JShell has one indexer thread for all shells in a JVM: the shared shell's turn comes first.
        repl.indexClassPath();
        try (JShellRepl fresh = JShellRepl.create(List.of())) {
            String code = "import java.ut";
            assertFalse(fresh.complete(code, code.length()).matches().contains("util."),
                    "the indexer waits until the kernel allows it");
            fresh.indexClassPath();
            long deadline = System.nanoTime() + 60_000_000_000L;
            Completion c = fresh.complete(code, code.length());
            while (!c.matches().contains("util.") && System.nanoTime() < deadline) {
                Thread.sleep(100);
                c = fresh.complete(code, code.length());
            }
            assertTrue(c.matches().contains("util."), c::toString);
            assertEquals("import java.".length(), c.cursorStart());
        }
    }

    @Test
    void inspectWorksWithCursorAtEnd() {
        Inspection i = repl.inspect("Math.abs", 8);
        assertTrue(i.found());
        assertTrue(i.text().contains("abs("), i.text());
    }

    @Test
    void inspectShowsTheJavadocOfNasLib() {
        String code = "ModelSpace.define";
        Inspection i = repl.inspect(code, code.length());
        assertTrue(i.found());
        assertTrue(i.text().contains("Defines a space named"), i.text());
    }

    @Test
    void isCompleteDistinguishesThreeCases() {
        assertEquals("complete", repl.isComplete("int x = 1;").status());
        assertEquals("complete", repl.isComplete("1 + 1").status());
        Completeness inc = repl.isComplete("for (int i = 0; i < 3; i++) {");
        assertEquals("incomplete", inc.status());
        assertEquals("    ", inc.indent());
        assertEquals("invalid", repl.isComplete("int x = 1 +* ;").status());
        assertEquals("invalid", repl.isComplete("int 1x = 5;").status(), "complete by its brackets, yet no Java");
        assertEquals("invalid", repl.isComplete("int ok = 1;\nint 2y = 5;").status());
        for (String valid : List.of("var v = List.of(1);", "public static int shared = 2;", "void f() { g(); }",
                "import java.util.*;", "record Point(int x, int y) {}", "undefinedYet = 3", "callDefinedLater(1);",
                "1 + 1 // a comment", "String block = \"\"\"\n    text\n    \"\"\";", "label: for (;;) break label;",
                "@Deprecated int old() { return 1; }", "switch (1) { case 1 -> {} default -> {} }")) {
            assertEquals("complete", repl.isComplete(valid).status(), valid);
        }
    }

    @Test
    void stopEndsABusyLoop() {
        evalStopped("long k = 0; while (true) { if (k++ == 1) System.setProperty(\"" + LOOPING + "\", \"yes\"); }");
    }

    @Test
    void theCodeStopperStopsOneThreadsCellCodeAndAStoppedCellNoneOfJnassThreads() throws Exception {
        assertTrue(repl.eval("Runnable spin = () -> { long z = 0; while (true) z++; };", "1").ok());
        Runnable spin = (Runnable) repl.eval("spin", "2").value();
        Thread trial = BackgroundThreads.newThread(spin, "jnas-trial-test");
        Thread other = BackgroundThreads.newThread(spin, "jnas-trial-other");
        trial.start();
        other.start();
        CodeStopper.Host stopper = JShellRepl.cellCodeStopper();
        try {
            evalStopped("long k = 0; while (true) { if (k++ == 1) System.setProperty(\"" + LOOPING + "\", \"yes\"); }");
            assertTrue(trial.isAlive() && other.isAlive(), "stopping a cell stops none of JNAS's threads");
            stopper.stop(trial);
            trial.join(10_000);
            assertFalse(trial.isAlive(), "the stopped thread's cell code ends");
            assertTrue(other.isAlive(), "only that thread's");
        } finally {
            stopper.withdraw(trial);
            stopper.stop(other);
            other.join(10_000);
            stopper.withdraw(other);
        }
        assertFalse(other.isAlive());
        assertEquals(5, repl.eval("2 + 3", "3").value(), "withdrawn stops leave cell code running");
    }

    /**
     * A cell stopped while it waits on a latch ends by the interrupt, not by JDK 17's Thread.stop,
     * which would leave the stopped thread in the latch's queue: the next cell's wait on the same
     * latch would then sleep through its release until its timeout.
     */
    @Test
    void aCellStoppedWhileItWaitsLeavesTheLatchWorking() {
        assertTrue(repl.eval("var gate = new java.util.concurrent.CountDownLatch(1);", "1").ok());
        Thread stopper = new Thread(() -> {
            // stopped once the cell's thread is parked in the latch's queue
            long deadline = System.nanoTime() + 60_000_000_000L;
            try {
                while (System.nanoTime() < deadline && Thread.getAllStackTraces().entrySet().stream().noneMatch(e ->
                        e.getKey().getState() == Thread.State.WAITING && Arrays.stream(e.getValue()).anyMatch(f ->
                                f.getClassName().equals("java.util.concurrent.CountDownLatch") && f.getMethodName().equals("await")))) {
                    Thread.sleep(1);
                }
            } catch (InterruptedException e) {
                return;
            }
            repl.stop();
        });
        stopper.start();
        CellResult stopped = repl.eval("gate.await();", "2");
        assertEquals("InterruptedException", stopped.ename(), stopped::toString);
        long start = System.nanoTime();
        CellResult next = repl.eval("new Thread(() -> { try { Thread.sleep(200); } catch (InterruptedException e) {} "
                + "gate.countDown(); }).start(); gate.await(20, java.util.concurrent.TimeUnit.SECONDS)", "3");
        assertEquals(true, next.value(), next::toString);
        assertTrue(System.nanoTime() - start < 10_000_000_000L, "woken by the release, not by the timeout");
    }

    /** Set once by the endless code below from inside its loop: the stop lands in the loop, never earlier. */
    private static final String LOOPING = "jnas.test.looping";

    /**
     * Runs {@code code}, which sets {@link #LOOPING} inside its endless loop, and stops it from
     * another thread once it loops: it ends interrupted, and the repl works on. Stopping earlier
     * could land in the static initializer of a JDK class the code is about to use (JDK 17 stops
     * with Thread.stop), which would leave that class unusable for the rest of the JVM.
     */
    private static void evalStopped(String code) {
        System.clearProperty(LOOPING);
        Thread stopper = new Thread(() -> {
            long deadline = System.nanoTime() + 60_000_000_000L;
            try {
                while (System.getProperty(LOOPING) == null && System.nanoTime() < deadline) {
                    Thread.sleep(1);
                }
            } catch (InterruptedException e) {
                return;
            }
            repl.stop();
        });
        stopper.start();
        try {
            CellResult r = repl.eval(code, "9");
            assertFalse(r.ok());
            assertEquals("InterruptedException", r.ename(), r::toString);
            assertEquals(5, repl.eval("2 + 3", "10").value());
        } finally {
            System.clearProperty(LOOPING);
        }
    }
}
