package org.jnas.nas.ui;

import java.util.List;
import java.util.Optional;
import org.jnas.nas.results.ExperimentSummary;

/**
 * The experiments kept in the store, for the dashboard's list page. Called from the dashboard's
 * HTTP threads; implementations must be thread-safe.
 */
public interface StoredExperiments {

    /** Summaries of all stored experiments, newest first. */
    List<ExperimentSummary> list();

    /**
     * Opens a stored experiment for viewing: a {@link DashboardSource#readOnly() read-only} source,
     * or empty when no experiment has this id. The dashboard opens it again once what it read is a
     * couple of seconds old (another process may run it), and never closes a source, so the source
     * should hold no open resources (read the records at open, or open and close the store within
     * each call).
     *
     * @throws RuntimeException when the store cannot be read (the message is shown to the user)
     */
    Optional<DashboardSource> open(String id);
}
