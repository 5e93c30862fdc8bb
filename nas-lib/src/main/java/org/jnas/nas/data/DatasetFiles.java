package org.jnas.nas.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.jnas.nas.internal.BackgroundThreads;

/**
 * Finds the four IDX files of a data set, in this order: the system directories, the user data
 * directory, else downloads the missing ones into the user data directory. A download goes to a
 * temporary file in that directory, is checked against the published checksum, and only then
 * renamed into place, so a failed or corrupt download never leaves a file that looks complete.
 * A mirror that sends no data for {@link #INACTIVITY_LIMIT} is given up for the next one; a slow
 * mirror that keeps sending is waited for however long the file takes. A download says what it
 * fetches, how far it has got every {@link #PROGRESS_EVERY} and when it is done
 * ({@link DownloadProgress}).
 */
final class DatasetFiles {

    /** System property naming the user data directory (overrides {@link #DATA_DIR_ENV}). */
    static final String DATA_DIR_PROPERTY = "jnas.data";
    /** Environment variable naming the user data directory. */
    static final String DATA_DIR_ENV = "JNAS_DATA";
    /** DJL's switch for "never download", which JNAS honours too. */
    static final String OFFLINE_PROPERTY = "ai.djl.offline";

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(60);
    /**
     * How long a download may go without receiving a byte before its mirror is given up: a limit
     * on the whole download cut a slow but moving one (Fashion-MNIST's 26 MB need 10 minutes at
     * 44 kB/s) and waited that long on a mirror that had stopped sending.
     */
    static final Duration INACTIVITY_LIMIT = Duration.ofSeconds(60);
    /** How often a download says how far it has got (a slow mirror's 26 MB take minutes). */
    static final Duration PROGRESS_EVERY = Duration.ofSeconds(2);

    private final Path userDataDir;
    private final boolean offline;
    private final Duration inactivityLimit;
    /** Where a download's progress lines go, one line each (the notebook cell's output: {@code System.out}). */
    private final Consumer<String> progress;
    private final Duration progressEvery;
    /** Made at the first download: most calls find the files and need no client (see {@link #http()}). */
    private HttpClient http;

    DatasetFiles(Path userDataDir, boolean offline) {
        this(userDataDir, offline, INACTIVITY_LIMIT);
    }

    DatasetFiles(Path userDataDir, boolean offline, Duration inactivityLimit) {
        this(userDataDir, offline, inactivityLimit, System.out::println, PROGRESS_EVERY);
    }

    DatasetFiles(Path userDataDir, boolean offline, Duration inactivityLimit, Consumer<String> progress,
            Duration progressEvery) {
        this.userDataDir = userDataDir;
        this.offline = offline;
        this.inactivityLimit = inactivityLimit;
        this.progress = progress;
        this.progressEvery = progressEvery;
    }

    /**
     * The download client, made on first use on a JNAS background thread, with background threads
     * for its work: an HttpClient's selector thread lives until the client is garbage collected,
     * and JShell (the notebook kernel) waits for every thread a cell's snippet started in its own
     * thread group, so a client made on the cell's thread held a cell that only read local files
     * until the next garbage collection.
     */
    private synchronized HttpClient http() {
        if (http == null) {
            http = BackgroundThreads.callInGroup(() -> HttpClient.newBuilder()
                    .connectTimeout(CONNECT_TIMEOUT)
                    .followRedirects(HttpClient.Redirect.NORMAL)
                    .executor(Executors.newCachedThreadPool(task -> BackgroundThreads.newThread(task, "jnas-download")))
                    .build(), "jnas-download-client");
        }
        return http;
    }

    /** Looks where the system properties and environment of this JVM say. */
    static DatasetFiles fromEnvironment() {
        return new DatasetFiles(defaultUserDataDir(), Boolean.getBoolean(OFFLINE_PROPERTY));
    }

    /** {@code -Djnas.data}, else {@code $JNAS_DATA}, else {@code ~/.jnas/data}. */
    static Path defaultUserDataDir() {
        String property = System.getProperty(DATA_DIR_PROPERTY);
        if (property != null && !property.isBlank()) {
            return Path.of(property);
        }
        String env = System.getenv(DATA_DIR_ENV);
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        return Path.of(System.getProperty("user.home"), ".jnas", "data");
    }

    /** The directory this data set is downloaded into. */
    Path userDir(DatasetSource source) {
        return userDataDir.resolve(source.dirName());
    }

    /**
     * The paths of the data set's four files, in the order of {@link DatasetSource#files()},
     * downloading what is missing.
     */
    List<Path> locate(DatasetSource source) throws IOException {
        for (Path dir : source.systemDirs()) {
            Optional<List<Path>> complete = completeIn(dir, source);
            if (complete.isPresent()) {
                return complete.get();
            }
        }
        Path userDir = userDir(source);
        Optional<List<Path>> complete = completeIn(userDir, source);
        if (complete.isPresent()) {
            return complete.get();
        }
        if (offline) {
            throw new DatasetUnavailableException(source.displayName() + " is not on this machine and downloads are off (-D"
                    + OFFLINE_PROPERTY + "=true). " + whereLookedAndHowToGet(source));
        }
        Files.createDirectories(userDir);
        List<Path> paths = new ArrayList<>();
        for (DatasetSource.RemoteFile file : source.files()) {
            Optional<Path> present = find(userDir, file.name());
            paths.add(present.isPresent() ? present.get() : download(source, file, userDir));
        }
        return paths;
    }

