package org.jnas.nas.internal;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Classes that exist only in this JVM because the program around JNAS compiled them at run time
 * (notebook cells), or loads them from jars it added at run time, so that a backend running trials
 * in other JVMs can ship them: the notebook
 * kernel registers a {@link Source} when it starts. Without one (a plain Java program, {@code
 * jshell}) there is nothing to ship beyond the class path.
 */
public final class DefinedClasses {
    /** What the program knows about the classes it defined. */
    public interface Source {
        /** Binary name to class file of every class defined so far (the latest definition of a name). */
        Map<String, byte[]> classes();

        /**
         * The top-level variables (static fields the program sets, not the classes' own) that the
         * code of the defined classes named {@code roots}, and of the defined classes that code
         * uses, reads, each with its value now.
         */
        List<Variable> variablesReadBy(Set<String> roots);

        /** Jars and class folders the program added to its class path at run time (a notebook's %classpath, %maven). */
        List<Path> addedClassPath();
    }

    /** A top-level variable: the static field {@code field} of the defined class {@code owner}. */
    public record Variable(String owner, String field, Object value) {
        public Variable {
            Objects.requireNonNull(owner, "owner");
            Objects.requireNonNull(field, "field");
        }
    }

    private static final Source NONE = new Source() {
        @Override
        public Map<String, byte[]> classes() {
            return Map.of();
        }

        @Override
        public List<Variable> variablesReadBy(Set<String> roots) {
            return List.of();
        }

        @Override
        public List<Path> addedClassPath() {
            return List.of();
        }
    };
    private static volatile Source source = NONE;

    private DefinedClasses() {}

    /** Registers the source of defined classes (the notebook kernel does, for its shell). */
    public static void register(Source defined) {
        source = Objects.requireNonNull(defined, "defined");
    }

    /** The registered source, or one with no classes. */
    public static Source source() {
        return source;
    }
}
