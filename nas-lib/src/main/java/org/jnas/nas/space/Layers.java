package org.jnas.nas.space;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * Ready-made layers for model spaces: NNI's tutorial {@code DepthwiseSeparableConv} and the
 * DARTS/NASNet operations (separable and dilated convolutions, pooling, skip, zero). All take and
 * return NCHW images. Every call builds a new, uninitialised block, so they fit layer-choice
 * suppliers: {@code () -> Layers.sepConv(16, 16, 3, 1)}.
 */
public final class Layers {
    private Layers() {}

    /**
     * NNI's {@code DepthwiseSeparableConv(in, out)}: a 3x3 depthwise convolution (one filter per
     * input channel, no padding) then a 1x1 pointwise convolution to {@code out} channels. Same
     * output size as a 3x3 {@code Conv2d} without padding, with far fewer weights.
     */
    public static Block depthwiseSeparableConv(int in, int out) {
        requirePositive("in", in);
        requirePositive("out", out);
        return new SequentialBlock()
                .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).setFilters(in).optGroups(in).build())
                .add(Conv2d.builder().setKernelShape(new Shape(1, 1)).setFilters(out).build());
    }

    /**
     * DARTS's {@code SepConv}: two rounds of ReLU, depthwise {@code kernel}x{@code kernel}
     * convolution, pointwise convolution and batch norm; the first round has the stride. Padding
     * keeps the size at stride 1 (odd kernels).
     */
    public static Block sepConv(int in, int out, int kernel, int stride) {
        return new SequentialBlock()
                .add(dilConv(in, in, kernel, stride, 1))
                .add(dilConv(in, out, kernel, 1, 1));
    }

    /**
     * DARTS's {@code DilConv}: ReLU, depthwise {@code kernel}x{@code kernel} convolution with
     * {@code dilation}, pointwise convolution to {@code out} channels, batch norm. Padding keeps the
     * size at stride 1 (odd kernels).
     */
    public static Block dilConv(int in, int out, int kernel, int stride, int dilation) {
        requirePositive("in", in);
        requirePositive("out", out);
        requireOdd(kernel);
        requirePositive("stride", stride);
        requirePositive("dilation", dilation);
        long pad = (long) dilation * (kernel - 1) / 2;
        return new SequentialBlock()
                .add(Activation.reluBlock())
                .add(Conv2d.builder().setKernelShape(new Shape(kernel, kernel)).setFilters(in).optGroups(in)
                        .optStride(new Shape(stride, stride)).optPadding(new Shape(pad, pad))
                        .optDilation(new Shape(dilation, dilation)).optBias(false).build())
                .add(Conv2d.builder().setKernelShape(new Shape(1, 1)).setFilters(out).optBias(false).build())
                .add(BatchNorm.builder().build());
    }

    /**
     * Convolution with {@code out} filters of {@code kernel}x{@code kernel} (padding keeps the size
     * at stride 1, odd kernels), batch norm, ReLU.
     */
    public static Block convBnRelu(int out, int kernel, int stride) {
        requirePositive("out", out);
        requireOdd(kernel);
        requirePositive("stride", stride);
        long pad = kernel / 2;
        return new SequentialBlock()
                .add(Conv2d.builder().setKernelShape(new Shape(kernel, kernel)).setFilters(out)
                        .optStride(new Shape(stride, stride)).optPadding(new Shape(pad, pad)).optBias(false).build())
                .add(BatchNorm.builder().build())
                .add(Activation.reluBlock());
    }

    /** The identity: returns its input. */
    public static Block identity() {
        return Blocks.identityBlock();
    }

    /**
     * DARTS's skip connection: the identity at stride 1 with {@code in == out}; otherwise (a
     * reduction) ReLU, a 1x1 convolution with the stride and batch norm (a simplified
     * {@code FactorizedReduce}).
     */
    public static Block skipConnect(int in, int out, int stride) {
        requirePositive("in", in);
        requirePositive("out", out);
        requirePositive("stride", stride);
        if (stride == 1 && in == out) {
            return identity();
        }
        return new SequentialBlock()
                .add(Activation.reluBlock())
                .add(Conv2d.builder().setKernelShape(new Shape(1, 1)).setFilters(out)
                        .optStride(new Shape(stride, stride)).optBias(false).build())
                .add(BatchNorm.builder().build());
    }

    /**
     * DARTS's {@code Zero} ("none"): zeros of the input's shape, or of the strided shape (every
     * {@code stride}-th row and column), so it can stand in a reduction cell.
     */
    public static Block zero(int stride) {
        requirePositive("stride", stride);
        return new LambdaBlock(inputs -> {
            NDArray x = inputs.singletonOrThrow();
            NDArray picked = stride == 1 ? x : x.get(new NDIndex(":, :, ::{}, ::{}", stride, stride));
            return new NDList(picked.zerosLike());
        }, "zero");
    }

    /** 3x3 max pooling with padding 1, so stride 1 keeps the size and stride 2 halves it (rounding up). */
    public static Block maxPool3x3(int stride) {
        requirePositive("stride", stride);
        return Pool.maxPool2dBlock(new Shape(3, 3), new Shape(stride, stride), new Shape(1, 1));
    }

    /**
     * 3x3 average pooling with padding 1 (padding not counted in the average, as in DARTS), so
     * stride 1 keeps the size and stride 2 halves it (rounding up).
     */
    public static Block avgPool3x3(int stride) {
        requirePositive("stride", stride);
        return Pool.avgPool2dBlock(new Shape(3, 3), new Shape(stride, stride), new Shape(1, 1), false, false);
    }

    /**
     * The seven DARTS operations as {@link Sampler#cell(String, int, int, int, Map)} op candidates,
     * named and ordered as DARTS's {@code PRIMITIVES} (without {@code none}): {@code max_pool_3x3},
     * {@code avg_pool_3x3}, {@code skip_connect}, {@code sep_conv_3x3}, {@code sep_conv_5x5},
     * {@code dil_conv_3x3}, {@code dil_conv_5x5}, all keeping {@code channels} channels. In a
     * reduction cell ({@code reduce}), ops that read a cell input (state index
     * {@code < numPredecessors}) have stride 2. A new map on each call, in that order.
     *
     * <p>Each pooling is followed by a batch norm without scale and shift, as DARTS's search model
     * follows it by {@code BatchNorm2d(affine=False)}: a one-shot search sums the candidates'
     * outputs, and max pooling's, larger than the others', would otherwise win by its size alone.
     * The convolutions end with their own batch norm, with scale and shift (DARTS's final network's
     * {@code affine=True}), since the same ops build the architecture that is retrained; a DARTS or
     * GumbelDARTS supernet holds those at 1 and 0, as DARTS's search model's {@code affine=False}.
     */
    public static Map<String, IntFunction<Block>> dartsOps(int channels, boolean reduce, int numPredecessors) {
        requirePositive("channels", channels);
        IntFunction<Integer> strideOf = input -> reduce && input < numPredecessors ? 2 : 1;
        Map<String, IntFunction<Block>> ops = new LinkedHashMap<>();
        ops.put("max_pool_3x3", input -> normalised(maxPool3x3(strideOf.apply(input))));
        ops.put("avg_pool_3x3", input -> normalised(avgPool3x3(strideOf.apply(input))));
        ops.put("skip_connect", input -> skipConnect(channels, channels, strideOf.apply(input)));
        ops.put("sep_conv_3x3", input -> sepConv(channels, channels, 3, strideOf.apply(input)));
        ops.put("sep_conv_5x5", input -> sepConv(channels, channels, 5, strideOf.apply(input)));
        ops.put("dil_conv_3x3", input -> dilConv(channels, channels, 3, strideOf.apply(input), 2));
        ops.put("dil_conv_5x5", input -> dilConv(channels, channels, 5, strideOf.apply(input), 2));
        return ops;
    }

    /** {@code pool} then a batch norm without scale and shift: mean 0 and variance 1 per channel, no weights. */
    private static Block normalised(Block pool) {
        return new SequentialBlock().add(pool).add(BatchNorm.builder().optCenter(false).optScale(false).build());
    }

    private static void requirePositive(String what, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(what + " must be >= 1, got " + value);
        }
    }

    private static void requireOdd(int kernel) {
        if (kernel < 1 || kernel % 2 == 0) {
            throw new IllegalArgumentException("kernel must be odd and >= 1 (so padding keeps the size), got " + kernel);
        }
    }
}
