package org.jnas.nas.ui;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A table of routes, each an HTTP method, a path pattern such as
 * {@code /api/experiments/{experiment}/trials/{trial}} and the handler that answers it. A literal
 * segment of a pattern matches the same decoded path segment; a {@code {name}} segment matches any
 * one segment and binds it to that name. Each pattern answers one method.
 */
final class Routes {

    /** Answers a request that its route took. */
    @FunctionalInterface
    interface Handler {
        void handle(Exchange exchange) throws IOException, InterruptedException;
    }

    /** Requests for paths that match {@code pattern}, answered by {@code handler} when they use {@code method}. */
    record Route(String method, List<String> pattern, Handler handler) {}

    /**
     * What the table found for a path: the route that takes it, or null when none does, and the
     * parameters bound on the way. When no route takes the path, they are those of the longest
     * pattern prefix it follows, so that the answer can still name the experiment it asked about.
     */
    record Match(Route route, Map<String, String> params) {}

    private final List<Route> routes = new ArrayList<>();

    Routes get(String pattern, Handler handler) {
        return add("GET", pattern, handler);
    }

    Routes post(String pattern, Handler handler) {
        return add("POST", pattern, handler);
    }

    private Routes add(String method, String pattern, Handler handler) {
        routes.add(new Route(method, List.of(pattern.substring(1).split("/")), handler));
        return this;
    }

    /** The route whose pattern the path's {@linkplain #segments(String) segments} match, whatever the method. */
    Match match(List<String> segments) {
        Map<String, String> nearest = Map.of();
        int nearestDepth = -1;
        for (Route route : routes) {
            Map<String, String> params = new HashMap<>();
            int depth = 0;
            while (depth < route.pattern().size() && depth < segments.size()) {
                String part = route.pattern().get(depth);
                if (part.startsWith("{")) {
                    params.put(part.substring(1, part.length() - 1), segments.get(depth));
                } else if (!part.equals(segments.get(depth))) {
                    break;
                }
                depth++;
            }
            if (depth == route.pattern().size() && depth == segments.size()) {
                return new Match(route, params);
            }
            if (depth > nearestDepth) {
                nearest = params;
                nearestDepth = depth;
            }
        }
        return new Match(null, nearest);
    }

    /**
     * The decoded segments of a raw path (without its leading slash); a trailing slash adds none. A
     * plus sign stays a plus sign: in a path it does not mean a space.
     */
    static List<String> segments(String rawPath) {
        List<String> out = new ArrayList<>();
        for (String s : rawPath.split("/", -1)) {
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
}
