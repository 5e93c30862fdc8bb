package org.jnas.kernel.repl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Handle;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * The rewriting alone, on a class compiled with the tests: no exit call may be left before any of
 * its methods runs (a call left would end the test JVM), then each one throws.
 */
class ExitCallsTest {
    @Test
    void everyKindOfExitCallIsRewrittenAndThrowsNamingTheCall() throws Exception {
        byte[] original = classFile(ExitingCode.class);
        assertEquals(List.of("java/lang/System.exit", "java/lang/Runtime.exit", "java/lang/Runtime.halt",
                "java/lang/System.exit", "java/lang/Runtime.halt", "java/lang/Runtime.exit", "java/lang/System.exit"),
                exitsIn(original), "what the test class calls, so that the rewriting below has something to do");
        byte[] guarded = ExitCalls.guard(original);
        assertEquals(List.of(), exitsIn(guarded));

        Class<?> code = new OneClassLoader(ExitingCode.class.getName(), guarded).loadClass(ExitingCode.class.getName());
        assertSame(code.getClassLoader().getClass(), OneClassLoader.class, "the rewritten class, not the test's own");
        assertEquals("System.exit(3) is not allowed in a notebook cell: it would end the kernel; throw an exception"
                + " or return instead", refusal(code, "systemExit", 3).getMessage());
        assertEquals("Runtime.exit(4)", callOf(refusal(code, "runtimeExit", 4)));
        assertEquals("Runtime.halt(5)", callOf(refusal(code, "runtimeHalt", 5)));
        assertEquals("System.exit(6)", callOf(refusal(code, "exitReference", 6)));
        assertEquals("Runtime.halt(7)", callOf(refusal(code, "boundHaltReference", 7)));
        assertEquals("Runtime.exit(8)", callOf(refusal(code, "unboundExitReference", 8)));

        Method inThread = code.getDeclaredMethod("exitInAThread", int.class);
        inThread.setAccessible(true);
        Throwable fromThread = (Throwable) inThread.invoke(null, 9);
        assertInstanceOf(ExitNotAllowedException.class, fromThread);
        assertEquals("System.exit(9)", callOf(fromThread));
        assertEquals(code.getName(), fromThread.getStackTrace()[0].getClassName(),
                "the stack starts at the user's call, not in the kernel");
    }

    @Test
    void aClassWithoutExitCallsIsLeftAsItIs() throws IOException {
        byte[] plain = classFile(CellResult.class);
        assertSame(plain, ExitCalls.guard(plain));
        byte[] named = classFile(NamesExitOnly.class);
        assertSame(named, ExitCalls.guard(named), "a method named exit is no exit call");
        assertNotSame(classFile(ExitingCode.class), ExitCalls.guard(classFile(ExitingCode.class)));
    }

    private static Throwable refusal(Class<?> code, String method, int status) throws Exception {
        Method m = code.getDeclaredMethod(method, int.class);
        m.setAccessible(true);
        InvocationTargetException e = assertThrows(InvocationTargetException.class, () -> m.invoke(null, status));
        return assertInstanceOf(ExitNotAllowedException.class, e.getCause());
    }

    private static String callOf(Throwable refusal) {
        return refusal.getMessage().substring(0, refusal.getMessage().indexOf(')') + 1);
    }

    private static byte[] classFile(Class<?> c) throws IOException {
        try (InputStream in = c.getResourceAsStream(c.getSimpleName() + ".class")) {
            return in.readAllBytes();
        }
    }

    /** Owner.name of every call and method handle to System.exit, Runtime.exit or Runtime.halt, in order. */
    private static List<String> exitsIn(byte[] classFile) {
        List<String> found = new ArrayList<>();
        new ClassReader(classFile).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                return new MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public void visitMethodInsn(int opcode, String owner, String method, String desc, boolean itf) {
                        note(owner, method);
                    }

                    @Override
                    public void visitInvokeDynamicInsn(String method, String desc, Handle bsm, Object... args) {
                        for (Object a : args) {
                            if (a instanceof Handle h) {
                                note(h.getOwner(), h.getName());
                            }
                        }
                    }
                };
            }

            private void note(String owner, String method) {
                if ((owner.equals("java/lang/System") && method.equals("exit"))
                        || (owner.equals("java/lang/Runtime") && (method.equals("exit") || method.equals("halt")))) {
                    found.add(owner + "." + method);
                }
            }
        }, 0);
        return found;
    }

    /** Defines one class from the given bytes; everything else comes from the test's loader. */
    private static final class OneClassLoader extends ClassLoader {
        private final String name;
        private final byte[] bytes;

        OneClassLoader(String name, byte[] bytes) {
            super(ExitCallsTest.class.getClassLoader());
            this.name = name;
            this.bytes = bytes;
        }

        @Override
        protected Class<?> loadClass(String className, boolean resolve) throws ClassNotFoundException {
            synchronized (getClassLoadingLock(className)) {
                if (!className.equals(name)) {
                    return super.loadClass(className, resolve);
                }
                Class<?> c = findLoadedClass(className);
                return c != null ? c : defineClass(className, bytes, 0, bytes.length);
            }
        }
    }
}

/** What a cell might write; never run unless rewritten (see ExitCallsTest). */
final class ExitingCode {
    private ExitingCode() {}

    static void systemExit(int status) {
        System.exit(status);
    }

    static void runtimeExit(int status) {
        Runtime.getRuntime().exit(status);
    }

    static void runtimeHalt(int status) {
        Runtime.getRuntime().halt(status);
    }

    static void exitReference(int status) {
        IntConsumer exit = System::exit;
        exit.accept(status);
    }

    static void boundHaltReference(int status) {
        IntConsumer halt = Runtime.getRuntime()::halt;
        halt.accept(status);
    }

    static void unboundExitReference(int status) {
        BiConsumer<Runtime, Integer> exit = Runtime::exit;
        exit.accept(Runtime.getRuntime(), status);
    }

    /** An evaluator-like lambda that exits on another thread: what that thread died of. */
    static Throwable exitInAThread(int status) throws InterruptedException {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = new Thread(() -> System.exit(status));
        t.setUncaughtExceptionHandler((thread, e) -> failure.set(e));
        t.start();
        t.join();
        return failure.get();
    }
}

/** Has a method named exit, which is not System's. */
final class NamesExitOnly {
    private NamesExitOnly() {}

    static int exit(int status) {
        return status + 1;
    }

    static int halt() {
        return exit(1);
    }
}
