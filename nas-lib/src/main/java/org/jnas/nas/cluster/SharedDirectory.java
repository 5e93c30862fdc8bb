package org.jnas.nas.cluster;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.NotSerializableException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.jnas.nas.internal.DefinedClasses;
import org.jnas.nas.space.Sample;
import org.jnas.nas.trial.TrialEvaluator;

/**
 * An experiment's folder on the filesystem it shares with its jobs:
 *
 * <pre>
 * code/lib/NNN-name     the class path, in order (jars linked or copied, class folders copied), once per experiment
 * code/classes/         classes that exist only in this JVM (notebook cells'), loaded first by the worker,
 *                       and variables.ser, the values of the top-level variables their code reads
 * experiment.ser        the sample-to-block builder and the evaluator, serialized
 * heartbeat             touched by the experiment while it runs; workers end themselves when it goes stale
 * trials/ID/sample.json the trial's architecture, to read
 * trials/ID/sample.ser  the same, serialized: the job's sample holds the notebook's value types (JSON
 *                       would turn an Integer into a Long)
 * trials/ID/jobs        "attempt jobId" per submitted job, for re-attaching after a restart
 * trials/ID/stop        written to ask the trial to stop
 * trials/ID/attempt-N/  job.sh, events.jsonl (the worker's reports), weights.params (with keepTopWeights)
 * workers/JOBID.log     the job's output: every trial its worker ran, each after a "jnas worker: trial" line
 * workers/JOBID.next    "trial attempt": the next trial for the job's idle worker, written whole (renamed into place)
 * </pre>
 */
final class SharedDirectory {
    final Path root;

    SharedDirectory(Path root) {
        this.root = root;
    }

    /** The experiment's sample-to-block function and evaluator, as shipped. */
    record Payload(Function<Sample, Block> builder, TrialEvaluator evaluator) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /** Creates the folder, or says why it cannot be written. */
    static SharedDirectory create(Path root) {
        try {
            Files.createDirectories(root.resolve("trials"));
            Files.createDirectories(root.resolve("code/lib"));
            Files.createDirectories(root.resolve("code/classes"));
            Files.createDirectories(root.resolve("workers"));
            Path probe = Files.createTempFile(root, "probe", ".tmp");
            Files.delete(probe);
        } catch (IOException | UnsupportedOperationException e) {
            throw new IllegalStateException("the Slurm experiment directory " + root + " cannot be written (" + e
                    + "): set Backends.slurm().directory(dir) to a writable folder the compute nodes share", e);
        }
        return new SharedDirectory(root);
    }

    Path lib() { return root.resolve("code/lib"); }
    Path classes() { return root.resolve("code/classes"); }
    Path payload() { return root.resolve("experiment.ser"); }
    Path heartbeat() { return root.resolve("heartbeat"); }
    Path trial(long id) { return root.resolve("trials").resolve(Long.toString(id)); }
    Path stopFile(long id) { return trial(id).resolve("stop"); }
    Path jobsFile(long id) { return trial(id).resolve("jobs"); }
    Path attempt(long id, int attempt) { return trial(id).resolve("attempt-" + attempt); }
    Path events(long id, int attempt) { return attempt(id, attempt).resolve("events.jsonl"); }
    Path workers() { return root.resolve("workers"); }
    /** The job's output; {@code %j} (the job's id) in sbatch's {@code --output}. */
    Path jobLog(String jobId) { return workers().resolve(jobId + ".log"); }
    Path handover(String jobId) { return workers().resolve(jobId + ".next"); }

    /**
     * Hands trial {@code id}'s attempt to the idle worker of job {@code jobId}: written to a
     * temporary file and renamed, so that the worker never reads half a line.
     */
    void writeHandover(String jobId, long id, int attempt) throws IOException {
        Path partial = workers().resolve(jobId + ".next.partial");
        Files.writeString(partial, id + " " + attempt + "\n");
        Files.move(partial, handover(jobId), StandardCopyOption.ATOMIC_MOVE);
    }

