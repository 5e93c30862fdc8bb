/**
 * What an experiment's results look like, for notebooks, terminals and the dashboard alike:
 * the trial table (a Tablesaw {@code Table}, HTML, text, CSV), the progress summary (HTML and a
 * terminal line), charts (SVG, PNG) and architecture diagrams (SVG). Plain strings and values,
 * no Jupyter code: the kernel and the dashboard only put them on screen.
 *
 * <p>{@link org.jnas.nas.results.Views} assembles the whole picture as one HTML fragment.
 */
package org.jnas.nas.results;
