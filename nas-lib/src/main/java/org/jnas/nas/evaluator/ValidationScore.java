package org.jnas.nas.evaluator;

import ai.djl.ndarray.NDArray;
import java.util.Map;

/** Accumulates one pass over the validation data into the metrics a trial reports. */
interface ValidationScore {

    /**
     * Checks that the model's output fits the labels, before the loss sees them.
     *
     * @throws IllegalArgumentException naming both shapes when it does not
     */
    void check(NDArray labels, NDArray predictions);

    /** Adds one batch: its labels and the model's predictions for it. */
    void add(NDArray labels, NDArray predictions);

    /** The task's metrics, holding {@code "default"}; only called after at least one batch. */
    Map<String, Double> metrics();

    /** The number of examples added so far. */
    long count();
}
