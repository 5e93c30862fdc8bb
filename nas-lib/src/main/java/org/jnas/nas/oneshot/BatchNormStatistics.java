package org.jnas.nas.oneshot;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;

/**
 * Recalculates the BatchNorm running statistics of the path a supernet follows, as SPOS does
 * before it scores an architecture with inherited weights: the statistics the supernet kept were
 * accumulated over every sampled path, so they fit none of them.
 *
 * <p>The new statistics are the exact mean, over the given batches, of each batch's mean and
 * (unbiased) variance. DJL's BatchNorm only blends a batch into its running statistics with a
 * momentum it does not expose, so each batch runs with the statistics set to 0 and the result is
 * divided by the batch's share; that share is measured first by running the first batch twice,
 * from 0 and from 1. A BatchNorm the path does not reach keeps its statistics. The BatchNorm shared
 * with a value choice's layers ({@link SharedNorm}) counts too: a path updates its value's channels.
 */
final class BatchNormStatistics {
    private final List<Parameter> means = new ArrayList<>();
    private final List<Parameter> variances = new ArrayList<>();

    private BatchNormStatistics(Block block) {
        collect(block);
    }

    /** The BatchNorm layers anywhere in {@code block}. */
    static BatchNormStatistics of(Block block) {
        return new BatchNormStatistics(block);
    }

    boolean isEmpty() {
        return means.isEmpty();
    }

    /**
     * Runs {@code block} in training mode on each of {@code inputs} (no gradients are recorded) and
     * sets the running statistics of the BatchNorm layers it reaches to the mean over the batches.
     */
    void recalculate(Block block, ParameterStore store, List<NDList> inputs) {
        if (isEmpty() || inputs.isEmpty()) {
            return;
        }
        List<Parameter> all = new ArrayList<>(means);
        all.addAll(variances);
        List<float[]> kept = new ArrayList<>();
        all.forEach(p -> kept.add(p.getArray().toFloatArray()));

        // each statistic's share of a batch: from 0 it becomes share * s, from 1 (1 - share) + share * s
        all.forEach(p -> fill(p, 0));
        block.forward(store, inputs.get(0), true);
        List<float[]> fromZero = new ArrayList<>();
        all.forEach(p -> fromZero.add(p.getArray().toFloatArray()));
        all.forEach(p -> fill(p, 1));
        block.forward(store, inputs.get(0), true);
        double[] share = new double[all.size()];
        for (int i = 0; i < all.size(); i++) {
            share[i] = 1 - (all.get(i).getArray().toFloatArray()[0] - fromZero.get(i)[0]);
        }

        List<double[]> sums = new ArrayList<>();
        kept.forEach(k -> sums.add(new double[k.length]));
        for (NDList x : inputs) {
            all.forEach(p -> fill(p, 0));
            block.forward(store, x, true);
            for (int i = 0; i < all.size(); i++) {
                if (share[i] > 1e-6) {
                    float[] v = all.get(i).getArray().toFloatArray();
                    for (int j = 0; j < v.length; j++) {
                        sums.get(i)[j] += v[j] / share[i];
                    }
                }
            }
        }
        for (int i = 0; i < all.size(); i++) {
            float[] value = kept.get(i);
            if (share[i] > 1e-6) {
                // reached by the path; otherwise the layer never ran and keeps what it had
                value = new float[value.length];
                for (int j = 0; j < value.length; j++) {
                    value[j] = (float) (sums.get(i)[j] / inputs.size());
                }
            }
            set(all.get(i), value);
        }
    }

    private void collect(Block block) {
        // a shared layer's BatchNorm (SharedNorm) keeps its statistics among the layer's own parameters
        if (block instanceof BatchNorm || block instanceof SharedLayer) {
            for (Parameter p : block.getDirectParameters().values()) {
                if (p.getType() == Parameter.Type.RUNNING_MEAN) {
                    means.add(p);
                } else if (p.getType() == Parameter.Type.RUNNING_VAR) {
                    variances.add(p);
                }
            }
        }
        block.getChildren().values().forEach(this::collect);
    }

    private static void fill(Parameter p, float value) {
        NDArray array = p.getArray();
        array.muli(0).addi(value);
    }

    private static void set(Parameter p, float[] value) {
        NDArray array = p.getArray();
        try (NDArray v = array.getManager().create(value, array.getShape())) {
            array.muli(0).addi(v);
        }
    }
}