    /** The last {@code n} lines of a job's log, or why there are none. */
    static String tail(Path log, int n) {
        try {
            if (!Files.exists(log)) {
                return "(no log was written)";
            }
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - n), lines.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(the log cannot be read: " + e + ")";
        }
    }

    /**
     * The block of {@code sample} built by {@code builder} with the parameters a worker saved in
     * {@code file} (DJL's {@code loadParameters}), its arrays in {@code manager}.
     */
    static Block readWeights(Path file, Function<Sample, Block> builder, Sample sample, NDManager manager)
            throws IOException, MalformedModelException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            Block trained = builder.apply(sample);
            trained.loadParameters(manager, in);
            return trained;
        }
    }

    /**
     * Serializes what the worker needs, with the classes only this JVM has and the top-level
     * variables their code reads (a notebook's, {@link ClassShipment}), or names what cannot be
     * shipped and what to do instead; nothing is written then.
     */
    void writePayload(Function<Sample, Block> builder, TrialEvaluator evaluator) {
        check("the space (its builder of blocks)", builder, "define the space with ModelSpace.define(name, s -> ...)"
                + " and capture only serializable values in the lambda");
        check("the evaluator", evaluator, "use a built-in evaluator with its data from a loader or arrays and its"
                + " default weight initializer, a lambda, or a class of your own that is Serializable and captures only"
                + " serializable values");
        Payload payload = new Payload(builder, evaluator);
        ClassShipment classes = ClassShipment.of(payload, DefinedClasses.source());
        classes.write(classes());
        try {
            Files.write(payload(), serialize(payload));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + payload(), e);
        }
    }

    private static void check(String what, Object value, String instead) {
        try {
            serialize(value);
        } catch (NotSerializableException e) {
            throw new IllegalArgumentException(what + " cannot be shipped to Slurm jobs: it holds a "
                    + e.getMessage() + ", which is not Serializable; " + instead, e);
        } catch (IOException e) {
            throw new IllegalArgumentException(what + " cannot be shipped to Slurm jobs: " + e + "; " + instead, e);
        }
    }

    private static byte[] serialize(Object value) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        return bytes.toByteArray();
    }

    /** Reads the payload on the worker with {@code loader} (which sees {@code code/classes}). */
    Payload readPayload(ClassLoader loader) throws IOException, ClassNotFoundException {
        return (Payload) read(payload(), loader);
    }

    /** Writes the trial's sample for its jobs; see the layout above. */
    void writeSample(long id, Sample sample) throws IOException {
        Files.createDirectories(trial(id));
        Files.writeString(trial(id).resolve("sample.json"), sample.toJson());
        Files.write(trial(id).resolve("sample.ser"), serialize(sample));
    }

    /** The trial's sample as the experiment's JVM had it, read with {@code loader} (see {@link #workerLoader}). */
    Sample readSample(long id, ClassLoader loader) throws IOException, ClassNotFoundException {
        return (Sample) read(trial(id).resolve("sample.ser"), loader);
    }

    private static Object read(Path file, ClassLoader loader) throws IOException, ClassNotFoundException {
        try (InputStream in = Files.newInputStream(file);
                ObjectInputStream objects = new ObjectInputStream(in) {
                    @Override
                    protected Class<?> resolveClass(ObjectStreamClass desc) throws ClassNotFoundException {
                        return Class.forName(desc.getName(), false, loader);
                    }
                }) {
            return objects.readObject();
        }
    }

    /**
     * The worker's class loader: {@code code/classes} before the class path, so that classes only
     * the experiment's JVM had (a notebook's cells, see {@link ClassShipment}) are found, with the
     * top-level variables their code reads set as they were shipped.
     */
    ClassLoader workerLoader(ClassLoader parent) throws IOException, ReflectiveOperationException {
        URLClassLoader loader;
        try {
            loader = new URLClassLoader(new URL[] {classes().toUri().toURL()}, parent);
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        }
        ClassShipment.restore(classes(), loader);
        return loader;
    }

    /**
     * Ships this JVM's class path (manifest {@code Class-Path} entries expanded, as surefire and
     * launchers use them): each entry once per experiment, hard-linked where the filesystem
     * allows, else copied. An entry shipped before (a resumed experiment) is kept.
     *
     * @return the shipped entries in class path order
     */
    List<Path> shipClassPath() {
        List<Path> shipped = new ArrayList<>();
        int n = 0;
        for (Path entry : classPath()) {
            Path target = lib().resolve(String.format("%03d-%s", n++, entry.getFileName()));
            try {
                if (!Files.exists(target)) {
                    if (Files.isDirectory(entry)) {
                        copyTree(entry, target);
                    } else {
                        linkOrCopy(entry, target);
                    }
                }
            } catch (IOException e) {
                throw new IllegalStateException("cannot ship " + entry + " to " + target + ": " + e, e);
            }
            shipped.add(target);
        }
        return shipped;
    }

    private static void linkOrCopy(Path source, Path target) throws IOException {
        try {
            Files.createLink(target, source);
        } catch (IOException | UnsupportedOperationException e) {
            if (e instanceof FileAlreadyExistsException) {
                return;
            }
            Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void copyTree(Path source, Path target) throws IOException {
        Path partial = target.resolveSibling(target.getFileName() + ".partial");
        try (Stream<Path> files = Files.walk(source)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Path t = partial.resolve(source.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * This JVM's class path entries that exist, manifest Class-Path entries expanded, then those the
     * program added at run time (a notebook's {@code %classpath} and {@code %maven} jars).
     */
    static List<Path> classPath() {
        Set<Path> entries = new LinkedHashSet<>();
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!e.isEmpty()) {
                add(Path.of(e).toAbsolutePath().normalize(), entries);
            }
        }
        for (Path added : DefinedClasses.source().addedClassPath()) {
            add(added.toAbsolutePath().normalize(), entries);
        }
        return List.copyOf(entries);
    }

    private static void add(Path entry, Set<Path> entries) {
        if (!Files.exists(entry) || !entries.add(entry) || Files.isDirectory(entry)) {
            return;
        }
        try (JarFile jar = new JarFile(entry.toFile())) {
            Manifest manifest = jar.getManifest();
            String cp = manifest == null ? null : manifest.getMainAttributes().getValue("Class-Path");
            if (cp == null) {
                return;
            }
            for (String ref : cp.trim().split("\\s+")) {
                try {
                    URL url = new URL(entry.toUri().toURL(), ref);
                    add(Path.of(url.toURI()).toAbsolutePath().normalize(), entries);
                } catch (Exception bad) {
                    // an entry that names nothing here cannot be shipped; the JVM ignores it too
                }
            }
        } catch (IOException notAJar) {
            // not a jar: shipped as it is
        }
    }
}
