/**
 * Exporting the best architectures of an experiment: as maps of choices plus metrics
 * ({@link org.jnas.nas.TopModels}) and as Java source that rebuilds a model without its
 * space ({@link org.jnas.nas.export.JavaCodeExporter}, extensible with
 * {@link org.jnas.nas.export.BlockCodeWriter}s).
 */
package org.jnas.nas.export;
