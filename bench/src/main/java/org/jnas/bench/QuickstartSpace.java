package org.jnas.bench;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;
import org.jnas.nas.space.Layers;
import org.jnas.nas.space.ModelSpace;

/**
 * The seed's quickstart space (NNI's {@code examples/nas/multi-trial/mnist/search.py}), the one
 * {@code ../shared/anchors/baseline_trials.py} trains in PyTorch: a 3x3 convolution of 32 filters,
 * then {@code conv2} (a 3x3 convolution of 64 filters, or a depthwise-separable one), max pooling,
 * dropout {@code dropout1} in {0.25, 0.5, 0.75}, a hidden layer of {@code feature} in {64, 128, 256}
 * units, dropout 0.5 and 10 outputs: 2 x 3 x 3 = 18 architectures.
 */
final class QuickstartSpace {
    private QuickstartSpace() {}

    /** A new instance of the space. */
    static ModelSpace create() {
        return create("mnist", 64, 128, 256);
    }

    /** The space named {@code name} with {@code features} as the hidden layer's widths. */
    static ModelSpace create(String name, Integer... features) {
        return ModelSpace.define(name, s -> {
            Block conv2 = s.layerChoice("conv2", () -> conv3x3(64), () -> Layers.depthwiseSeparableConv(32, 64));
            float dropout1 = s.valueChoice("dropout1", 0.25f, 0.5f, 0.75f);
            int feature = s.valueChoice("feature", features);
            return new SequentialBlock()
                    .add(conv3x3(32)).add(Activation::relu)
                    .add(conv2).add(Pool.maxPool2dBlock(new Shape(2, 2)))
                    .add(Dropout.builder().optRate(dropout1).build())
                    .add(Blocks.batchFlattenBlock())
                    .add(Linear.builder().setUnits(feature).build()).add(Activation::relu)
                    .add(Dropout.builder().optRate(0.5f).build())
                    .add(Linear.builder().setUnits(10).build());
        });
    }

    private static Block conv3x3(int filters) {
        return Conv2d.builder().setFilters(filters).setKernelShape(new Shape(3, 3)).build();
    }
}
