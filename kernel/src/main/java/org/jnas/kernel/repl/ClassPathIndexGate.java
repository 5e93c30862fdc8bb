package org.jnas.kernel.repl;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;

/**
 * Holds JShell's class-path index back until {@link #open()}.
 *
 * <p>As soon as it starts, JShell indexes the name of every class on its class path (all the JDK's
 * modules and every jar of the kernel) on a background thread, for completing package names and
 * unimported classes. That keeps a core busy and allocates much, and its long-lived index makes the
 * young collections of the first seconds copy and promote it. In a kernel whose first cells come at
 * once, on a small machine, it is the largest thing competing with them. The indexer starts by
 * asking JShell's file manager for its locations ({@code getLocationAsPaths}, which nothing else in
 * JShell calls; JShell's own file manager is not a standard one, so javac never does), so the
 * standard file manager JShell wraps makes that call wait here. Nothing of JShell's internals is
 * touched: should a JDK index differently, it simply indexes at once.
 */
final class ClassPathIndexGate {
    private final CountDownLatch opened = new CountDownLatch(1);
    private volatile boolean abandoned;

    /** Lets the indexer run; idempotent, from any thread. */
    void open() {
        opened.countDown();
    }

    /**
     * For a shell that closes: its waiting indexer goes on with no locations at all. JShell has one
     * indexer thread for every shell in the JVM, so one left waiting would hold back all others.
     */
    void abandon() {
        abandoned = true;
        opened.countDown();
    }

    /** JShell's standard file manager, with {@code getLocationAsPaths} waiting for the gate. */
    StandardJavaFileManager guard(StandardJavaFileManager standard) {
        return new Guarded(standard);
    }

    private void awaitOpen() {
        boolean interrupted = false;
        while (true) {
            try {
                opened.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Forwards everything; StandardJavaFileManager's default methods are forwarded too, not re-derived. */
    private final class Guarded extends ForwardingJavaFileManager<StandardJavaFileManager>
            implements StandardJavaFileManager {
        Guarded(StandardJavaFileManager standard) {
            super(standard);
        }

        @Override
        public Iterable<? extends Path> getLocationAsPaths(Location location) {
            awaitOpen();
            return abandoned ? List.of() : fileManager.getLocationAsPaths(location);
        }

        @Override
        public boolean isSameFile(FileObject a, FileObject b) {
            return fileManager.isSameFile(a, b);
        }

        @Override
        public Iterable<? extends JavaFileObject> getJavaFileObjectsFromFiles(Iterable<? extends File> files) {
            return fileManager.getJavaFileObjectsFromFiles(files);
        }

        @Override
        public Iterable<? extends JavaFileObject> getJavaFileObjectsFromPaths(Collection<? extends Path> paths) {
            return fileManager.getJavaFileObjectsFromPaths(paths);
        }

        @Override
        public Iterable<? extends JavaFileObject> getJavaFileObjects(File... files) {
            return fileManager.getJavaFileObjects(files);
        }

        @Override
        public Iterable<? extends JavaFileObject> getJavaFileObjects(Path... paths) {
            return fileManager.getJavaFileObjects(paths);
        }

        @Override
        public Iterable<? extends JavaFileObject> getJavaFileObjectsFromStrings(Iterable<String> names) {
            return fileManager.getJavaFileObjectsFromStrings(names);
        }

        @Override
        public Iterable<? extends JavaFileObject> getJavaFileObjects(String... names) {
            return fileManager.getJavaFileObjects(names);
        }

        @Override
        public void setLocation(Location location, Iterable<? extends File> files) throws IOException {
            fileManager.setLocation(location, files);
        }

        @Override
        public void setLocationFromPaths(Location location, Collection<? extends Path> paths) throws IOException {
            fileManager.setLocationFromPaths(location, paths);
        }

        @Override
        public void setLocationForModule(Location location, String moduleName, Collection<? extends Path> paths)
                throws IOException {
            fileManager.setLocationForModule(location, moduleName, paths);
        }

        @Override
        public Iterable<? extends File> getLocation(Location location) {
            return fileManager.getLocation(location);
        }

        @Override
        public Path asPath(FileObject file) {
            return fileManager.asPath(file);
        }

        @Override
        public void setPathFactory(PathFactory factory) {
            fileManager.setPathFactory(factory);
        }
    }
}
