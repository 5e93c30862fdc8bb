package org.jnas.nas.ui;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jnas.nas.results.ExperimentSummary;

/**
 * The experiments a dashboard can show: the one it was started for, if any, and those in the store,
 * if it has one. Stored experiments are opened on first view and kept.
 */
final class Experiments {
    private final DashboardSource current;
    private final StoredExperiments stored;
    private final Map<String, DashboardSource> opened = new ConcurrentHashMap<>();

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
}
