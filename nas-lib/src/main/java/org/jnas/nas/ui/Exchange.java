package org.jnas.nas.ui;

import com.google.gson.JsonElement;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * A request that a route took, as its handler sees it: the experiment the path names, the path's
 * other parameters, the body of a POST, and the ways to answer. The static methods are the same
 * answers for a bare {@link HttpExchange}, for pages and error answers.
 */
final class Exchange {
    /** An architecture diagram is drawn from the model's own names: it may style itself, nothing more. */
    private static final String SVG_CSP = "default-src 'none'; style-src 'unsafe-inline'";
    private static final System.Logger LOG = System.getLogger(Exchange.class.getName());

    private final HttpExchange http;
    private final DashboardSource experiment;
    private final Map<String, String> params;
    private final byte[] body;

    Exchange(HttpExchange http, DashboardSource experiment, Map<String, String> params, byte[] body) {
        this.http = http;
        this.experiment = experiment;
        this.params = params;
        this.body = body;
    }

    /** The experiment the path names ({@code {experiment}}), or null where it names none. */
    DashboardSource experiment() {
        return experiment;
    }

    /** A parameter the path binds, e.g. {@code "trial"} for {@code {trial}}. */
    String param(String name) {
        return params.get(name);
    }

    /** A parameter of the query string ({@code ?name=value}), decoded; empty when absent. */
    Optional<String> query(String name) {
        String raw = http.getRequestURI().getRawQuery();
        if (raw == null) {
            return Optional.empty();
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            if (decode(key).equals(name)) {
                return Optional.of(eq < 0 ? "" : decode(pair.substring(eq + 1)));
            }
        }
        return Optional.empty();
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new HttpError(400, "bad escape in query '" + s + "'");
        }
    }

    /** The request body, read under the size limit; empty for a GET. */
    byte[] body() {
        return body;
    }

    void sendJson(JsonElement json) throws IOException {
        sendJson(http, 200, json);
    }

    void sendSvg(String svg) throws IOException {
        http.getResponseHeaders().set("Content-Security-Policy", SVG_CSP);
        send(http, 200, "image/svg+xml; charset=utf-8", svg.getBytes(StandardCharsets.UTF_8));
    }

    /** A download: {@code filename} is what the browser saves it as. */
    void sendDownload(String type, String filename, byte[] body) throws IOException {
        http.getResponseHeaders().set("Cache-Control", "no-store");
        http.getResponseHeaders().set("Content-Disposition", "attachment; filename=\"" + filename + "\"");
        send(http, 200, type, body);
    }

    /** Sends the headers of a server-sent event stream; the events go to the stream returned. */
    OutputStream openEventStream() throws IOException {
        http.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        http.getResponseHeaders().set("Cache-Control", "no-store");
        http.sendResponseHeaders(200, 0);
        return http.getResponseBody();
    }

    static void sendJson(HttpExchange http, int status, JsonElement json) throws IOException {
        http.getResponseHeaders().set("Cache-Control", "no-store");
        send(http, status, "application/json; charset=utf-8", JsonViews.GSON.toJson(json).getBytes(StandardCharsets.UTF_8));
    }

    /** A refusal: JSON for the API, where the pages read the message; plain text elsewhere. */
    static void sendError(HttpExchange http, int status, String message) {
        try {
            if (pathOf(http).startsWith("/api/")) {
                sendJson(http, status, JsonViews.error(status, message));
            } else {
                send(http, status, "text/plain; charset=utf-8", (status + " " + message + "\n").getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException | RuntimeException e) {
            // The headers were sent already (a broken event stream) or the client left: nothing to tell.
            LOG.log(System.Logger.Level.DEBUG, "could not send error " + status, e);
        }
    }

    static void send(HttpExchange http, int status, String type, byte[] body) throws IOException {
        http.getResponseHeaders().set("Content-Type", type);
        http.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = http.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** The path as sent, still escaped. */
    static String pathOf(HttpExchange http) {
        URI uri = http.getRequestURI();
        return uri.getRawPath() == null ? "/" : uri.getRawPath();
    }
}
