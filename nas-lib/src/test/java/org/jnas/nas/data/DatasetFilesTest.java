package org.jnas.nas.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.ndarray.types.Shape;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The lookup order (system dir, user dir, download) against a local HTTP server serving tiny IDX files. */
class DatasetFilesTest {

    private static final List<String> NAMES = List.of("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
            "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz");

    @TempDir
    Path tmp;

    private HttpServer server;
    private final ExecutorService handlers = Executors.newCachedThreadPool();
    private final Map<String, byte[]> served = new ConcurrentHashMap<>();
    private final AtomicInteger requests = new AtomicInteger();

    @BeforeEach
    void startServer() throws IOException {
        served.put(NAMES.get(0), IdxFixtures.gzip(IdxFixtures.images(12, 4, 3)));
        served.put(NAMES.get(1), IdxFixtures.gzip(IdxFixtures.labels(12)));
        served.put(NAMES.get(2), IdxFixtures.gzip(IdxFixtures.images(5, 4, 3)));
        served.put(NAMES.get(3), IdxFixtures.gzip(IdxFixtures.labels(5)));
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(handlers);
        server.createContext("/stall/", exchange -> {
            requests.incrementAndGet();
            try (exchange; OutputStream out = exchange.getResponseBody()) {
                exchange.sendResponseHeaders(200, 1000);
                out.write(new byte[10]);
                out.flush();
                Thread.sleep(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.createContext("/slow/", exchange -> {
            requests.incrementAndGet();
            byte[] body = served.get(exchange.getRequestURI().getPath().substring("/slow/".length()));
            try (exchange; OutputStream out = exchange.getResponseBody()) {
                exchange.sendResponseHeaders(200, body.length);
                int chunk = body.length / 10 + 1;
                for (int from = 0; from < body.length; from += chunk) {
                    out.write(body, from, Math.min(chunk, body.length - from));
                    out.flush();
                    Thread.sleep(60);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.createContext("/data/", exchange -> {
            requests.incrementAndGet();
            byte[] body = served.get(exchange.getRequestURI().getPath().substring("/data/".length()));
            try (exchange; OutputStream out = exchange.getResponseBody()) {
                if (body == null) {
                    exchange.sendResponseHeaders(404, -1);
                } else {
                    exchange.sendResponseHeaders(200, body.length);
                    out.write(body);
                }
            }
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        handlers.shutdownNow();
        server.stop(0);
    }

    private URI mirror() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/data/");
    }

    private DatasetSource source(URI mirror, boolean corruptChecksum) throws Exception {
        return source(List.of(mirror), corruptChecksum);
    }

    private DatasetSource source(List<URI> mirrors, boolean corruptChecksum) throws Exception {
        List<DatasetSource.RemoteFile> files = new ArrayList<>();
        for (String name : NAMES) {
            String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(served.get(name)));
            if (corruptChecksum && name.startsWith("t10k-images")) {
                sha256 = "0".repeat(64);
            }
            files.add(new DatasetSource.RemoteFile(name, "SHA-256", sha256));
        }
        return new DatasetSource("Tiny-MNIST", "tiny-mnist", List.of(tmp.resolve("system")), mirrors, files,
                "install the Debian package: sudo apt-get install dataset-tiny-mnist");
    }

    private URI at(String context) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/" + context + "/");
    }

    /** The user data directory holding every file but the first, which a load then downloads. */
    private void allButTheFirstFileAtHand() throws IOException {
        Path dir = userData().resolve("tiny-mnist");
        IdxFixtures.writeDataset(dir);
        Files.delete(dir.resolve(NAMES.get(0)));
    }

    private Path userData() {
        return tmp.resolve("user");
    }

    @Test
    void systemDirectoryComesFirst() throws Exception {
        IdxFixtures.writeDataset(tmp.resolve("system"));
        IdxFixtures.writeDataset(userData().resolve("tiny-mnist"));
        List<Path> paths = new DatasetFiles(userData(), false).locate(source(mirror(), false));
        assertEquals(tmp.resolve("system").resolve(NAMES.get(0)), paths.get(0));
        assertEquals(0, requests.get());
    }

    @Test
    void userDirectoryWhenTheSystemHasNone() throws Exception {
        IdxFixtures.writeDataset(userData().resolve("tiny-mnist"));
        TrainTestData data = Datasets.load(source(mirror(), false), new DatasetFiles(userData(), false), Normalization.NONE);
        assertEquals(12, data.train().size());
        assertEquals(5, data.test().size());
        assertEquals(0, requests.get());
    }

    @Test
    void downloadsVerifiesAndKeepsTheFiles() throws Exception {
        DatasetFiles files = new DatasetFiles(userData(), false);
        TrainTestData data = Datasets.load(source(mirror(), false), files, Normalization.NONE);
        assertEquals(12, data.train().size());
        assertEquals(new Shape(1, 4, 3), data.test().exampleShape());
        assertEquals(4, requests.get());
        Path dir = userData().resolve("tiny-mnist");
        assertEquals(NAMES.stream().sorted().toList(), listNames(dir));

        Datasets.load(source(mirror(), false), files, Normalization.NONE);
        assertEquals(4, requests.get(), "a second load reads the downloaded files");
    }

    /**
     * A slow download says what it fetches, how far it has got while it runs, and that it is done,
     * all from the thread that loads the data (a notebook shows that thread's output under its cell).
     */
    @Test
    void aDownloadShowsItsProgressAsItGoes() throws Exception {
        served.put(NAMES.get(0), IdxFixtures.gzip(IdxFixtures.images(3000, 28, 28)));
        URI slow = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/slow/");
        List<String> lines = java.util.Collections.synchronizedList(new ArrayList<>());
        Thread loading = Thread.currentThread();
        List<String> elsewhere = java.util.Collections.synchronizedList(new ArrayList<>());
        new DatasetFiles(userData(), false, Duration.ofMinutes(1), line -> {
            (Thread.currentThread() == loading ? lines : elsewhere).add(line);
        }, Duration.ofMillis(100)).locate(source(slow, false));
        assertEquals(List.of(), elsewhere, "lines told from another thread than the one loading the data");
        String file = NAMES.get(0);
        long size = served.get(file).length;
        List<String> its = lines.stream().filter(l -> l.contains(file)).toList();
        assertEquals("downloading " + file + " from " + slow + file, its.get(0));
        assertTrue(its.get(its.size() - 1).matches("  " + file.replace(".", "\\.") + ": "
                + DownloadProgress.size(size).replace(".", "\\.") + " in \\d+\\.\\d s, checksum verified"), its.toString());
        List<Integer> percents = its.subList(1, its.size() - 1).stream()
                .map(l -> Integer.parseInt(l.replaceAll(".*\\((\\d+)%\\).*", "$1"))).toList();
        assertFalse(percents.isEmpty(), "a line while it ran (10 chunks, 60 ms apart, a line at most every 100 ms): " + its);
        for (int i = 0; i < percents.size(); i++) {
            assertTrue(percents.get(i) <= 100 && (i == 0 || percents.get(i) >= percents.get(i - 1)), its.toString());
        }
        assertTrue(its.get(1).matches("  " + file.replace(".", "\\.") + ": [\\d.]+ kB of [\\d.]+ [km]?B \\(\\d+%\\), [\\d.]+ [km]?B/s"),
                its.get(1));
        assertTrue(percents.size() <= 8, "a line every 100 ms of about 600: " + its);
        for (String other : NAMES) {
            assertTrue(lines.contains("downloading " + other + " from " + slow + other), lines.toString());
            assertTrue(lines.stream().anyMatch(l -> l.startsWith("  " + other + ": ") && l.endsWith("checksum verified")),
                    lines.toString());
        }
    }

    @Test
    void sizesReadAsBytesKilobytesOrMegabytes() {
        assertEquals("999 B", DownloadProgress.size(999));
        assertEquals("26.4 kB", DownloadProgress.size(26_421));
        assertEquals("26.4 MB", DownloadProgress.size(26_421_880));
    }

    /**
     * JShell (the notebook kernel) runs a cell in a thread group of its own and waits for every
     * thread left in it: loading data in a cell, found on disk or downloaded, must leave none there
     * (an HttpClient made on the cell's thread kept its selector thread there until a garbage
     * collection, and a notebook's cell hung).
     */
    @Test
    void loadingLeavesNoThreadInTheCallersThreadGroupAsJShellWaitsForThem() throws Exception {
        IdxFixtures.writeDataset(tmp.resolve("system"));
        assertNoThreadLeftInGroup(() -> new DatasetFiles(userData(), false).locate(source(mirror(), false)));
        Files.walk(tmp.resolve("system")).sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        assertNoThreadLeftInGroup(() -> new DatasetFiles(userData(), false).locate(source(mirror(), false)));
        assertEquals(4, requests.get(), "the second load downloaded the files");
    }

    private static void assertNoThreadLeftInGroup(java.util.concurrent.Callable<?> load) throws Exception {
        ThreadGroup cell = new ThreadGroup("cell");
        Exception[] failure = new Exception[1];
        Thread thread = new Thread(cell, () -> {
            try {
                load.call();
            } catch (Exception e) {
                failure[0] = e;
            }
        });
        thread.start();
        thread.join();
        if (failure[0] != null) {
            throw failure[0];
        }
        Thread[] left = new Thread[cell.activeCount() + 1];
        int n = cell.enumerate(left);
        assertEquals(List.of(), java.util.Arrays.stream(left, 0, n).map(Thread::getName).toList(),
                "threads a cell's thread group would wait for");
    }

    @Test
    void aWrongChecksumFailsAndLeavesNoFileOfIt() throws Exception {
        DatasetUnavailableException e = assertThrows(DatasetUnavailableException.class,
                () -> new DatasetFiles(userData(), false).locate(source(mirror(), true)));
        assertTrue(e.getMessage().contains("checksum mismatch"), e.getMessage());
        assertTrue(e.getMessage().contains(mirror() + "t10k-images-idx3-ubyte.gz"), e.getMessage());
        List<String> left = listNames(userData().resolve("tiny-mnist"));
        assertFalse(left.stream().anyMatch(name -> name.startsWith("t10k-images")), "left behind: " + left);
    }

    @Test
    void aServerThatIsDownGivesAnErrorSayingHowToGetTheFiles() throws Exception {
        URI down;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            down = URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/data/");
        }
        DatasetUnavailableException e = assertThrows(DatasetUnavailableException.class,
                () -> new DatasetFiles(userData(), false).locate(source(down, false)));
        assertTrue(e.getMessage().contains("could not download train-images-idx3-ubyte.gz of Tiny-MNIST"), e.getMessage());
        assertTrue(e.getMessage().contains(down + "train-images-idx3-ubyte.gz"), e.getMessage());
        assertTrue(e.getMessage().contains("into " + userData().resolve("tiny-mnist")), e.getMessage());
        assertEquals(List.of(), listNames(userData().resolve("tiny-mnist")));
    }

    @Test
    @Timeout(30) // the hang guard: the server stalls for 10 s, the download gives up after 500 ms without data
    void aStalledTransferFailsInsteadOfHanging() throws Exception {
        URI stalling = at("stall");
        DatasetUnavailableException e = assertThrows(DatasetUnavailableException.class,
                () -> new DatasetFiles(userData(), false, Duration.ofMillis(500)).locate(source(stalling, false)));
        assertTrue(e.getMessage().contains("could not download train-images-idx3-ubyte.gz of Tiny-MNIST"), e.getMessage());
        assertTrue(e.getMessage().contains(stalling + "train-images-idx3-ubyte.gz: no data for 0.5 s (10 B of 1.0 kB"
                + " received); gave up on this mirror"), e.getMessage());
        assertEquals(1, requests.get(), "gave up on the first file, without asking for the others");
        assertEquals(List.of(), listNames(userData().resolve("tiny-mnist")));
    }

    /**
     * The limit is on the time without data, not on the whole download: a mirror that keeps
     * sending (10 parts 60 ms apart, over 600 ms) is waited for past a 400 ms limit, where a limit
     * on the whole download cut Fashion-MNIST's 26 MB at 10 minutes below 44 kB/s.
     */
    @Test
    void aSlowButMovingDownloadCompletesPastTheLimit() throws Exception {
        allButTheFirstFileAtHand();
        List<String> lines = java.util.Collections.synchronizedList(new ArrayList<>());
        long start = System.nanoTime();
        List<Path> paths = new DatasetFiles(userData(), false, Duration.ofMillis(400), lines::add, Duration.ofSeconds(10))
                .locate(source(at("slow"), false));
        assertTrue(System.nanoTime() - start > Duration.ofMillis(400).toNanos(), "the download outlasted the limit");
        assertEquals(userData().resolve("tiny-mnist").resolve(NAMES.get(0)), paths.get(0));
        assertTrue(lines.get(lines.size() - 1).endsWith("checksum verified"), lines.toString());
        assertEquals(1, requests.get());
    }

    /** A mirror that stops sending is given up after the limit without data, and the next mirror is tried. */
    @Test
    @Timeout(30)
    void aStalledMirrorIsGivenUpForTheNext() throws Exception {
        allButTheFirstFileAtHand();
        URI stalling = at("stall");
        List<String> lines = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Path> paths = new DatasetFiles(userData(), false, Duration.ofMillis(500), lines::add, Duration.ofSeconds(10))
                .locate(source(List.of(stalling, mirror()), false));
        assertEquals(userData().resolve("tiny-mnist").resolve(NAMES.get(0)), paths.get(0));
        assertEquals(served.get(NAMES.get(0)).length, Files.size(paths.get(0)));
        String file = NAMES.get(0);
        assertEquals(List.of("downloading " + file + " from " + stalling + file,
                "  " + stalling + file + ": no data for 0.5 s (10 B of 1.0 kB received); gave up on this mirror;"
                        + " trying the next mirror",
                "downloading " + file + " from " + mirror() + file), lines.subList(0, 3));
        assertEquals(2, requests.get());
    }

    @Test
    void aMissingFileOnTheMirrorIsReported() throws Exception {
        DatasetSource source = source(mirror(), false);
        served.remove(NAMES.get(3));
        DatasetUnavailableException e = assertThrows(DatasetUnavailableException.class,
                () -> new DatasetFiles(userData(), false).locate(source));
        assertTrue(e.getMessage().contains("t10k-labels-idx1-ubyte.gz: HTTP 404"), e.getMessage());
    }

    @Test
    void offlineNeverDownloadsAndSaysHowToGetIt() throws Exception {
        DatasetUnavailableException e = assertThrows(DatasetUnavailableException.class,
                () -> new DatasetFiles(userData(), true).locate(source(mirror(), false)));
        assertEquals(0, requests.get());
        String message = e.getMessage();
        assertTrue(message.startsWith("Tiny-MNIST is not on this machine and downloads are off (-Dai.djl.offline=true)"), message);
        assertTrue(message.contains("sudo apt-get install dataset-tiny-mnist"), message);
        assertTrue(message.contains("from " + mirror() + " into " + userData().resolve("tiny-mnist")), message);
        assertTrue(message.contains("-Djnas.data=DIR or $JNAS_DATA=DIR"), message);
    }

    @Test
    void readsTheRealFashionMnistFromTheDebianPackage() throws IOException {
        Path debian = Path.of("/usr/share/datasets/fashion-mnist");
        assumeTrue(Files.isDirectory(debian),
                "Fashion-MNIST is not installed at " + debian + " (sudo apt-get install dataset-fashion-mnist)");
        TrainTestData data = Datasets.fashionMnist();
        assertEquals(60_000, data.train().size());
        assertEquals(10_000, data.test().size());
        assertEquals(new Shape(1, 28, 28), data.train().exampleShape());
        int[] perClass = new int[10];
        for (float label : data.test().labels()) {
            perClass[(int) label]++;
        }
        assertEquals(List.of(1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000),
                java.util.Arrays.stream(perClass).boxed().toList(), "Fashion-MNIST's test set is balanced");
        double sum = 0;
        for (float v : data.test().first(1000).features()) {
            sum += v;
        }
        double mean = sum / (1000 * 784);
        // Fashion-MNIST's mean pixel is about 0.286, i.e. about 0.50 after MNIST's normalisation.
        assertEquals(0.50, mean, 0.06);
    }

    private static List<String> listNames(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
