package org.jnas.nas.ui;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A headless Chromium driven through the DevTools protocol over a WebSocket: navigate, evaluate
 * JavaScript in the page, take screenshots. Just enough for the dashboard's browser test.
 */
final class HeadlessChromium implements AutoCloseable {
    private static final Pattern DEVTOOLS = Pattern.compile("DevTools listening on (ws://\\S+)");
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final Process process;
    private final Path profile;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonObject>> pending = new ConcurrentHashMap<>();
    private final List<String> consoleErrors = new ArrayList<>();

    private HeadlessChromium(Process process, Path profile, WebSocket socket) {
        this.process = process;
        this.profile = profile;
        this.socket = socket;
    }

    static HeadlessChromium launch(Path executable) throws Exception {
        Path profile = Files.createTempDirectory("jnas-chromium");
        Process p = new ProcessBuilder(executable.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--hide-scrollbars", "--remote-allow-origins=*",
                "--user-data-dir=" + profile, "--remote-debugging-port=0", "--window-size=1280,900", "about:blank")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        BufferedReader err = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8));
        String browserWs = null;
        long deadline = System.nanoTime() + WAIT.toNanos();
        StringBuilder seen = new StringBuilder();
        while (browserWs == null && System.nanoTime() < deadline) {
            String line = err.readLine();
            if (line == null) {
                throw new IllegalStateException("chromium exited before DevTools started:\n" + seen);
            }
            seen.append(line).append('\n');
            Matcher m = DEVTOOLS.matcher(line);
            if (m.find()) {
                browserWs = m.group(1);
            }
        }
        if (browserWs == null) {
            p.destroyForcibly();
            throw new IllegalStateException("chromium did not start DevTools within " + WAIT + ":\n" + seen);
        }
        Thread drain = new Thread(() -> {
            try {
                while (err.readLine() != null) {
                    // keep the pipe empty so chromium never blocks on its stderr
                }
            } catch (IOException e) {
                // chromium ended
            }
        }, "chromium-stderr");
        drain.setDaemon(true);
        drain.start();

        URI ws = URI.create(browserWs);
        HttpClient http = HttpClient.newHttpClient();
        String list = http.send(HttpRequest.newBuilder(URI.create("http://" + ws.getAuthority() + "/json/list")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        String pageWs = null;
        for (JsonElement e : JsonParser.parseString(list).getAsJsonArray()) {
            JsonObject target = e.getAsJsonObject();
            if (target.get("type").getAsString().equals("page")) {
                pageWs = target.get("webSocketDebuggerUrl").getAsString();
            }
        }
        if (pageWs == null) {
            p.destroyForcibly();
            throw new IllegalStateException("chromium has no page target: " + list);
        }
        HeadlessChromium[] self = new HeadlessChromium[1];
        WebSocket socket = http.newWebSocketBuilder().buildAsync(URI.create(pageWs), new WebSocket.Listener() {
            private final StringBuilder text = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                text.append(data);
                if (last) {
                    JsonObject msg = JsonParser.parseString(text.toString()).getAsJsonObject();
                    text.setLength(0);
                    self[0].receive(msg);
                }
                w.request(1);
                return null;
            }
        }).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        HeadlessChromium c = new HeadlessChromium(p, profile, socket);
        self[0] = c;
        c.call("Runtime.enable", new JsonObject());
        JsonObject metrics = new JsonObject();
        metrics.addProperty("width", 1280);
        metrics.addProperty("height", 900);
        metrics.addProperty("deviceScaleFactor", 1);
        metrics.addProperty("mobile", false);
        c.call("Emulation.setDeviceMetricsOverride", metrics);
        return c;
    }

    private void receive(JsonObject msg) {
        if (msg.has("id")) {
            CompletableFuture<JsonObject> f = pending.remove(msg.get("id").getAsInt());
            if (f != null) {
                f.complete(msg);
            }
        } else if ("Runtime.exceptionThrown".equals(msg.get("method").getAsString())) {
            synchronized (consoleErrors) {
                consoleErrors.add(msg.getAsJsonObject("params").toString());
            }
        }
    }

    JsonObject call(String method, JsonObject params) throws Exception {
        int id = ids.incrementAndGet();
        JsonObject msg = new JsonObject();
        msg.addProperty("id", id);
        msg.addProperty("method", method);
        msg.add("params", params);
        CompletableFuture<JsonObject> f = new CompletableFuture<>();
        pending.put(id, f);
        socket.sendText(msg.toString(), true).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        JsonObject reply = f.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        if (reply.has("error")) {
            throw new IllegalStateException(method + " failed: " + reply.get("error"));
        }
        return reply.getAsJsonObject("result");
    }

    void navigate(String url) throws Exception {
        JsonObject params = new JsonObject();
        params.addProperty("url", url);
        call("Page.navigate", params);
    }

    /** Evaluates a JavaScript expression in the page and returns its JSON value (null for undefined). */
    JsonElement eval(String expression) throws Exception {
        JsonObject params = new JsonObject();
        params.addProperty("expression", expression);
        params.addProperty("returnByValue", true);
        params.addProperty("awaitPromise", true);
        JsonObject r = call("Runtime.evaluate", params);
        if (r.has("exceptionDetails")) {
            throw new IllegalStateException("page threw on '" + expression + "': " + r.get("exceptionDetails"));
        }
        return r.getAsJsonObject("result").get("value");
    }

    String text(String expression) throws Exception {
        JsonElement v = eval(expression);
        return v == null || v.isJsonNull() ? null : v.getAsString();
    }

    /** Waits until a JavaScript condition holds in the page; fails naming it and showing the page. */
    void waitFor(String condition) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            JsonElement v = eval("(() => { try { return !!(" + condition + "); } catch (e) { return false; } })()");
            if (v != null && v.getAsBoolean()) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("page never satisfied: " + condition + "\npage text:\n"
                + text("document.body.innerText"));
    }

    void screenshot(Path file) throws Exception {
        JsonObject params = new JsonObject();
        params.addProperty("format", "png");
        String data = call("Page.captureScreenshot", params).get("data").getAsString();
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, Base64.getDecoder().decode(data));
    }

    /** Uncaught errors the page threw so far. */
    List<String> pageErrors() {
        synchronized (consoleErrors) {
            return List.copyOf(consoleErrors);
        }
    }

    @Override
    public void close() throws IOException {
        // Chromium's helper processes outlive the browser for a moment and still write to the
        // profile: wait for them too before deleting it.
        List<ProcessHandle> helpers = process.descendants().toList();
        try {
            socket.abort();
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
            for (ProcessHandle helper : helpers) {
                helper.destroy();
                helper.onExit().get(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            helpers.forEach(ProcessHandle::destroyForcibly);
        } finally {
            deleteTree(profile);
        }
    }

    /** Deletes what it can; a file that vanished meanwhile is no failure. */
    private static void deleteTree(Path dir) throws IOException {
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                file.toFile().delete();
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) {
                d.toFile().delete();
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
