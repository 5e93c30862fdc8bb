package org.jnas.nas;

import ai.djl.nn.Block;
import java.math.BigInteger;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * A model space (NNI's base model plus mutations): a function of a {@link Sampler} that returns a
 * DJL {@link Block}. Run with a recording sampler it reveals its choices; run with a
 * {@link Sample} it builds exactly that architecture.
 *
 * <pre>{@code
 * ModelSpace space = ModelSpace.define("mnist", s -> new SequentialBlock()
 *     .add(s.layerChoice("conv2", () -> Conv2d.builder()..., () -> Layers.depthwiseSeparableConv(32, 64)))
 *     .add(Linear.builder().setUnits(s.valueChoice("feature", 64, 128, 256)).build()));
 * }</pre>
 */
public final class ModelSpace implements SearchSpace {
    // PLACEHOLDER: the space helper replaces this class body; the public signatures stay.

    private ModelSpace() {}

    /** Defines a space named {@code name} (used in experiment names and exported code). */
    public static ModelSpace define(String name, Function<Sampler, ? extends Block> builder) {
        throw new UnsupportedOperationException("not built yet");
    }

    /** The space's name. */
    public String name() {
        throw new UnsupportedOperationException("not built yet");
    }

    /**
     * A new, uninitialised block of the architecture {@code sample} describes.
     *
     * @throws IllegalArgumentException naming the label when the sample misses a label the space
     *     needs, has a label the space does not know, or holds a value that is not a candidate
     */
    public Block instantiate(Sample sample) {
        throw new UnsupportedOperationException("not built yet");
    }

    /** A readable description: each choice with its candidates, and the size. */
    public String summary() {
        throw new UnsupportedOperationException("not built yet");
    }

    @Override
    public List<Choice> choices() {
        throw new UnsupportedOperationException("not built yet");
    }

    @Override
    public Sample sample(ToIntFunction<Choice> decide) {
        throw new UnsupportedOperationException("not built yet");
    }

    @Override
    public Sample validate(Sample sample) {
        throw new UnsupportedOperationException("not built yet");
    }

    @Override
    public BigInteger size() {
        throw new UnsupportedOperationException("not built yet");
    }

    @Override
    public Iterable<Sample> enumerate() {
        throw new UnsupportedOperationException("not built yet");
    }
}
