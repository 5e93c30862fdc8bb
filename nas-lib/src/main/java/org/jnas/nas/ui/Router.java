package org.jnas.nas.ui;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;

/**
 * Maps requests to pages and API calls, and turns every refusal into a 4xx answer with a message,
 * so that no request can disturb the server or the experiment. The API's URLs are the route table
 * below; the checks every request passes are in {@link #handle} and {@link #dispatch}.
 */
final class Router {
    static final int MAX_BODY = 64 * 1024;
    private static final System.Logger LOG = System.getLogger(Router.class.getName());

    private final boolean loopbackOnly;
    private final Assets assets = new Assets();
    private final Experiments experiments;
    private final Api api;
    private final Routes routes;
    private final RequestThreads threads;

    Router(DashboardSource current, StoredExperiments stored, Duration keepAlive, boolean loopbackOnly,
            RequestThreads threads) {
        this.loopbackOnly = loopbackOnly;
        this.threads = threads;
        experiments = new Experiments(current, stored);
        api = new Api(experiments, keepAlive);
        routes = new Routes()
                .get("/api/dashboard", api::dashboard)
                .get("/api/experiments", api::experimentList)
                .get("/api/experiments/{experiment}", api::overview)
                .get("/api/experiments/{experiment}/trials", api::trials)
                .get("/api/experiments/{experiment}/trials.csv", api::trialsCsv)
                .get("/api/experiments/{experiment}/charts/{chart}", api::chart)
                .get("/api/experiments/{experiment}/trials/{trial}", api::trial)
                .get("/api/experiments/{experiment}/trials/{trial}/architecture.svg", api::architecture)
                .get("/api/experiments/{experiment}/events", api::events)
                .post("/api/experiments/{experiment}/stop", api::stop)
                .post("/api/experiments/{experiment}/config", api::config);
    }

    void close() {
        api.close();
    }

    void handle(HttpExchange http) {
        try {
            threads.requestRead();
            http.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
            RequestChecks.checkHost(http, loopbackOnly);
            dispatch(http);
        } catch (HttpError e) {
            Exchange.sendError(http, e.status, e.getMessage());
        } catch (IOException | UncheckedIOException e) {
            LOG.log(System.Logger.Level.DEBUG, "dashboard client went away", e);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "dashboard request failed: " + http.getRequestURI(), e);
            Exchange.sendError(http, 500, "internal error: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            http.close();
        }
    }

    private void dispatch(HttpExchange http) throws IOException, InterruptedException {
        String path = Exchange.pathOf(http);
        if (assets.serves(path)) {
            RequestChecks.requireMethod(http, "GET");
            assets.send(http, path);
            return;
        }
        if (!path.startsWith("/api/")) {
            throw new HttpError(404, "no page '" + path + "'; the dashboard starts at /");
        }
        List<String> segments = Routes.segments(path.substring(1));
        Routes.Match match = routes.match(segments);
        // The experiment a path names is looked up first: an unknown one is a 404 whatever the
        // method or the rest of the path.
        String id = match.params().get("experiment");
        DashboardSource experiment = id == null ? null : experiments.resolve(id);
        if (match.route() == null) {
            throw noEndpoint(path, segments, experiment);
        }
        RequestChecks.requireMethod(http, match.route().method());
        byte[] body = new byte[0];
        if (match.route().method().equals("POST")) {
            RequestChecks.checkOrigin(http);
            body = threads.readBody(() -> RequestChecks.readBody(http, MAX_BODY));
        }
        match.route().handler().handle(new Exchange(http, experiment, match.params(), body));
    }

    /** The 404 for an API path no route takes, naming the part of it that is wrong. */
    private static HttpError noEndpoint(String path, List<String> segments, DashboardSource experiment) {
        if (experiment == null) {
            return new HttpError(404, "no API endpoint '" + path + "'");
        }
        List<String> rest = segments.subList(3, segments.size()); // what follows /api/experiments/{experiment}
        if (rest.size() == 3 && rest.get(0).equals("trials")) {
            return new HttpError(404, "no API endpoint for trial '" + rest.get(2) + "'");
        }
        return new HttpError(404, "no API endpoint '" + String.join("/", rest) + "' for experiment '" + experiment.id() + "'");
    }
}
