/**
 * How the kernel shows the NAS library's objects: a live, self-updating view of a running
 * {@link org.jnas.nas.Experiment} (progress and trial table about once a second, charts at the
 * end), and renderers for trial tables, charts, architecture diagrams, model spaces, samples,
 * trial records and stored experiments. nas-lib knows nothing of Jupyter: everything
 * Jupyter-specific lives here, on top of nas-lib's {@code org.jnas.nas.results} HTML and text.
 */
package org.jnas.kernel.nas;
