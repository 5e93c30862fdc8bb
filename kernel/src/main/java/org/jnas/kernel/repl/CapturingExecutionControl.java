package org.jnas.kernel.repl;

import java.lang.reflect.Field;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import jdk.jshell.execution.LocalExecutionControl;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;
import org.jnas.nas.internal.BackgroundThreads;

/**
 * Local execution that remembers the wrapper class of the last snippet it ran, so that the repl
 * can read a value as an object (for rendering) instead of JShell's string, and reports the class
 * files it loads, whose calls that would end the JVM it makes throw instead ({@link ExitCalls}),
 * and into which it puts its own stop checks ({@link StopPoints}).
 *
 * <p>Stopping a cell: {@code stop()} makes the cell's code throw at its next stop check on every
 * thread but JNAS's background threads, and interrupts the threads that run cell code. On JDK 17
 * it also calls JShell's stop, which stops the threads of the snippet's thread group (code of
 * added jars included), but only for a cell still running {@link #THREAD_STOP_GRACE_NANOS} after the
 * interrupt: {@code Thread.stop} lands anywhere, and a thread stopped while it waits on a latch or a
 * lock, or initialises a class, leaves them broken for every later cell (a cell awaiting a search,
 * interrupted, left the search's end latch unable to wake the next cell that awaited it), whereas
 * the checks and the interrupt end such a cell at a safe point. JShell's own stop on later JDKs is
 * not called: it sets one flag that every thread's cell code obeys, and would kill the trials of a
 * search the notebook runs; it is called only if a class could not get our checks.
 */
final class CapturingExecutionControl extends LocalExecutionControl {
    /** JDK 17 still stops threads; later JDKs instrument cell code instead. */
    private static final boolean THREAD_STOP = Runtime.version().feature() < 20;
    /** How long a stopped cell has to end by its checks and interrupts before JDK 17's Thread.stop. */
    static final long THREAD_STOP_GRACE_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final String CELL_PACKAGE = ExpressionCompiler.PACKAGE + ".";

    private final Object stopLock = new Object();
    // guarded by stopLock
    private boolean userCodeRunning;
    private boolean interrupted;
    private long interruptedAtNanos;

    private volatile Class<?> lastClass;
    private final List<Consumer<ClassBytecodes[]>> loadListeners = new CopyOnWriteArrayList<>();

    /** Calls {@code listener} with the class files of every load, before they are installed. */
    void onLoad(Consumer<ClassBytecodes[]> listener) {
        loadListeners.add(listener);
    }

    /** Loads the classes of a snippet or an expression, their exit calls made to throw ({@link ExitCalls}). */
    @Override
    public void load(ClassBytecodes[] classes) throws ClassInstallException, NotImplementedException,
            EngineTerminationException {
        ClassBytecodes[] guarded = StopPoints.weave(ExitCalls.guard(classes));
        loadListeners.forEach(listener -> listener.accept(guarded));
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

    @Override
    protected void clientCodeEnter() {
        synchronized (stopLock) {
            userCodeRunning = true;
            interrupted = false;
        }
        super.clientCodeEnter();
    }

    @Override
    protected void clientCodeLeave() {
        super.clientCodeLeave();
        synchronized (stopLock) {
            userCodeRunning = false;
            StopCheck.cellEnded();
        }
    }

    /** Stops the running snippet, if any (see the class comment); callable from any thread. */
    @Override
    public void stop() throws EngineTerminationException, InternalException {
        boolean shellStop;
        synchronized (stopLock) {
            if (!userCodeRunning) {
                return;
            }
            StopCheck.stopCell();
            if (!interrupted) {
                interrupted = true;
                interruptedAtNanos = System.nanoTime();
                interruptCellThreads();
            }
            // JDK 17's stops threads: only once the grace is over; on later JDKs it is a flag that a
            // class without our checks still needs
            shellStop = THREAD_STOP ? System.nanoTime() - interruptedAtNanos >= THREAD_STOP_GRACE_NANOS
                    : StopPoints.missedAny();
        }
        if (shellStop) {
            super.stop();
        }
    }

    /** Interrupts the threads, JNAS's background threads aside, that run code of a cell now. */
    private static void interruptCellThreads() {
        Thread self = Thread.currentThread();
        Thread.getAllStackTraces().forEach((thread, stack) -> {
            if (thread != self && !BackgroundThreads.owns(thread) && runsCellCode(stack)) {
                thread.interrupt();
            }
        });
    }

    private static boolean runsCellCode(StackTraceElement[] stack) {
        for (StackTraceElement frame : stack) {
            if (frame.getClassName().startsWith(CELL_PACKAGE)) {
                return true;
            }
        }
        return false;
    }

    /** A class that cells defined, by binary name, or null when none has that name. */
    Class<?> definedClass(String name) {
        try {
            return findClass(name);
        } catch (ClassNotFoundException | RuntimeException e) {
            return null;
        }
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

    /** Sets a static field to {@code value}; false when the value does not fit the field's type. */
    static boolean writeField(Class<?> owner, String name, Object value) {
        try {
            accessible(owner, name).set(null, value);
            return true;
        } catch (ReflectiveOperationException | IllegalArgumentException | SecurityException e) {
            return false;
        }
    }

    private static Object field(Class<?> owner, String name, boolean clear) {
        try {
            Field f = accessible(owner, name);
            Object value = f.get(null);
            if (clear) {
                f.set(null, null);
            }
            return value;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    private static Field accessible(Class<?> owner, String name) throws NoSuchFieldException {
        Field f = owner.getDeclaredField(name);
        f.setAccessible(true);
        return f;
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
