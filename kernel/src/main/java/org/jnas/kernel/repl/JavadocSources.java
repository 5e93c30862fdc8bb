package org.jnas.kernel.repl;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import jdk.jshell.SourceCodeAnalysis;

/**
 * Gives JShell's documentation (Shift+Tab, {@code %doc}) the javadoc of nas-lib, whose sources the
 * kernel's jar carries under {@value #ROOT}. JShell reads javadoc only from the JDK's
 * {@code src.zip} and offers no way to add sources, so this appends them to the list its
 * analysis keeps ({@code availableSources}), which needs {@link #JVM_OPTIONS}. Without them, or
 * on a JDK whose JShell keeps that list otherwise, nas-lib's classes show their signatures alone,
 * as before.
 */
final class JavadocSources {
    private static final Logger LOG = Logger.getLogger(JavadocSources.class.getName());
    /** Where nas-lib's sources are in the kernel's jar (kernel/pom.xml copies them there). */
    static final String ROOT = "jnas-sources";
    /** Opens JShell's analysis to the reflection below. */
    static final List<String> JVM_OPTIONS = List.of("--add-opens=jdk.jshell/jdk.jshell=ALL-UNNAMED");

    private JavadocSources() {}

    /** Adds nas-lib's sources to what {@code analysis} reads javadoc from; whether it could. */
    static boolean addTo(SourceCodeAnalysis analysis) {
        Optional<Path> sources = bundled();
        if (sources.isEmpty()) {
            return false;
        }
        try {
            Class<?> type = analysis.getClass();
            Method jdkSources = type.getDeclaredMethod("findSources"); // the JDK's, read once and kept
            jdkSources.setAccessible(true);
            List<Path> all = new ArrayList<>();
            for (Object jdk : (List<?>) jdkSources.invoke(analysis)) {
                all.add((Path) jdk);
            }
            all.add(sources.get());
            Field kept = type.getDeclaredField("availableSources");
            kept.setAccessible(true);
            kept.set(analysis, List.copyOf(all));
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.log(Level.FINE, "nas-lib's javadoc is not shown: JShell's sources cannot be extended", e);
            return false;
        }
    }

    /** The root of nas-lib's sources in the kernel's jar (or its classes folder), if there. */
    static Optional<Path> bundled() {
        URL marker = JavadocSources.class.getClassLoader().getResource(ROOT + "/org/jnas/nas/Experiment.java");
        if (marker == null) {
            return Optional.empty();
        }
        try {
            URI uri = marker.toURI();
            if (uri.getScheme().equals("file")) {
                return Optional.of(Path.of(uri).getParent().getParent().getParent().getParent());
            }
            // jar:file:/.../kernel.jar!/jnas-sources/...: a zip file system, open for the kernel's life
            FileSystem jar;
            try {
                jar = FileSystems.newFileSystem(uri, Map.of());
            } catch (FileSystemAlreadyExistsException open) {
                jar = FileSystems.getFileSystem(uri);
            }
            return Optional.of(jar.getPath("/" + ROOT));
        } catch (URISyntaxException | IOException | RuntimeException e) {
            LOG.log(Level.FINE, "nas-lib's sources cannot be read from " + marker, e);
            return Optional.empty();
        }
    }
}
