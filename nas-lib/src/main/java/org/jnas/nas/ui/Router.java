package org.jnas.nas.ui;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jnas.nas.results.ExperimentSummary;
import org.jnas.nas.trial.TrialRecord;

/**
 * Maps requests to pages and API calls, and turns every refusal into a 4xx answer with a message,
 * so that no request can disturb the server or the experiment.
 */
final class Router {
    static final int MAX_STREAMS = 32;
    static final int MAX_BODY = 64 * 1024;
    private static final System.Logger LOG = System.getLogger(Router.class.getName());
    private static final Set<String> LOCAL_HOSTS = Set.of("127.0.0.1", "localhost", "[::1]");
    private static final Map<String, String> ASSETS = Map.of(
            "/", "index.html",
            "/index.html", "index.html",
            "/assets/app.js", "app.js",
            "/assets/app.css", "app.css",
            "/assets/favicon.svg", "favicon.svg");
    private static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private final DashboardSource current;
    private final StoredExperiments stored;
    private final Duration keepAlive;
    private final boolean loopbackOnly;
    private final Map<String, byte[]> assets = new ConcurrentHashMap<>();
    private final Map<String, DashboardSource> opened = new ConcurrentHashMap<>();
    private final Set<EventStream> streams = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    Router(DashboardSource current, StoredExperiments stored, Duration keepAlive, boolean loopbackOnly) {
        this.current = current;
        this.stored = stored;
        this.keepAlive = keepAlive;
        this.loopbackOnly = loopbackOnly;
        for (String name : new HashSet<>(ASSETS.values())) {
            assets.put(name, loadAsset(name));
        }
    }

    void close() {
        closed = true;
        streams.forEach(EventStream::close);
    }

    void handle(HttpExchange ex) {
        try {
            ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
            checkHost(ex);
            route(ex, pathOf(ex));
        } catch (HttpError e) {
            sendError(ex, e.status, e.getMessage());
        } catch (IOException | UncheckedIOException e) {
            LOG.log(System.Logger.Level.DEBUG, "dashboard client went away", e);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "dashboard request failed: " + ex.getRequestURI(), e);
            sendError(ex, 500, "internal error: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            ex.close();
        }
    }

    private void route(HttpExchange ex, String path) throws IOException, InterruptedException {
        String asset = ASSETS.get(path);
        if (asset != null) {
            requireMethod(ex, "GET");
            sendAsset(ex, asset);
            return;
        }
        if (!path.startsWith("/api/")) {
            throw new HttpError(404, "no page '" + path + "'; the dashboard starts at /");
        }
        List<String> seg = segments(path.substring("/api/".length()));
        if (seg.equals(List.of("dashboard"))) {
            requireMethod(ex, "GET");
            sendJson(ex, 200, dashboardInfo());
        } else if (seg.equals(List.of("experiments"))) {
            requireMethod(ex, "GET");
            sendJson(ex, 200, experimentList());
        } else if (seg.size() >= 2 && seg.get(0).equals("experiments")) {
            routeExperiment(ex, resolve(seg.get(1)), seg.subList(2, seg.size()));
        } else {
            throw new HttpError(404, "no API endpoint '" + path + "'");
        }
    }

