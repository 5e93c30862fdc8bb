/**
 * What an experiment's results look like, for notebooks, terminals and the dashboard alike:
 * the trial table (a Tablesaw {@code Table}, HTML, text, CSV), the progress summary (HTML and a
 * terminal line), charts (SVG, PNG) and architecture diagrams (SVG). Plain strings and values,
 * no Jupyter code: the kernel and the dashboard only put them on screen.
 *
 * <p>{@link org.jnas.nas.results.ExperimentResults} is what a running experiment and a stored one
 * share: their trials, and the views drawn from them ({@code liveHtml()}, {@code fullHtml()},
 * {@code text()}); the status, progress, summaries and listener of an experiment live here too, so
 * that the store and the dashboard read them without knowing the facade.
 */
package org.jnas.nas.results;
