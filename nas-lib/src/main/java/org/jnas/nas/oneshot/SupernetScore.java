package org.jnas.nas.oneshot;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.RandomAccessDataset;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import ai.djl.translate.TranslateException;

/**
 * The supernet as a whole, every candidate mixed by softmax(alpha) without noise, scored on data
 * it does not learn its weights on (the architecture part): what an experiment shows per epoch as
 * the supernet's {@code loss} and, for a classifier's output (one score per class), its
 * {@code accuracy}. Inference mode, learning nothing.
 */
final class SupernetScore {
    private SupernetScore() {
    }

    static Map<String, Double> of(Supernet supernet, Trainer trainer, NDManager arrays, RandomAccessDataset data) {
        ParameterStore store = new ParameterStore(arrays, false);
        double loss = 0;
        long correct = 0;
        long seen = 0;
        int batches = 0;
        boolean classifier = true;
        try {
            for (Batch batch : trainer.iterateDataset(data)) {
                try (batch; NDManager step = arrays.newSubManager()) {
                    supernet.begin(step, false, Relaxation.SOFTMAX);
                    NDList output = supernet.block().forward(store, batch.getData(), false);
                    NDArray labels = batch.getLabels().singletonOrThrow();
                    loss += trainer.getLoss().evaluate(batch.getLabels(), output).getFloat();
                    batches++;
                    NDArray scores = output.singletonOrThrow();
                    Shape shape = scores.getShape();
                    classifier &= shape.dimension() == 2 && shape.get(1) >= 2 && shape.get(0) == labels.size();
                    if (classifier) {
                        correct += scores.argMax(1).toType(DataType.INT64, false)
                                .eq(labels.toType(DataType.INT64, false).reshape(shape.get(0))).sum().getLong();
                        seen += shape.get(0);
                    }
                } finally {
                    supernet.end();
                }
            }
        } catch (IOException | TranslateException e) {
            throw new IllegalStateException("cannot read the architecture data: " + e.getMessage(), e);
        }
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("loss", loss / Math.max(1, batches));
        if (classifier && seen > 0) {
            metrics.put("accuracy", (double) correct / seen);
        }
        return metrics;
    }
}
