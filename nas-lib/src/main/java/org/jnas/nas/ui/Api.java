package org.jnas.nas.ui;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jnas.nas.results.Chart;
import org.jnas.nas.results.ExperimentSummary;
import org.jnas.nas.trial.TrialRecord;

/**
 * The handlers of the JSON API and the event stream; the {@link Router} maps URLs to them and has
 * done the HTTP checks before they run. A refusal is an {@link HttpError} with a message for the
 * page to show.
 */
final class Api {
    static final int MAX_STREAMS = 32;
    private static final Duration PROBE_FOR = Duration.ofSeconds(2);
    private static final Duration PROBE_EVERY = Duration.ofMillis(50);

    private final Experiments experiments;
    private final Duration keepAlive;
    private final Set<EventStream> streams = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    Api(Experiments experiments, Duration keepAlive) {
        this.experiments = experiments;
        this.keepAlive = keepAlive;
    }

    /** Ends the open event streams and refuses new ones: the dashboard is closing. */
    void close() {
        closed = true;
        streams.forEach(EventStream::close);
    }

    /** Which experiment the start page shows, and whether there is a store to list. */
    void dashboard(Exchange ex) throws IOException {
        DashboardSource current = experiments.current();
        JsonObject o = new JsonObject();
        o.addProperty("current", current == null ? null : current.id());
        o.addProperty("store", experiments.hasStore());
        ex.sendJson(o);
    }

    /** The experiment shown live first, then the stored ones; a store that cannot be read is reported, not fatal. */
    void experimentList(Exchange ex) throws IOException {
        DashboardSource current = experiments.current();
        JsonArray list = new JsonArray();
        Set<String> seen = new HashSet<>();
        if (current != null) {
            list.add(JsonViews.summary(current, experiments.isLive(current)));
            seen.add(current.id());
        }
        JsonObject o = new JsonObject();
        if (experiments.hasStore()) {
            try {
                for (ExperimentSummary e : experiments.storedSummaries()) {
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
        ex.sendJson(o);
    }

    void overview(Exchange ex) throws IOException {
        ex.sendJson(overviewOf(ex.experiment()));
    }

    /** One page of the trial table ({@link TrialPage}): the browser never receives every trial. */
    void trials(Exchange ex) throws IOException {
        TrialPage page = TrialPage.of(ex);
        DashboardSource source = ex.experiment();
        ex.sendJson(page.json(source.trials(), source.objectives(), source.trainingProgress()));
    }

    /** Every trial as CSV, the notebook's {@code trialTable().csv()}: full precision, one row per trial. */
    void trialsCsv(Exchange ex) throws IOException {
        SourceResults results = new SourceResults(ex.experiment());
        ex.sendDownload("text/csv; charset=utf-8", safeFileName(results.id()) + "-trials.csv",
                results.trialTable().csv().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A chart of the notebook as SVG: {@code metric.svg}, {@code curves.svg}, {@code choices.svg}, or
     * {@code pareto.svg} (the first objective against the second) in a multi-objective search.
     * Past 100 trials they aggregate (bins, bands, box plots), so their size does not grow with the
     * search.
     */
    void chart(Exchange ex) throws IOException {
        String name = ex.param("chart");
        SourceResults results = new SourceResults(ex.experiment());
        Chart chart = switch (name) {
            case "metric.svg" -> Chart.metricPerTrial(results);
            case "curves.svg" -> Chart.intermediateCurves(results);
            case "choices.svg" -> Chart.metricByChoice(results);
            case "pareto.svg" -> {
                if (results.objectives().size() < 2) {
                    throw new HttpError(404, "no chart 'pareto.svg': the experiment has fewer than two objectives");
                }
                yield Chart.pareto(results, results.objectives().get(0).metric(), results.objectives().get(1).metric());
            }
            case "probabilities.svg" -> Chart.architectureProbabilities(results);
            default -> throw new HttpError(404, "no chart '" + name + "'; there are metric.svg, curves.svg, choices.svg,"
                    + " with two objectives pareto.svg and, for a one-shot search, probabilities.svg");
        };
        ex.sendSvg(chart.svgDocument());
    }

    /** An experiment id as a file name: letters, digits, '-', '_' and '.' kept, anything else '_'. */
    private static String safeFileName(String id) {
        return id.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    void trial(Exchange ex) throws IOException {
        DashboardSource s = ex.experiment();
        TrialRecord t = trial(s, ex.param("trial"));
        ex.sendJson(JsonViews.trialDetail(t, s.architectureSvg(t.id()).isPresent(),
                Optional.ofNullable(s.trainingProgress().get(t.id()))));
    }

    void architecture(Exchange ex) throws IOException {
        TrialRecord t = trial(ex.experiment(), ex.param("trial"));
        String svg = ex.experiment().architectureSvg(t.id()).orElseThrow(() ->
                new HttpError(404, "trial " + t.id() + " has no architecture diagram"));
        ex.sendSvg(svg);
    }

    /** Follows the experiment until the browser leaves or the dashboard closes; holds this thread meanwhile. */
    void events(Exchange ex) throws IOException, InterruptedException {
        if (closed) {
            throw new HttpError(503, "the dashboard is closing");
        }
        EventStream stream = new EventStream();
        if (streams.size() >= MAX_STREAMS && !freeSlot()) {
            throw new HttpError(503, "too many open event streams (" + MAX_STREAMS + "); close some dashboard tabs");
        }
        DashboardSource s = ex.experiment();
        streams.add(stream);
        s.addListener(stream);
        try {
            OutputStream out = ex.openEventStream();
            if (!closed) {
                stream.pump(out, keepAlive);
            }
        } finally {
            s.removeListener(stream);
            streams.remove(stream);
        }
    }

    /**
     * Whether a stream slot frees up when the open streams are probed: a closed tab's stream holds
     * its slot until a write fails, and only the second write after the browser left fails (the
     * first one draws the reset), so the probes repeat for a short while.
     */
    private boolean freeSlot() throws InterruptedException {
        long deadline = System.nanoTime() + PROBE_FOR.toNanos();
        do {
            streams.forEach(EventStream::probe);
            Thread.sleep(PROBE_EVERY.toMillis());
            if (streams.size() < MAX_STREAMS) {
                return true;
            }
        } while (System.nanoTime() < deadline);
        return false;
    }

    void stop(Exchange ex) throws IOException {
        DashboardSource s = ex.experiment();
        requireControllable(s);
        s.stop();
        ex.sendJson(overviewOf(s));
    }

    /** Changes the trial concurrency and/or max trials, e.g. {@code {"trialConcurrency": 4}}. */
    void config(Exchange ex) throws IOException {
        DashboardSource s = ex.experiment();
        SettingsChange change = SettingsChange.parse(ex.body());
        requireControllable(s);
        change.applyTo(s);
        ex.sendJson(overviewOf(s));
    }

    private JsonObject overviewOf(DashboardSource s) {
        return JsonViews.overview(s, experiments.isLive(s));
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

    private static void requireControllable(DashboardSource s) {
        if (s.readOnly()) {
            throw new HttpError(409, "experiment '" + s.id() + "' is read-only (viewed from the store)");
        }
        if (s.status().isDone()) {
            throw new HttpError(409, "experiment '" + s.id() + "' has already ended (" + s.status() + ")");
        }
    }
}
