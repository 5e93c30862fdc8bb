package org.jnas.nas;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;
import org.jnas.nas.space.Layers;
import org.jnas.nas.space.ModelSpace;
import org.jnas.nas.space.Sample;
import org.jnas.nas.trial.TrialEvaluator;

/**
 * The seed's quickstart space (18 architectures; NNI's examples/nas/multi-trial/mnist/search.py) and
 * a fast fake evaluator for it: the one definition every test and benchmark uses.
 */
public final class Quickstart {
    private Quickstart() {}

    /** A new instance of the seed's space. */
    public static ModelSpace space() {
        return ModelSpace.define("mnist", s -> new SequentialBlock()
                .add(Conv2d.builder().setFilters(32).setKernelShape(new Shape(3, 3)).build())
                .add(Activation::relu)
                .add(s.layerChoice("conv2",
                        () -> Conv2d.builder().setFilters(64).setKernelShape(new Shape(3, 3)).build(),
                        () -> Layers.depthwiseSeparableConv(32, 64)))
                .add(Pool.maxPool2dBlock(new Shape(2, 2)))
                .add(Dropout.builder().optRate(s.valueChoice("dropout1", 0.25f, 0.5f, 0.75f)).build())
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(s.valueChoice("feature", 64, 128, 256)).build())
                .add(Activation::relu)
                .add(Dropout.builder().optRate(0.5f).build())
                .add(Linear.builder().setUnits(10).build()));
    }

    /** A deterministic score of a sample: feature / 256 minus dropout, plus 0.1 for the separable conv. */
    static double score(Sample s) {
        int conv = ((Number) s.values().get("conv2")).intValue();
        double dropout = ((Number) s.values().get("dropout1")).doubleValue();
        int feature = ((Number) s.values().get("feature")).intValue();
        return feature / 256.0 - dropout + 0.1 * conv;
    }

    /** Reports {@code steps} intermediates approaching {@link #score}, then the score; no training. */
    static TrialEvaluator fake(int steps) {
        return TrialEvaluator.functional(trial -> {
            double target = score(trial.sample());
            for (int i = 1; i <= steps; i++) {
                trial.reportIntermediate(target * i / (steps + 1));
            }
            trial.reportFinal(target);
        });
    }
}
