package org.jnas.kernel.repl;

import java.io.File;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.regex.Pattern;
import jdk.jshell.spi.ExecutionControl.ClassBytecodes;
import org.jnas.nas.internal.DefinedClasses;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Handle;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * The classes cells defined, as the execution control loaded them, and the jars cells added, for a
 * backend that ships them to other JVMs (Slurm jobs). A top-level variable is a static field of a snippet's wrapper class
 * ({@code REPL.$JShell$N}); the variables shipped are those read by the code reachable from the
 * payload's classes. A wrapper's {@code do_it$} (what ran the cell: a variable's initializer) is left
 * out of that walk, since a worker never runs it: a variable used only to build the evaluator need
 * not be serializable.
 */
final class CellClasses implements DefinedClasses.Source {
    private static final String RUN_METHOD = "do_it$";
    private static final Pattern WRAPPER = Pattern.compile(Pattern.quote(ExpressionCompiler.PACKAGE) + "\\.\\$JShell\\$\\d+");

    private final Map<String, byte[]> classes = new ConcurrentHashMap<>();
    private final List<Path> added = new CopyOnWriteArrayList<>();
    private final Function<String, Class<?>> loaded;

    /** {@code loaded} finds a defined class by binary name in the shell's loader, or returns null. */
    CellClasses(Function<String, Class<?>> loaded) {
        this.loaded = loaded;
    }

    /** Remembers what the execution control loads (the latest bytes of a name win). */
    void loaded(ClassBytecodes[] loadedClasses) {
        for (ClassBytecodes c : loadedClasses) {
            classes.put(c.name(), c.bytecodes());
        }
    }

    /** Remembers class path entries added to the shell ({@code %classpath}, {@code %maven}). */
    void addedToClassPath(String path) {
        for (String entry : path.split(File.pathSeparator)) {
            if (!entry.isEmpty()) {
                added.add(Path.of(entry));
            }
        }
    }

    @Override
    public List<Path> addedClassPath() {
        return List.copyOf(added);
    }

    @Override
    public Map<String, byte[]> classes() {
        return Map.copyOf(classes);
    }

    @Override
    public List<DefinedClasses.Variable> variablesReadBy(Set<String> roots) {
        Set<String> reads = new LinkedHashSet<>();
        Set<String> seen = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>(roots);
        while (!todo.isEmpty()) {
            String name = todo.pop();
            byte[] bytes = classes.get(name);
            if (bytes == null || !seen.add(name)) {
                continue;
            }
            Uses uses = new Uses();
            new ClassReader(bytes).accept(uses, ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
            uses.classes.stream().filter(classes::containsKey).forEach(todo::push);
            reads.addAll(uses.staticReads);
        }
        List<DefinedClasses.Variable> variables = new ArrayList<>();
        for (String read : reads) {
            int dot = read.lastIndexOf('#');
            String owner = read.substring(0, dot);
            String field = read.substring(dot + 1);
            if (WRAPPER.matcher(owner).matches() && classes.containsKey(owner)) {
                variable(owner, field, variables);
            }
        }
        return variables;
    }

    private void variable(String owner, String name, List<DefinedClasses.Variable> out) {
        Class<?> c = loaded.apply(owner);
        if (c == null) {
            return;
        }
        try {
            Field f = c.getDeclaredField(name);
            int m = f.getModifiers();
            if (Modifier.isStatic(m) && !Modifier.isFinal(m) && !f.isSynthetic()) {
                f.setAccessible(true);
                out.add(new DefinedClasses.Variable(owner, name, f.get(null)));
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            // not a field of this class (an inherited one): nothing to ship
        }
    }

    /** The classes one class file names and the static fields its methods but {@code do_it$} read. */
    private static final class Uses extends ClassVisitor {
        final Set<String> classes = new HashSet<>();
        final Set<String> staticReads = new LinkedHashSet<>();

        Uses() {
            super(Opcodes.ASM9);
        }

        @Override
        public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
            type(superName);
            if (interfaces != null) {
                for (String i : interfaces) {
                    type(i);
                }
            }
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
            if (name.equals(RUN_METHOD)) {
                return null;
            }
            return new MethodVisitor(Opcodes.ASM9) {
                @Override
                public void visitFieldInsn(int opcode, String owner, String field, String desc) {
                    type(owner);
                    if (opcode == Opcodes.GETSTATIC) {
                        staticReads.add(owner.replace('/', '.') + "#" + field);
                    }
                }

                @Override
                public void visitMethodInsn(int opcode, String owner, String method, String desc, boolean itf) {
                    type(owner);
                }

                @Override
                public void visitTypeInsn(int opcode, String type) {
                    type(type);
                }

                @Override
                public void visitLdcInsn(Object value) {
                    constant(value);
                }

                @Override
                public void visitInvokeDynamicInsn(String method, String desc, Handle bsm, Object... args) {
                    for (Object a : args) {
                        constant(a);
                    }
                }
            };
        }

        private void constant(Object value) {
            if (value instanceof Handle h) {
                type(h.getOwner());
            } else if (value instanceof Type t && t.getSort() == Type.OBJECT) {
                type(t.getInternalName());
            }
        }

        private void type(String internalName) {
            if (internalName != null) {
                classes.add(internalName.replace('/', '.'));
            }
        }
    }
}
