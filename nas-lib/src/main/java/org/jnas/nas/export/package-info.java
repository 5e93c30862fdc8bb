/**
 * A built model as Java source that rebuilds it without its space
 * ({@link org.jnas.nas.export.JavaCodeExporter}, what {@code exportTopModels(k, ExportFormat.CODE)}
 * returns), extensible with {@link org.jnas.nas.export.BlockCodeWriter}s for custom blocks.
 */
package org.jnas.nas.export;
