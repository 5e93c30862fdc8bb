package org.jnas.nas.ui;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.jnas.nas.results.ExperimentSummary;

/**
 * The experiments a dashboard can show: the one it was started for, if any, and those in the store,
 * if it has one. A stored experiment is read again when what was read of it is older than
 * {@link #FRESH_NANOS}: another process may run it (or resume it) meanwhile, and a page that kept
 * the first reading showed it RUNNING with 4 trials for good.
 */
final class Experiments {
    private final DashboardSource current;
    private final StoredExperiments stored;
    /** How long a stored experiment's reading is shown before it is read again. */
    static final long FRESH_NANOS = TimeUnit.SECONDS.toNanos(2);
    private final Map<String, Reading> opened = new ConcurrentHashMap<>();

    private record Reading(DashboardSource source, long atNanos) {
        boolean fresh() {
            return System.nanoTime() - atNanos < FRESH_NANOS;
        }
    }

    Experiments(DashboardSource current, StoredExperiments stored) {
        this.current = current;
        this.stored = stored;
    }

    /** The experiment the dashboard was started for, or null. */
    DashboardSource current() {
        return current;
    }

    boolean hasStore() {
        return stored != null;
    }

    /** The stored experiments' summaries (the store's exceptions pass through). */
    List<ExperimentSummary> storedSummaries() {
        return stored.list();
    }

    /** The experiment this dashboard was started for, when it is running here (not viewed from the store). */
    boolean isLive(DashboardSource s) {
        return s == current && !s.readOnly();
    }

    /** The experiment with this id; a 404 when there is none, a 500 when the store cannot open it. */
    DashboardSource resolve(String id) {
        boolean isCurrent = current != null && current.id().equals(id);
        if (isCurrent && (!current.readOnly() || stored == null)) {
            return current; // live, or a view with no store to read it again from
        }
        if (stored == null) {
            throw new HttpError(404, "no experiment '" + id + "'; this dashboard shows only '"
                    + (current == null ? "" : current.id()) + "'");
        }
        Reading last = opened.get(id);
        if (last != null && last.fresh()) {
            return last.source();
        }
        Optional<DashboardSource> found;
        try {
            found = stored.open(id);
        } catch (RuntimeException e) {
            throw new HttpError(500, "cannot open experiment '" + id + "' from the store: " + e.getMessage());
        }
        DashboardSource s = found.or(() -> Optional.ofNullable(isCurrent ? current : null))
                .orElseThrow(() -> new HttpError(404, "no experiment '" + id + "' in the store"));
        opened.put(id, new Reading(s, System.nanoTime()));
        return s;
    }
}
