package org.jnas.nas.ui;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Set;

/**
 * The checks that keep other web pages and oversized requests away from the experiment: the Host a
 * request names, the Origin of a POST, the method a route answers and the size of a body. Each
 * refusal is an {@link HttpError} whose message names the bad value.
 */
final class RequestChecks {
    private static final Set<String> LOCAL_HOSTS = Set.of("127.0.0.1", "localhost", "[::1]");

    private RequestChecks() {}

    /** Refuses requests whose Host is not this machine: a web page cannot reach us by DNS rebinding. */
    static void checkHost(HttpExchange http, boolean loopbackOnly) {
        String host = http.getRequestHeaders().getFirst("Host");
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
    static void checkOrigin(HttpExchange http) {
        String origin = http.getRequestHeaders().getFirst("Origin");
        if (origin == null) {
            return;
        }
        String host = http.getRequestHeaders().getFirst("Host");
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

    static void requireMethod(HttpExchange http, String method) {
        if (!http.getRequestMethod().equals(method)) {
            http.getResponseHeaders().set("Allow", method);
            throw new HttpError(405, "method " + http.getRequestMethod() + " not allowed on " + Exchange.pathOf(http)
                    + "; use " + method);
        }
    }

    /** Reads a request body of at most {@code limit} bytes. */
    static byte[] readBody(HttpExchange http, int limit) throws IOException {
        String length = http.getRequestHeaders().getFirst("Content-Length");
        if (length != null) {
            try {
                if (Long.parseLong(length.trim()) > limit) {
                    throw new HttpError(413, "request body of " + length.trim() + " bytes is over the limit of " + limit + " bytes");
                }
            } catch (NumberFormatException e) {
                throw new HttpError(400, "bad Content-Length '" + length + "'");
            }
        }
        try (InputStream in = http.getRequestBody()) {
            byte[] body = in.readNBytes(limit + 1);
            if (body.length > limit) {
                throw new HttpError(413, "request body is over the limit of " + limit + " bytes");
            }
            return body;
        }
    }
}
