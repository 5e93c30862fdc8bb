package org.jnas.kernel.repl;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;
import jdk.jshell.spi.ExecutionControl.ClassBytecodes;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Puts a call to {@link StopCheck#check()} at the start of every method of the classes a cell
 * defines and before every backward jump (every loop), as JDK 25's JShell does with its own check.
 * Its check obeys one flag for every thread, so that stopping a cell would also kill the trials
 * a cell's search runs; this one can stop one thread's code, or the cell's without the trials
 * (see {@link StopCheck}), on JDK 17 and 25 alike. The call takes and leaves nothing on the stack
 * and adds no jump target, so the stack map frames stay as they are.
 */
final class StopPoints {
    private static final Logger LOG = Logger.getLogger(StopPoints.class.getName());
    private static final String CHECK_OWNER = Type.getInternalName(StopCheck.class);
    private static final AtomicBoolean UNWOVEN = new AtomicBoolean();

    private StopPoints() {}

    /** Whether a class came that could not get its stop checks, and so has none. */
    static boolean missedAny() {
        return UNWOVEN.get();
    }

    /** The classes with their stop checks in. */
    static ClassBytecodes[] weave(ClassBytecodes[] classes) {
        ClassBytecodes[] out = new ClassBytecodes[classes.length];
        for (int i = 0; i < classes.length; i++) {
            out[i] = new ClassBytecodes(classes[i].name(), weave(classes[i].bytecodes()));
        }
        return out;
    }

    /** A class file with its stop checks in; the same array when they cannot be put in. */
    static byte[] weave(byte[] classFile) {
        try {
            ClassReader reader = new ClassReader(classFile);
            ClassWriter writer = new ClassWriter(reader, 0);
            reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
                @Override
                public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                        String[] exceptions) {
                    return new Weaver(super.visitMethod(access, name, descriptor, signature, exceptions));
                }
            }, 0);
            return writer.toByteArray();
        } catch (RuntimeException e) {
            // A class file version newer than this ASM knows (IllegalArgumentException), or a method
            // that javac fitted into the JVM's 64 KB of code and the checks would take past it
            // (MethodTooLargeException): the class loads as it is, and its code cannot be stopped
            // one thread at a time.
            if (UNWOVEN.compareAndSet(false, true)) {
                LOG.warning("cannot put stop checks into a class of a cell (" + e
                        + "): cancelled trials' cell code will not be stopped, and stopping a cell stops them all");
            }
            return classFile;
        }
    }

    private static final class Weaver extends MethodVisitor {
        /** Labels already passed: a jump to one of them goes backward. */
        private final Set<Label> passed = new HashSet<>();

        Weaver(MethodVisitor next) {
            super(Opcodes.ASM9, next);
        }

        @Override
        public void visitCode() {
            super.visitCode();
            check();
        }

        @Override
        public void visitLabel(Label label) {
            passed.add(label);
            super.visitLabel(label);
        }

        @Override
        public void visitJumpInsn(int opcode, Label label) {
            if (passed.contains(label)) {
                check();
            }
            super.visitJumpInsn(opcode, label);
        }

        private void check() {
            super.visitMethodInsn(Opcodes.INVOKESTATIC, CHECK_OWNER, "check", "()V", false);
        }
    }
}
