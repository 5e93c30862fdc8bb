package org.jnas.kernel.repl;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;
import jdk.jshell.spi.ExecutionControl.ClassBytecodes;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Handle;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Rewrites the class files a cell defines so that {@code System.exit}, {@code Runtime.exit} and
 * {@code Runtime.halt} call {@link ExitGuard} instead, which throws: a cell (or a trial evaluator
 * it defines, running on another thread) cannot end the kernel. There is no SecurityManager to ask
 * on JDK 25. Calls, method references ({@code System::exit}) and method handle constants are
 * rewritten; reflection and classes from added jars are not. Each replacement takes the same
 * arguments from the stack (the receiver first for Runtime's), so nothing else in the method
 * changes, its stack map frames included.
 */
final class ExitCalls {
    private static final Logger LOG = Logger.getLogger(ExitCalls.class.getName());
    private static final String GUARD = Type.getInternalName(ExitGuard.class);
    private static final String SYSTEM = "java/lang/System";
    private static final String RUNTIME = "java/lang/Runtime";
    private static final String STATUS_ONLY = "(I)V";
    private static final String RUNTIME_AND_STATUS = "(Ljava/lang/Runtime;I)V";
    /** The constant-pool entries (UTF8, length 4) of the method names: a class with neither calls none. */
    private static final byte[] EXIT_NAME = {1, 0, 4, 'e', 'x', 'i', 't'};
    private static final byte[] HALT_NAME = {1, 0, 4, 'h', 'a', 'l', 't'};
    private static final AtomicBoolean UNREADABLE_LOGGED = new AtomicBoolean();

    /** A guard method that replaces a call. */
    private record Guarded(String name, String descriptor) {}

    private ExitCalls() {}

    /** The classes with their exit calls rewritten; the same array when none has any. */
    static ClassBytecodes[] guard(ClassBytecodes[] classes) {
        ClassBytecodes[] out = classes;
        for (int i = 0; i < classes.length; i++) {
            byte[] original = classes[i].bytecodes();
            byte[] guarded = guard(original);
            if (guarded != original) {
                if (out == classes) {
                    out = classes.clone();
                }
                out[i] = new ClassBytecodes(classes[i].name(), guarded);
            }
        }
        return out;
    }

    /** A class file with its exit calls rewritten; the same array when it has none. */
    static byte[] guard(byte[] classFile) {
        if (indexOf(classFile, EXIT_NAME) < 0 && indexOf(classFile, HALT_NAME) < 0) {
            return classFile;
        }
        ClassReader reader;
        try {
            reader = new ClassReader(classFile);
        } catch (IllegalArgumentException e) {
            // A class file version newer than this ASM knows: the class runs unguarded.
            if (UNREADABLE_LOGGED.compareAndSet(false, true)) {
                LOG.warning("cannot read the class files of this JDK (" + e.getMessage()
                        + "): System.exit in a cell would end the kernel");
            }
            return classFile;
        }
        ClassWriter writer = new ClassWriter(reader, 0);
        Rewriter rewriter = new Rewriter(writer);
        reader.accept(rewriter, 0);
        return rewriter.changed ? writer.toByteArray() : classFile;
    }

    /** The guard method that replaces a call or method handle, or null when it is not an exit. */
    private static Guarded guardOf(int opcode, String owner, String name, String descriptor) {
        if (!STATUS_ONLY.equals(descriptor)) {
            return null;
        }
        if (opcode == Opcodes.INVOKESTATIC && SYSTEM.equals(owner) && "exit".equals(name)) {
            return new Guarded("systemExit", STATUS_ONLY);
        }
        if (opcode == Opcodes.INVOKEVIRTUAL && RUNTIME.equals(owner) && ("exit".equals(name) || "halt".equals(name))) {
            return new Guarded("exit".equals(name) ? "runtimeExit" : "runtimeHalt", RUNTIME_AND_STATUS);
        }
        return null;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static final class Rewriter extends ClassVisitor {
        private boolean changed;

        Rewriter(ClassVisitor next) {
            super(Opcodes.ASM9, next);
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                String[] exceptions) {
            return new MethodVisitor(Opcodes.ASM9, super.visitMethod(access, name, descriptor, signature, exceptions)) {
                @Override
                public void visitMethodInsn(int opcode, String owner, String method, String desc, boolean isInterface) {
                    Guarded g = guardOf(opcode, owner, method, desc);
                    if (g == null) {
                        super.visitMethodInsn(opcode, owner, method, desc, isInterface);
                    } else {
                        changed = true;
                        super.visitMethodInsn(Opcodes.INVOKESTATIC, GUARD, g.name(), g.descriptor(), false);
                    }
                }

                @Override
                public void visitInvokeDynamicInsn(String method, String desc, Handle bootstrap, Object... arguments) {
                    Object[] args = arguments.clone();
                    for (int i = 0; i < args.length; i++) {
                        args[i] = guarded(args[i]);
                    }
                    super.visitInvokeDynamicInsn(method, desc, bootstrap, args);
                }

                @Override
                public void visitLdcInsn(Object value) {
                    super.visitLdcInsn(guarded(value));
                }
            };
        }

        /** A method handle constant to an exit as one to its guard (System::exit in a lambda's bootstrap). */
        private Object guarded(Object constant) {
            if (!(constant instanceof Handle h)) {
                return constant;
            }
            int opcode = switch (h.getTag()) {
                case Opcodes.H_INVOKESTATIC -> Opcodes.INVOKESTATIC;
                case Opcodes.H_INVOKEVIRTUAL -> Opcodes.INVOKEVIRTUAL;
                default -> -1;
            };
            Guarded g = guardOf(opcode, h.getOwner(), h.getName(), h.getDesc());
            if (g == null) {
                return constant;
            }
            changed = true;
            return new Handle(Opcodes.H_INVOKESTATIC, GUARD, g.name(), g.descriptor(), false);
        }
    }
}