    private void routeExperiment(HttpExchange ex, DashboardSource s, List<String> rest)
            throws IOException, InterruptedException {
        String what = rest.isEmpty() ? "" : rest.get(0);
        switch (rest.size() + ":" + what) {
            case "0:" -> {
                requireMethod(ex, "GET");
                sendJson(ex, 200, JsonViews.overview(s, isLive(s)));
            }
            case "1:trials" -> {
                requireMethod(ex, "GET");
                JsonArray a = new JsonArray();
                s.trials().forEach(t -> a.add(JsonViews.trialSummary(t)));
                sendJson(ex, 200, a);
            }
            case "2:trials" -> {
                requireMethod(ex, "GET");
                TrialRecord t = trial(s, rest.get(1));
                sendJson(ex, 200, JsonViews.trialDetail(t, s.architectureSvg(t.id()).isPresent()));
            }
            case "3:trials" -> {
                if (!rest.get(2).equals("architecture.svg")) {
                    throw new HttpError(404, "no API endpoint for trial '" + rest.get(2) + "'");
                }
                requireMethod(ex, "GET");
                TrialRecord t = trial(s, rest.get(1));
                String svg = s.architectureSvg(t.id()).orElseThrow(() ->
                        new HttpError(404, "trial " + t.id() + " has no architecture diagram"));
                ex.getResponseHeaders().set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'");
                send(ex, 200, "image/svg+xml; charset=utf-8", svg.getBytes(StandardCharsets.UTF_8));
            }
            case "1:events" -> {
                requireMethod(ex, "GET");
                stream(ex, s);
            }
            case "1:stop" -> {
                requireMethod(ex, "POST");
                checkOrigin(ex);
                readBody(ex, MAX_BODY);
                requireControllable(s);
                s.stop();
                sendJson(ex, 200, JsonViews.overview(s, isLive(s)));
            }
            case "1:config" -> {
                requireMethod(ex, "POST");
                checkOrigin(ex);
                JsonObject body = parseObject(readBody(ex, MAX_BODY));
                requireControllable(s);
                applyConfig(s, body);
                sendJson(ex, 200, JsonViews.overview(s, isLive(s)));
            }
            default -> throw new HttpError(404, "no API endpoint '" + String.join("/", rest)
                    + "' for experiment '" + s.id() + "'");
        }
    }

    /** The experiment this dashboard was started for, when it is running here (not viewed from the store). */
    private boolean isLive(DashboardSource s) {
        return s == current && !s.readOnly();
    }

    private JsonObject dashboardInfo() {
        JsonObject o = new JsonObject();
        o.addProperty("current", current == null ? null : current.id());
        o.addProperty("store", stored != null);
        return o;
    }

    private JsonObject experimentList() {
        JsonArray list = new JsonArray();
        Set<String> seen = new HashSet<>();
        if (current != null) {
            list.add(JsonViews.summary(current, isLive(current)));
            seen.add(current.id());
        }
        JsonObject o = new JsonObject();
        if (stored != null) {
            try {
                for (ExperimentSummary e : stored.list()) {
                    if (seen.add(e.id())) {
                        list.add(JsonViews.summary(e, false));
                    }
                }
            } catch (RuntimeException e) {
                // The live experiment stays visible even when the store cannot be read.
                o.addProperty("storeError", "cannot read the stored experiments: " + e.getMessage());
            }
        }
        o.add("experiments", list);
        return o;
    }

    private DashboardSource resolve(String id) {
        if (current != null && current.id().equals(id)) {
            return current;
        }
        if (stored == null) {
            throw new HttpError(404, "no experiment '" + id + "'; this dashboard shows only '"
                    + (current == null ? "" : current.id()) + "'");
        }
        DashboardSource open = opened.get(id);
        if (open != null) {
            return open;
        }
        Optional<DashboardSource> found;
        try {
            found = stored.open(id);
        } catch (RuntimeException e) {
            throw new HttpError(500, "cannot open experiment '" + id + "' from the store: " + e.getMessage());
        }
        DashboardSource s = found.orElseThrow(() -> new HttpError(404, "no experiment '" + id + "' in the store"));
        DashboardSource earlier = opened.putIfAbsent(id, s);
        return earlier != null ? earlier : s;
    }

    private static TrialRecord trial(DashboardSource s, String idText) {
        long id;
        try {
            id = Long.parseLong(idText);
        } catch (NumberFormatException e) {
            throw new HttpError(400, "trial id '" + idText + "' is not a number");
        }
        for (TrialRecord t : s.trials()) {
            if (t.id() == id) {
                return t;
            }
        }
        throw new HttpError(404, "experiment '" + s.id() + "' has no trial " + id);
    }

