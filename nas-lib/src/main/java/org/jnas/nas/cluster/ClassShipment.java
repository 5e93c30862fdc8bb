package org.jnas.nas.cluster;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.NotSerializableException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.OutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.lang.invoke.SerializedLambda;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jnas.nas.internal.DefinedClasses;

/**
 * Ships the classes only this JVM has (a notebook's cells) with the payload: every defined class
 * into {@code code/classes/}, and the values of the top-level variables that the payload's code
 * reads into {@code code/variables.ser}, which the worker restores after its loader sees the
 * classes and before it reads the payload. A JVM with no defined classes ships nothing here.
 */
final class ClassShipment {
    static final String VARIABLES = "variables.ser";

    /** A top-level variable's value, as shipped. */
    record Value(String owner, String field, Object value) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    private final Map<String, byte[]> classes;
    private final List<Value> values;

    private ClassShipment(Map<String, byte[]> classes, List<Value> values) {
        this.classes = classes;
        this.values = values;
    }

    /**
     * What {@code payload} needs from {@code source}: the variables its code reads, followed through
     * the classes of their values, each checked to be serializable; names the first that is not.
     */
    static ClassShipment of(Object payload, DefinedClasses.Source source) {
        Map<String, byte[]> classes = source.classes();
        if (classes.isEmpty()) {
            return new ClassShipment(Map.of(), List.of());
        }
        Set<String> roots = new LinkedHashSet<>(classesIn(payload));
        Map<String, Value> values = new LinkedHashMap<>();
        while (true) {
            List<Value> found = new ArrayList<>();
            for (DefinedClasses.Variable v : source.variablesReadBy(Set.copyOf(roots))) {
                String key = v.owner() + "." + v.field();
                if (!values.containsKey(key) && v.value() != null) {
                    Value value = new Value(v.owner(), v.field(), v.value());
                    values.put(key, value);
                    found.add(value);
                }
            }
            if (found.isEmpty()) {
                return new ClassShipment(classes, List.copyOf(values.values()));
            }
            for (Value v : found) {
                try {
                    roots.addAll(classesIn(v.value()));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("the top-level variable '" + v.field() + "' (a "
                            + v.value().getClass().getName() + "), which the space or the evaluator reads, cannot be"
                            + " shipped to Slurm jobs: " + e.getMessage() + "; create it inside the evaluator (or the"
                            + " space's function), or keep in the variable only what is Serializable", e);
                }
            }
        }
    }

    /** Names of the classes of every object serializing {@code value} writes, and of lambdas' code. */
    private static Set<String> classesIn(Object value) {
        Set<String> names = new LinkedHashSet<>();
        try (ObjectOutputStream out = new ObjectOutputStream(OutputStream.nullOutputStream()) {
            {
                enableReplaceObject(true);
            }

            @Override
            protected void annotateClass(Class<?> cl) {
                names.add(cl.getName());
            }

            @Override
            protected Object replaceObject(Object obj) {
                if (obj instanceof SerializedLambda lambda) {
                    names.add(lambda.getCapturingClass().replace('/', '.'));
                    names.add(lambda.getImplClass().replace('/', '.'));
                }
                return obj;
            }
        }) {
            out.writeObject(value);
        } catch (NotSerializableException e) {
            throw new IllegalArgumentException("it holds a " + e.getMessage() + ", which is not Serializable", e);
        } catch (IOException e) {
            throw new IllegalArgumentException(e.toString(), e);
        }
        return names;
    }

    /** Writes the classes under {@code classesDir} and the variables' values beside them. */
    void write(Path classesDir) {
        try {
            for (Map.Entry<String, byte[]> c : classes.entrySet()) {
                Path file = classesDir.resolve(c.getKey().replace('.', '/') + ".class");
                Files.createDirectories(file.getParent());
                Files.write(file, c.getValue());
            }
            if (!classes.isEmpty()) {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
                    out.writeObject(new ArrayList<>(values));
                }
                Files.write(classesDir.resolve(VARIABLES), bytes.toByteArray());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the notebook's classes to " + classesDir, e);
        }
    }

    /** On the worker: sets the shipped variables in the classes {@code loader} defines, if any were shipped. */
    static void restore(Path classesDir, ClassLoader loader) throws IOException, ReflectiveOperationException {
        Path file = classesDir.resolve(VARIABLES);
        if (!Files.exists(file)) {
            return;
        }
        List<?> values;
        try (InputStream in = Files.newInputStream(file);
                ObjectInputStream objects = new ObjectInputStream(in) {
                    @Override
                    protected Class<?> resolveClass(ObjectStreamClass desc) throws ClassNotFoundException {
                        return Class.forName(desc.getName(), false, loader);
                    }
                }) {
            values = (List<?>) objects.readObject();
        }
        for (Object o : values) {
            Value v = (Value) o;
            Field field = Class.forName(v.owner(), true, loader).getDeclaredField(v.field());
            field.setAccessible(true);
            field.set(null, v.value());
        }
    }
}
