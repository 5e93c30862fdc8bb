package org.jnas.nas.ui;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.jnas.nas.trial.Objective;
import org.jnas.nas.trial.TrainingProgress;
import org.jnas.nas.trial.TrialRecord;
import org.jnas.nas.trial.TrialStatus;

/**
 * One page of the trial table, filtered and sorted on the server, so that the browser receives at
 * most {@link #MAX_LIMIT} trials however long the search: the query
 * {@code ?offset=0&limit=100&sort=metric&order=desc&status=FAILED}. Sort keys: {@code id},
 * {@code status}, {@code metric}, {@code duration}, {@code device}, {@code steps} (intermediate
 * results reported) and {@code s:<label>} (a choice's value); missing values come last in either
 * order, ties go by trial id.
 */
final class TrialPage {
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 500;

    private final int offset;
    private final int limit;
    private final String sort;
    private final boolean descending;
    private final TrialStatus status;

    private TrialPage(int offset, int limit, String sort, boolean descending, TrialStatus status) {
        this.offset = offset;
        this.limit = limit;
        this.sort = sort;
        this.descending = descending;
        this.status = status;
    }

    /** The page a request asks for; a 400 naming the bad parameter otherwise. */
    static TrialPage of(Exchange ex) {
        int offset = whole(ex, "offset", 0, Integer.MAX_VALUE, 0);
        int limit = whole(ex, "limit", 1, MAX_LIMIT, DEFAULT_LIMIT);
        String sort = ex.query("sort").orElse("id");
        if (!sort.startsWith("s:") && !List.of("id", "status", "metric", "duration", "device", "steps").contains(sort)) {
            throw new HttpError(400, "cannot sort by '" + sort + "'; sort by id, status, metric, duration, device, steps"
                    + " or s:<label>");
        }
        String order = ex.query("order").orElse("asc");
        if (!order.equals("asc") && !order.equals("desc")) {
            throw new HttpError(400, "order must be asc or desc, got '" + order + "'");
        }
        String statusText = ex.query("status").orElse("ALL");
        TrialStatus status = null;
        if (!statusText.equals("ALL")) {
            try {
                status = TrialStatus.valueOf(statusText);
            } catch (IllegalArgumentException e) {
                throw new HttpError(400, "unknown status '" + statusText + "'; use ALL or one of " + List.of(TrialStatus.values()));
            }
        }
        return new TrialPage(offset, limit, sort, order.equals("desc"), status);
    }

    private static int whole(Exchange ex, String name, int min, int max, int otherwise) {
        String text = ex.query(name).orElse(null);
        if (text == null) {
            return otherwise;
        }
        try {
            int v = Integer.parseInt(text);
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException e) {
            // falls through to the refusal
        }
        throw new HttpError(400, name + " must be a whole number from " + min + " to " + max + ", got '" + text + "'");
    }

    /**
     * The page as JSON: {@code trials} (at most {@code limit}), {@code total} (the trials the filter
     * keeps), {@code all}, {@code counts} by status, and the query as understood. With {@code
     * objectives}, each trial says whether it is on the Pareto front of all the trials ({@code pareto});
     * a running trial with its {@code training} progress says how far it has got ({@code progress}).
     */
    JsonObject json(List<TrialRecord> trials, List<Objective> objectives, Map<Long, TrainingProgress> training) {
        Set<Long> front = objectives.isEmpty() ? Set.of() : Objective.paretoFrontIds(trials, objectives);
        Map<TrialStatus, Integer> counts = new EnumMap<>(TrialStatus.class);
        List<TrialRecord> kept = new ArrayList<>();
        for (TrialRecord t : trials) {
            counts.merge(t.status(), 1, Integer::sum);
            if (status == null || t.status() == status) {
                kept.add(t);
            }
        }
        kept.sort(order());
        JsonObject o = new JsonObject();
        o.addProperty("all", trials.size());
        o.addProperty("total", kept.size());
        o.addProperty("offset", offset);
        o.addProperty("limit", limit);
        o.addProperty("sort", sort);
        o.addProperty("order", descending ? "desc" : "asc");
        o.addProperty("status", status == null ? "ALL" : status.name());
        JsonObject countJson = new JsonObject();
        counts.forEach((k, v) -> countJson.addProperty(k.name(), v));
        o.add("counts", countJson);
        JsonArray page = new JsonArray();
        for (int i = offset; i < kept.size() && i < offset + limit; i++) {
            JsonObject trial = JsonViews.trialSummary(kept.get(i));
            TrainingProgress progress = training.get(kept.get(i).id());
            if (progress != null && kept.get(i).status() == TrialStatus.RUNNING) {
                trial.add("progress", JsonViews.progress(progress));
            }
            if (!objectives.isEmpty()) {
                trial.addProperty("pareto", front.contains(kept.get(i).id()));
            }
            page.add(trial);
        }
        o.add("trials", page);
        return o;
    }

    /** The order asked for, missing values last either way, then by id. */
    private Comparator<TrialRecord> order() {
        Comparator<TrialRecord> byId = Comparator.comparingLong(TrialRecord::id);
        if (sort.equals("id")) {
            return descending ? byId.reversed() : byId;
        }
        Function<TrialRecord, Comparable<?>> key = key();
        Comparator<Comparable<?>> values = TrialPage::compareValues;
        Comparator<Comparable<?>> directed = descending ? values.reversed() : values;
        return Comparator.<TrialRecord, Comparable<?>>comparing(key, Comparator.nullsLast(directed)).thenComparing(byId);
    }

    private Function<TrialRecord, Comparable<?>> key() {
        switch (sort) {
            case "status":
                return TrialRecord::status;
            case "metric":
                return t -> t.metric().isPresent() && Double.isFinite(t.metric().getAsDouble()) ? t.metric().getAsDouble() : null;
            case "duration":
                return t -> t.started().isPresent() ? t.duration().toMillis() : null;
            case "device":
                return t -> t.device().orElse(null);
            case "steps":
                return t -> t.intermediates().size();
            default:
                String label = sort.substring(2);
                return t -> t.sample().has(label) ? sampleKey(t.sample().get(label)) : null;
        }
    }

    /** Numbers compare as numbers, anything else by its text. */
    private static Comparable<?> sampleKey(Object v) {
        return v instanceof Number n ? (Comparable<?>) n.doubleValue() : String.valueOf(v).toLowerCase(Locale.ROOT);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compareValues(Comparable<?> a, Comparable<?> b) {
        if (a.getClass() != b.getClass()) { // a choice of numbers and strings: numbers first
            return a instanceof Double ? -1 : b instanceof Double ? 1 : 0;
        }
        return ((Comparable) a).compareTo(b);
    }
}