    private void stream(HttpExchange ex, DashboardSource s) throws IOException, InterruptedException {
        if (closed) {
            throw new HttpError(503, "the dashboard is closing");
        }
        EventStream stream = new EventStream();
        if (streams.size() >= MAX_STREAMS) {
            throw new HttpError(503, "too many open event streams (" + MAX_STREAMS + "); close some dashboard tabs");
        }
        streams.add(stream);
        s.addListener(stream);
        try {
            ex.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
            ex.getResponseHeaders().set("Cache-Control", "no-store");
            ex.sendResponseHeaders(200, 0);
            OutputStream out = ex.getResponseBody();
            if (!closed) {
                stream.pump(out, keepAlive);
            }
        } finally {
            s.removeListener(stream);
            streams.remove(stream);
        }
    }

    private static void requireControllable(DashboardSource s) {
        if (s.readOnly()) {
            throw new HttpError(409, "experiment '" + s.id() + "' is read-only (viewed from the store)");
        }
        if (s.status().isDone()) {
            throw new HttpError(409, "experiment '" + s.id() + "' has already ended (" + s.status() + ")");
        }
    }

    private static void applyConfig(DashboardSource s, JsonObject body) {
        for (String key : body.keySet()) {
            if (!key.equals("trialConcurrency") && !key.equals("maxTrials")) {
                throw new HttpError(400, "unknown setting '" + key + "'; the dashboard can change trialConcurrency and maxTrials");
            }
        }
        if (body.size() == 0) {
            throw new HttpError(400, "nothing to change: send {\"trialConcurrency\": n} and/or {\"maxTrials\": n}");
        }
        Long concurrency = body.has("trialConcurrency") ? positive(body, "trialConcurrency", Integer.MAX_VALUE) : null;
        Long max = body.has("maxTrials") ? positive(body, "maxTrials", Long.MAX_VALUE) : null;
        try {
            if (concurrency != null) {
                s.setTrialConcurrency(concurrency.intValue());
            }
            if (max != null) {
                s.setMaxTrials(max);
            }
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new HttpError(400, e.getMessage());
        }
    }

    private static long positive(JsonObject body, String key, long limit) {
        JsonElement e = body.get(key);
        String bad = key + " must be a whole number from 1 to " + limit + ", got " + e;
        if (!e.isJsonPrimitive() || !((JsonPrimitive) e).isNumber()) {
            throw new HttpError(400, bad);
        }
        BigDecimal v = e.getAsBigDecimal();
        if (v.signum() <= 0 || v.stripTrailingZeros().scale() > 0 || v.compareTo(BigDecimal.valueOf(limit)) > 0) {
            throw new HttpError(400, bad);
        }
        return v.longValueExact();
    }

    private static JsonObject parseObject(byte[] body) {
        JsonElement e;
        try {
            e = JsonParser.parseString(new String(body, StandardCharsets.UTF_8));
        } catch (JsonParseException | IllegalStateException ex) {
            throw new HttpError(400, "the body is not valid JSON: " + ex.getMessage());
        }
        if (!e.isJsonObject()) {
            throw new HttpError(400, "the body must be a JSON object, got " + (body.length > 80
                    ? new String(body, 0, 80, StandardCharsets.UTF_8) + "..." : new String(body, StandardCharsets.UTF_8)));
        }
        return e.getAsJsonObject();
    }

    private static void requireMethod(HttpExchange ex, String method) {
        if (!ex.getRequestMethod().equals(method)) {
            ex.getResponseHeaders().set("Allow", method);
            throw new HttpError(405, "method " + ex.getRequestMethod() + " not allowed on " + pathOf(ex) + "; use " + method);
        }
    }

