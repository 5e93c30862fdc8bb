package org.jnas.nas.oneshot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jnas.nas.space.ModelSpace;
import org.jnas.nas.space.Sample;
import org.junit.jupiter.api.Test;

/** SPOS's BatchNorm recalculation: a path's statistics from its own batches, the others kept. */
class BatchNormStatisticsTest {

    @Test
    void aPathsStatisticsAreTheMeanOfItsBatchStatisticsAndLayersOffItKeepTheirs() {
        BatchNorm inner = BatchNorm.builder().build();
        BatchNorm last = BatchNorm.builder().build();
        Supernet supernet = Supernet.build(ModelSpace.define("bn", s -> new SequentialBlock()
                .add(s.layerChoice("scale", () -> times(3), () -> new SequentialBlock().add(times(10)).add(inner)))
                .add(last)), 1);
        try (NDManager manager = NDManager.newBaseManager()) {
            supernet.block().initialize(manager, DataType.FLOAT32, new Shape(4, 3));
            for (BatchNorm bn : List.of(inner, last)) {
                fill(bn, 5, 7);   // stale: as a supernet would leave them
            }
            List<NDList> inputs = recalculateOnPath(supernet, manager, Sample.of(Map.of("scale", 0)));

            double[][] expected = meanAndVariance(inputs, 3);
            assertArrayEquals(toFloat(expected[0]), running(last, Parameter.Type.RUNNING_MEAN), 1e-4f,
                    "the mean of the batch means of what reaches it (3 x the input)");
            assertArrayEquals(toFloat(expected[1]), running(last, Parameter.Type.RUNNING_VAR), 1e-3f,
                    "the mean of the batches' unbiased variances");
            assertArrayEquals(new float[] {5, 5, 5}, running(inner, Parameter.Type.RUNNING_MEAN), "off the path: kept");
            assertArrayEquals(new float[] {7, 7, 7}, running(inner, Parameter.Type.RUNNING_VAR), "off the path: kept");
        }
    }

    /**
     * The BatchNorm shared with a value choice's Linear layers: a path of width 2 (of 3) recalculates
     * its first two channels' statistics, from the identity's outputs x0 and x1.
     */
    @Test
    void aSharedBatchNormsStatisticsAreRecalculatedOnItsValuesChannels() {
        Supernet supernet = Supernet.build(ModelSpace.define("shared-bn", s -> s.valueChoice("u", List.of(1, 2, 3),
                u -> new SequentialBlock().add(Linear.builder().setUnits(u).build()).add(BatchNorm.builder().build()))), 1);
        try (NDManager manager = NDManager.newBaseManager()) {
            supernet.block().initialize(manager, DataType.FLOAT32, new Shape(4, 3));
            for (var p : supernet.block().getParameters()) {   // unit k = input k; stale statistics 5 and 7
                NDArray a = p.getValue().getArray();
                String name = p.getValue().getName();
                if (name.startsWith("weight")) {
                    int k = Integer.parseInt(name.substring("weight".length()));
                    a.set(new float[] {k == 0 ? 1 : 0, k == 1 ? 1 : 0, k == 2 ? 1 : 0});
                } else if (name.startsWith("bias")) {
                    a.set(new float[] {0});
                } else if (p.getValue().getType() == Parameter.Type.RUNNING_MEAN) {
                    a.set(new float[] {5, 5, 5});
                } else if (p.getValue().getType() == Parameter.Type.RUNNING_VAR) {
                    a.set(new float[] {7, 7, 7});
                }
            }
            List<NDList> inputs = recalculateOnPath(supernet, manager, Sample.of(Map.of("u", 2)));

            double[][] expected = meanAndVariance(inputs, 1);
            float[] mean = supernet.block().getParameters().get("runningMean").getArray().toFloatArray();
            float[] variance = supernet.block().getParameters().get("runningVar").getArray().toFloatArray();
            assertArrayEquals(toFloat(new double[] {expected[0][0], expected[0][1]}), new float[] {mean[0], mean[1]}, 1e-4f);
            assertArrayEquals(toFloat(new double[] {expected[1][0], expected[1][1]}), new float[] {variance[0], variance[1]},
                    1e-3f);
        }
    }

    /** Recalculates the statistics along {@code sample}'s path over three batches of 4 x 3 inputs; returns them. */
    private static List<NDList> recalculateOnPath(Supernet supernet, NDManager manager, Sample sample) {
        List<NDList> inputs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            inputs.add(new NDList(manager.randomNormal(2f, 1.5f, new Shape(4, 3), DataType.FLOAT32)));
        }
        supernet.setPath(supernet.pathOf(sample));
        BatchNormStatistics.of(supernet.block()).recalculate(supernet.block(), new ParameterStore(manager, false), inputs);
        supernet.clearPath();
        return inputs;
    }

    /** Per channel, the mean over batches of each batch's mean and unbiased variance of factor * x. */
    private static double[][] meanAndVariance(List<NDList> inputs, double factor) {
        double[] mean = new double[3];
        double[] variance = new double[3];
        for (NDList input : inputs) {
            float[] x = input.head().toFloatArray();
            int n = x.length / 3;
            for (int c = 0; c < 3; c++) {
                double m = 0;
                for (int i = 0; i < n; i++) {
                    m += factor * x[i * 3 + c];
                }
                m /= n;
                double v = 0;
                for (int i = 0; i < n; i++) {
                    v += Math.pow(factor * x[i * 3 + c] - m, 2);
                }
                mean[c] += m / inputs.size();
                variance[c] += v / (n - 1) / inputs.size();
            }
        }
        return new double[][] {mean, variance};
    }

    private static float[] toFloat(double[] values) {
        float[] f = new float[values.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) values[i];
        }
        return f;
    }

    private static void fill(BatchNorm bn, float mean, float variance) {
        for (Parameter p : bn.getParameters().values()) {
            if (p.getType() == Parameter.Type.RUNNING_MEAN) {
                p.getArray().muli(0).addi(mean);
            } else if (p.getType() == Parameter.Type.RUNNING_VAR) {
                p.getArray().muli(0).addi(variance);
            }
        }
    }

    private static float[] running(BatchNorm bn, Parameter.Type type) {
        for (Parameter p : bn.getParameters().values()) {
            if (p.getType() == type) {
                NDArray a = p.getArray();
                return a.toFloatArray();
            }
        }
        throw new AssertionError(type + " not found");
    }

    private static Block times(float factor) {
        return new LambdaBlock(x -> new NDList(x.head().mul(factor)), "times" + factor);
    }
}
