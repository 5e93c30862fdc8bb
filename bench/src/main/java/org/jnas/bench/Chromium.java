package org.jnas.bench;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A headless Chromium page driven over the DevTools protocol: navigate, run a script in every new
 * document, evaluate JavaScript. The benchmarks' own copy of the little the dashboard's browser test
 * does (benchmarks cannot use test classes).
 */
final class Chromium implements AutoCloseable {
    private static final Pattern DEVTOOLS = Pattern.compile("DevTools listening on (ws://\\S+)");
    private static final long WAIT_S = 60;

    private final Process process;
    private final Path profile;
    private WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonObject>> pending = new ConcurrentHashMap<>();

    private Chromium(Process process, Path profile) {
        this.process = process;
        this.profile = profile;
    }

    static Chromium launch(Path executable) throws Exception {
        Path profile = Files.createTempDirectory("jnas-bench-chromium");
        Process p = new ProcessBuilder(executable.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", "--no-first-run", "--disable-background-networking", "--disable-extensions",
                "--disable-component-update", "--disable-sync", "--remote-allow-origins=*", "--user-data-dir=" + profile,
                "--remote-debugging-port=0", "--window-size=1280,900", "about:blank")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        Chromium c = new Chromium(p, profile);
        BufferedReader err = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8));
        String browserWs = null;
        for (String line = err.readLine(); line != null && browserWs == null; line = browserWs == null ? err.readLine() : null) {
            Matcher m = DEVTOOLS.matcher(line);
            browserWs = m.find() ? m.group(1) : null;
        }
        if (browserWs == null) {
            c.close();
            throw new IllegalStateException("chromium exited before DevTools started");
        }
        Thread drain = new Thread(() -> err.lines().forEach(l -> { }), "chromium-stderr");
        drain.setDaemon(true);
        drain.start();
        HttpClient http = HttpClient.newHttpClient();
        String list = http.send(HttpRequest.newBuilder(URI.create("http://" + URI.create(browserWs).getAuthority() + "/json/list"))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
        String pageWs = null;
        for (JsonElement e : JsonParser.parseString(list).getAsJsonArray()) {
            if (e.getAsJsonObject().get("type").getAsString().equals("page")) {
                pageWs = e.getAsJsonObject().get("webSocketDebuggerUrl").getAsString();
            }
        }
        c.socket = http.newWebSocketBuilder().buildAsync(URI.create(pageWs), new WebSocket.Listener() {
            private final StringBuilder text = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                text.append(data);
                if (last) {
                    JsonObject msg = JsonParser.parseString(text.toString()).getAsJsonObject();
                    text.setLength(0);
                    CompletableFuture<JsonObject> f = msg.has("id") ? c.pending.remove(msg.get("id").getAsInt()) : null;
                    if (f != null) {
                        f.complete(msg);
                    }
                }
                w.request(1);
                return null;
            }
        }).get(WAIT_S, TimeUnit.SECONDS);
        c.call("Page.enable", new JsonObject()); // scripts for new documents are run only once it is
        return c;
    }

    JsonObject call(String method, JsonObject params) throws Exception {
        int id = ids.incrementAndGet();
        JsonObject msg = new JsonObject();
        msg.addProperty("id", id);
        msg.addProperty("method", method);
        msg.add("params", params);
        CompletableFuture<JsonObject> f = new CompletableFuture<>();
        pending.put(id, f);
        socket.sendText(msg.toString(), true).get(WAIT_S, TimeUnit.SECONDS);
        JsonObject reply = f.get(WAIT_S, TimeUnit.SECONDS);
        if (reply.has("error")) {
            throw new IllegalStateException(method + " failed: " + reply.get("error"));
        }
        return reply.getAsJsonObject("result");
    }

    /** Runs {@code script} in every document loaded from now on, before the page's own scripts. */
    void onNewDocument(String script) throws Exception {
        JsonObject params = new JsonObject();
        params.addProperty("source", script);
        call("Page.addScriptToEvaluateOnNewDocument", params);
    }

    void navigate(String url) throws Exception {
        JsonObject params = new JsonObject();
        params.addProperty("url", url);
        call("Page.navigate", params);
    }

    /** The JSON value of a JavaScript expression (a promise is awaited); null for undefined. */
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

    @Override
    public void close() throws Exception {
        if (socket != null) {
            socket.abort();
        }
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        try (Stream<Path> files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