    /** Refuses requests whose Host is not this machine: a web page cannot reach us by DNS rebinding. */
    private void checkHost(HttpExchange ex) {
        String host = ex.getRequestHeaders().getFirst("Host");
        if (!loopbackOnly || host == null) {
            return;
        }
        String name = host.startsWith("[") ? host.substring(0, host.indexOf(']') + 1)
                : host.contains(":") ? host.substring(0, host.indexOf(':')) : host;
        if (!LOCAL_HOSTS.contains(name.toLowerCase())) {
            throw new HttpError(403, "host '" + host + "' not allowed; open the dashboard at 127.0.0.1");
        }
    }

    /** Refuses cross-site POSTs: another site's page must not be able to stop the experiment. */
    private static void checkOrigin(HttpExchange ex) {
        String origin = ex.getRequestHeaders().getFirst("Origin");
        if (origin == null) {
            return;
        }
        String host = ex.getRequestHeaders().getFirst("Host");
        try {
            URI o = new URI(origin);
            String authority = o.getRawAuthority();
            if (authority != null && authority.equalsIgnoreCase(host)) {
                return;
            }
        } catch (URISyntaxException e) {
            // falls through to the refusal
        }
        throw new HttpError(403, "cross-origin request from '" + origin + "' refused");
    }

    private static List<String> segments(String rest) {
        List<String> out = new ArrayList<>();
        for (String s : Arrays.asList(rest.split("/", -1))) {
            try {
                out.add(URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw new HttpError(400, "bad escape in path segment '" + s + "'");
            }
        }
        if (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) {
            out.remove(out.size() - 1);
        }
        return out;
    }

    private void sendAsset(HttpExchange ex, String name) throws IOException {
        String type = name.endsWith(".js") ? "text/javascript; charset=utf-8"
                : name.endsWith(".css") ? "text/css; charset=utf-8"
                : name.endsWith(".svg") ? "image/svg+xml"
                : "text/html; charset=utf-8";
        ex.getResponseHeaders().set("Cache-Control", "no-cache");
        if (name.endsWith(".html")) {
            ex.getResponseHeaders().set("Content-Security-Policy", CSP);
            ex.getResponseHeaders().set("Referrer-Policy", "no-referrer");
        }
        send(ex, 200, type, assets.get(name));
    }

    private static void sendJson(HttpExchange ex, int status, JsonElement body) throws IOException {
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        send(ex, status, "application/json; charset=utf-8", JsonViews.GSON.toJson(body).getBytes(StandardCharsets.UTF_8));
    }

    private static void sendError(HttpExchange ex, int status, String message) {
        try {
            if (pathOf(ex).startsWith("/api/")) {
                sendJson(ex, status, JsonViews.error(status, message));
            } else {
                send(ex, status, "text/plain; charset=utf-8", (status + " " + message + "\n").getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException | RuntimeException e) {
            // The headers were sent already (a broken event stream) or the client left: nothing to tell.
            LOG.log(System.Logger.Level.DEBUG, "could not send error " + status, e);
        }
    }

    private static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** Reads a request body of at most {@code limit} bytes. */
    private static byte[] readBody(HttpExchange ex, int limit) throws IOException {
        String length = ex.getRequestHeaders().getFirst("Content-Length");
        if (length != null) {
            try {
                if (Long.parseLong(length.trim()) > limit) {
                    throw new HttpError(413, "request body of " + length.trim() + " bytes is over the limit of " + limit + " bytes");
                }
            } catch (NumberFormatException e) {
                throw new HttpError(400, "bad Content-Length '" + length + "'");
            }
        }
        try (InputStream in = ex.getRequestBody()) {
            byte[] body = in.readNBytes(limit + 1);
            if (body.length > limit) {
                throw new HttpError(413, "request body is over the limit of " + limit + " bytes");
            }
            return body;
        }
    }

    private static String pathOf(HttpExchange ex) {
        URI uri = ex.getRequestURI();
        return uri.getRawPath() == null ? "/" : uri.getRawPath();
    }

    private static byte[] loadAsset(String name) {
        try (InputStream in = Router.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("dashboard asset " + name + " missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read dashboard asset " + name, e);
        }
    }
}
