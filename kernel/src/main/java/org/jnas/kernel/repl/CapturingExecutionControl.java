package org.jnas.kernel.repl;

import java.lang.reflect.Field;
import java.util.Map;
import java.util.function.Consumer;
import jdk.jshell.execution.LocalExecutionControl;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;

/**
 * Local execution that remembers the wrapper class of the last snippet it ran, so that the repl
 * can read a value as an object (for rendering) instead of JShell's string, and reports the class
 * files it loads, whose calls that would end the JVM it makes throw instead. Stopping is
 * inherited: {@code stop()} ends a running snippet on JDK 17 (thread stop) and on JDK 25 (checks
 * instrumented into every class loaded here).
 */
final class CapturingExecutionControl extends LocalExecutionControl {
    private volatile Class<?> lastClass;
    private volatile Consumer<ClassBytecodes[]> loadListener = classes -> { };

    /** Calls {@code listener} with the class files of every load, before they are installed. */
    void onLoad(Consumer<ClassBytecodes[]> listener) {
        this.loadListener = listener;
    }

    /** Loads the classes of a snippet or an expression, their exit calls made to throw ({@link ExitCalls}). */
    @Override
    public void load(ClassBytecodes[] classes) throws ClassInstallException, NotImplementedException,
            EngineTerminationException {
        ClassBytecodes[] guarded = ExitCalls.guard(classes);
        loadListener.accept(guarded);
        super.load(guarded);
    }

    @Override
    public String invoke(String className, String methodName) throws RunException, InternalException,
            EngineTerminationException {
        try {
            lastClass = findClass(className);
        } catch (ClassNotFoundException e) {
            lastClass = null;
        }
        return super.invoke(className, methodName);
    }

    /** The wrapper class of the snippet that ran last, or {@code null}. */
    Class<?> lastClass() {
        return lastClass;
    }

    /** A static field of a snippet's wrapper class (a variable's value), or null when it cannot be read. */
    static Object readField(Class<?> owner, String name) {
        return field(owner, name, false);
    }

    /** Reads a static field and sets it to null, so that the class no longer keeps the value alive. */
    static Object takeField(Class<?> owner, String name) {
        return field(owner, name, true);
    }

    private static Object field(Class<?> owner, String name, boolean clear) {
        try {
            Field f = owner.getDeclaredField(name);
            f.setAccessible(true);
            Object value = f.get(null);
            if (clear) {
                f.set(null, null);
            }
            return value;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /** Hands one instance of this control to JShell's builder. */
    static final class Provider implements ExecutionControlProvider {
        private final CapturingExecutionControl control;

        Provider(CapturingExecutionControl control) {
            this.control = control;
        }

        @Override
        public String name() {
            return "jnas-local";
        }

        @Override
        public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) {
            return control;
        }
    }
}