    private Path download(DatasetSource source, DatasetSource.RemoteFile file, Path dir) throws IOException {
        List<String> failures = new ArrayList<>();
        List<URI> mirrors = source.mirrors();
        for (int m = 0; m < mirrors.size(); m++) {
            URI uri = mirrors.get(m).resolve(file.name());
            try {
                return downloadVerified(uri, file, dir.resolve(file.name()));
            } catch (IOException e) {
                failures.add(uri + ": " + e.getMessage());
                if (m < mirrors.size() - 1) {
                    // the progress lines stopped at this mirror: say why before the next one's start
                    progress.accept("  " + uri + ": " + e.getMessage() + "; trying the next mirror");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while downloading " + uri, e);
            }
        }
        throw new DatasetUnavailableException("could not download " + file.name() + " of " + source.displayName()
                + ":\n  " + String.join("\n  ", failures) + "\n" + whereLookedAndHowToGet(source));
    }

    private Path downloadVerified(URI uri, DatasetSource.RemoteFile file, Path target)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(RESPONSE_TIMEOUT).GET().build();
        Path partial = Files.createTempFile(target.getParent(), file.name() + ".", ".part");
        DownloadProgress shown = new DownloadProgress(file.name(), progress);
        try {
            progress.accept("downloading " + file.name() + " from " + uri);
            CompletableFuture<HttpResponse<Path>> pending = http().sendAsync(request,
                    shown.counting(HttpResponse.BodyHandlers.ofFile(partial)));
            HttpResponse<Path> response = awaitShowingProgress(pending, shown);
            if (response.statusCode() != 200) {
                throw new IOException("HTTP " + response.statusCode());
            }
            String actual = checksum(partial, file.algorithm());
            if (!actual.equalsIgnoreCase(file.checksum())) {
                throw new IOException("checksum mismatch: " + file.algorithm() + " " + actual + ", expected "
                        + file.checksum() + "; the file was discarded");
            }
            moveIntoPlace(partial, target);
            shown.done();
            return target;
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    /**
     * {@code pending}'s response, showing how far the download has got every {@link #progressEvery}
     * meanwhile: from this thread, the caller's, so that a notebook shows it under the cell that
     * loads the data (the client's threads are shared by every cell). Gives up when no data has
     * come for {@link #inactivityLimit}, however long the download has run.
     */
    private HttpResponse<Path> awaitShowingProgress(CompletableFuture<HttpResponse<Path>> pending, DownloadProgress shown)
            throws IOException, InterruptedException {
        long nextLine = System.nanoTime() + progressEvery.toNanos();
        while (true) {
            long now = System.nanoTime();
            long quietLeft = shown.lastDataNanos() + inactivityLimit.toNanos() - now;
            if (quietLeft <= 0) {
                pending.cancel(true);
                throw new IOException("no data for " + seconds(inactivityLimit) + " s (" + shown.receivedSoFar()
                        + " received); gave up on this mirror");
            }
            if (nextLine - now <= 0) {
                shown.show();
                nextLine = now + progressEvery.toNanos();
            }
            try {
                return pending.get(Math.min(quietLeft, nextLine - now), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                // a line is due, or the quiet time is up: both are looked at above
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                String message = cause.getMessage();
                throw new IOException(cause.getClass().getSimpleName() + (message == null ? "" : ": " + message), cause);
            }
        }
    }

    /** {@code 60} for a minute, {@code 0.5} for half a second (a test's limit). */
    private static String seconds(Duration duration) {
        long ms = duration.toMillis();
        return ms % 1000 == 0 ? Long.toString(ms / 1000) : String.format(Locale.ROOT, "%.1f", ms / 1e3);
    }

    private static String checksum(Path file, String algorithm) throws IOException {
        MessageDigest digest = newDigest(algorithm);
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static void moveIntoPlace(Path partial, Path target) throws IOException {
        try {
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private String whereLookedAndHowToGet(DatasetSource source) {
        List<Path> looked = new ArrayList<>(source.systemDirs());
        looked.add(userDir(source));
        String names = source.files().stream().map(DatasetSource.RemoteFile::name).collect(Collectors.joining(", "));
        StringBuilder how = new StringBuilder("Looked in: ")
                .append(looked.stream().map(Path::toString).collect(Collectors.joining(", ")))
                .append(". To get it: ");
        if (source.systemPackageHint() != null) {
            how.append(source.systemPackageHint()).append("; or ");
        }
        how.append("download ").append(names).append(" from ").append(source.mirrors().get(0))
                .append(" into ").append(userDir(source))
                .append(" (another data directory: -D").append(DATA_DIR_PROPERTY).append("=DIR or $")
                .append(DATA_DIR_ENV).append("=DIR, holding ").append(source.dirName()).append("/)");
        if (offline) {
            how.append("; or run without -D").append(OFFLINE_PROPERTY).append("=true to download them automatically");
        }
        return how.append('.').toString();
    }

    private static Optional<List<Path>> completeIn(Path dir, DatasetSource source) {
        List<Path> paths = new ArrayList<>();
        for (DatasetSource.RemoteFile file : source.files()) {
            Optional<Path> found = find(dir, file.name());
            if (found.isEmpty()) {
                return Optional.empty();
            }
            paths.add(found.get());
        }
        return Optional.of(paths);
    }

    /** The compressed file, or the decompressed one a user may have left there instead. */
    private static Optional<Path> find(Path dir, String gzName) {
        Path gz = dir.resolve(gzName);
        if (Files.isRegularFile(gz)) {
            return Optional.of(gz);
        }
        Path raw = dir.resolve(gzName.replaceFirst("\\.gz$", ""));
        return Files.isRegularFile(raw) ? Optional.of(raw) : Optional.empty();
    }

    private static MessageDigest newDigest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM lacks the " + algorithm + " digest", e);
        }
    }
}
