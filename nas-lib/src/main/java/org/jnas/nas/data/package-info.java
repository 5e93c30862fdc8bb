/**
 * Data for trials: MNIST and Fashion-MNIST read from IDX files (found on disk or downloaded with
 * checksum verification), small regression data sets, and {@link org.jnas.nas.data.ArrayData}, a
 * set of examples in plain Java arrays that turns into DJL {@code ArrayDataset}s or NDArrays.
 *
 * <p>Start with {@link org.jnas.nas.data.Datasets}.
 */
package org.jnas.nas.data;
