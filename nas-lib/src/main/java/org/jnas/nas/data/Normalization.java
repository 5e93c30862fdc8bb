package org.jnas.nas.data;

/** How raw 0..255 pixel values become the floats a model sees. */
public enum Normalization {
    /**
     * {@code (x / 255 - 0.1307) / 0.3081}: MNIST's mean and standard deviation, as in the NNI
     * quickstart ({@code transforms.Normalize((0.1307,), (0.3081,))}). The default.
     */
    MNIST_MEAN_STD,
    /** {@code x / 255}: pixels in [0, 1]. */
    UNIT_RANGE,
    /** The raw pixel values 0..255 as floats. */
    NONE;

    private static final float MEAN = 0.1307f;
    private static final float STD = 0.3081f;

    /** Applies this normalisation to one unsigned pixel value (0..255). */
    public float apply(int pixel) {
        return switch (this) {
            case MNIST_MEAN_STD -> (pixel / 255f - MEAN) / STD;
            case UNIT_RANGE -> pixel / 255f;
            case NONE -> pixel;
        };
    }
}
