/**
 * The web dashboard: an embedded HTTP server on 127.0.0.1 that shows an experiment live in a
 * browser (overview, trial table, trial detail, charts, stored experiments) and lets the user stop
 * it or change its trial concurrency and max trials.
 *
 * <p>The dashboard sees an experiment only through {@link org.jnas.nas.ui.DashboardSource} and the
 * store only through {@link org.jnas.nas.ui.StoredExperiments}, so it knows nothing of how trials
 * run or where they are kept. Pages are static HTML, CSS and plain JavaScript bundled in the jar (no
 * CDN, no build step); they read JSON from {@code /api/...} and follow the experiment through
 * server-sent events.
 */
package org.jnas.nas.ui;
