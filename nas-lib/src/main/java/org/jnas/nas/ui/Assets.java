package org.jnas.nas.ui;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The page and its script, style sheet and icon, bundled in the jar and read once. They are served
 * at fixed paths, compared as sent (still escaped), apart from the API's route table.
 */
final class Assets {
    private static final Map<String, String> FILES = Map.of(
            "/", "index.html",
            "/index.html", "index.html",
            "/assets/app.js", "app.js",
            "/assets/app.css", "app.css",
            "/assets/favicon.svg", "favicon.svg");
    /** The page runs only its own script and talks only to this server. */
    private static final String PAGE_CSP = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private final Map<String, byte[]> contents;

    Assets() {
        Map<String, byte[]> read = new HashMap<>();
        for (String name : FILES.values()) {
            read.computeIfAbsent(name, Assets::load);
        }
        contents = Map.copyOf(read);
    }

    /** Whether {@code rawPath} is the path of a page or asset. */
    boolean serves(String rawPath) {
        return FILES.containsKey(rawPath);
    }

    void send(HttpExchange http, String rawPath) throws IOException {
        String name = FILES.get(rawPath);
        String type = name.endsWith(".js") ? "text/javascript; charset=utf-8"
                : name.endsWith(".css") ? "text/css; charset=utf-8"
                : name.endsWith(".svg") ? "image/svg+xml"
                : "text/html; charset=utf-8";
        http.getResponseHeaders().set("Cache-Control", "no-cache");
        if (name.endsWith(".html")) {
            http.getResponseHeaders().set("Content-Security-Policy", PAGE_CSP);
            http.getResponseHeaders().set("Referrer-Policy", "no-referrer");
        }
        Exchange.send(http, 200, type, contents.get(name));
    }

    private static byte[] load(String name) {
        try (InputStream in = Assets.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("dashboard asset " + name + " missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read dashboard asset " + name, e);
        }
    }
}
