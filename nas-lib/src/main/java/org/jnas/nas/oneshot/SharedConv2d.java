package org.jnas.nas.oneshot;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a value choice over {@code Conv2d} layers becomes in a supernet: one convolution with the
 * most filters and the largest kernel, whose values use its first filters and the centred part of
 * its kernel, each with its own padding (NNI's {@code MutableConv2d}). The output always has the
 * most channels, those beyond a value's filters at zero, so a value's output equals that of a
 * {@code Conv2d} of its filters and kernel holding the same weights. Mixed, it is the p-weighted sum
 * of the values' outputs (in one pass, by a mask, when the values differ only in filters); on a
 * path, the path's value alone.
 *
 * <p>The filters are kept in slices ({@link Widths}), frozen beyond a path's filters; the kernel is
 * not sliced into rings, so a step along a smaller kernel leaves the outer ring of the filters it
 * uses no gradient but lets momentum and weight decay move it.
 */
final class SharedConv2d extends AbstractBlock implements SharedLayer {
    private final ArchitectureParameter alpha;
    private final Widths filters;
    private final List<Conv2d> layers;
    private final Shape largestKernel;
    private final boolean sameKernel;
    private final List<Parameter> weights = new ArrayList<>();
    private final List<Parameter> biases = new ArrayList<>();
    private final SharedNorm norm;

    /**
     * @param layers the layer DJL built for each value, in candidate order: same stride, dilation
     *     and bias, one group, kernels whose sizes differ by even numbers ({@link #canShare})
     * @param norm the settings of the BatchNorm after the convolution in every value, if there is one
     */
    SharedConv2d(ArchitectureParameter alpha, List<Conv2d> layers, Optional<SharedNorm.Settings> norm) {
        this.alpha = alpha;
        this.layers = List.copyOf(layers);
        this.filters = new Widths(layers.stream().mapToLong(Conv2d::getFilters).toArray());
        long height = layers.stream().mapToLong(l -> l.getKernelShape().get(0)).max().orElseThrow();
        long width = layers.stream().mapToLong(l -> l.getKernelShape().get(1)).max().orElseThrow();
        this.largestKernel = new Shape(height, width);
        this.sameKernel = layers.stream().allMatch(l -> l.getKernelShape().equals(largestKernel)
                && l.getPadding().equals(layers.get(0).getPadding()));
        boolean bias = layers.get(0).isIncludeBias();
        for (int k = 0; k < filters.slices(); k++) {
            weights.add(addParameter(Parameter.builder().setName("weight" + k).setType(Parameter.Type.WEIGHT).build()));
            if (bias) {
                biases.add(addParameter(Parameter.builder().setName("bias" + k).setType(Parameter.Type.BIAS).build()));
            }
        }
        this.norm = norm.map(settings -> new SharedNorm(settings, this::addParameter)).orElse(null);
    }

    /** Whether one convolution can hold all of {@code layers}' weights, each a slice of it. */
    static boolean canShare(List<Conv2d> layers) {
        Conv2d first = layers.get(0);
        for (Conv2d layer : layers) {
            if (layer.getGroups() != 1 || layer.getKernelShape().dimension() != 2
                    || !layer.getStride().equals(first.getStride()) || !layer.getDilation().equals(first.getDilation())
                    || layer.isIncludeBias() != first.isIncludeBias()) {
                return false;
            }
            for (int d = 0; d < 2; d++) {
                // a smaller kernel sits in the centre of the larger: their sizes must differ by an even number
                if ((layer.getKernelShape().get(d) - first.getKernelShape().get(d)) % 2 != 0) {
                    return false;
                }
            }
        }
        return true;
    }

    @Override
    public ArchitectureParameter alpha() {
        return alpha;
    }

    /**
     * A new layer with value {@code value}'s settings, not the one built for it: that one stays
     * uninitialised, read for its settings, and costing a layer initialises it.
     */
    @Override
    public Block standalone(int value) {
        Conv2d layer = layers.get(value);
        Block standalone = Conv2d.builder().setFilters(layer.getFilters()).setKernelShape(layer.getKernelShape())
                .optStride(layer.getStride()).optPadding(layer.getPadding()).optDilation(layer.getDilation())
                .optBias(layer.isIncludeBias()).build();
        return norm == null ? standalone : norm.after(standalone);
    }

    @Override
    public NDList standaloneWeights(int value) {
        NDList layer = Widths.standalone(weights, biases, filters.slicesOf(value), weight -> centre(weight, value));
        if (norm != null) {
            layer.addAll(norm.standalone(filters.width(value)));
        }
        return layer;
    }

    @Override
    protected void prepare(Shape[] inputShapes) {
        getOutputShapes(inputShapes);   // refuses values of different sizes before any weight is made
        long channels = inputShapes[0].get(1);
        for (int k = 0; k < filters.slices(); k++) {
            weights.get(k).setShape(new Shape(filters.sliceSize(k), channels).addAll(largestKernel));
            if (!biases.isEmpty()) {
                biases.get(k).setShape(new Shape(filters.sliceSize(k)));
            }
        }
        if (norm != null) {
            norm.setWidest(filters.widest());
        }
    }

    /**
     * The widest output.
     *
     * @throws IllegalArgumentException naming the label when two values give different heights or widths
     */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape first = null;
        for (int i = 0; i < layers.size(); i++) {
            Shape shape = layers.get(i).getOutputShapes(inputShapes)[0];
            Shape spatial = shape.slice(2);
            if (first == null) {
                first = spatial;
            } else if (!first.equals(spatial)) {
                throw new IllegalArgumentException("label '" + alpha.label() + "': value 0 gives height and width "
                        + first + " and value " + i + " gives " + spatial + " for input " + inputShapes[0]
                        + "; a supernet mixes the values' outputs, so they must give the same size (set each"
                        + " kernel's padding to keep it)");
            }
        }
        return new Shape[] {new Shape(inputShapes[0].get(0), filters.widest()).addAll(first)};
    }

    @Override
    public void addOffPathWeights(List<Parameter> out) {
        if (alpha.path() == null) {
            return;
        }
        filters.addSlicesBeyond(alpha.path().get(0), weights, biases, out);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        if (alpha.path() != null) {
            return new NDList(filters.padToWidest(convolve(parameterStore, x, alpha.path().get(0), training), 1));
        }
        NDArray p = alpha.weights();
        if (sameKernel) {
            NDArray widest = convolve(parameterStore, x, widestValue(), training);
            return new NDList(widest.mul(filters.mixtureMask(p).reshape(1, filters.widest(), 1, 1)));
        }
        NDArray sum = null;
        for (int i = 0; i < layers.size(); i++) {
            // each value through its own channels of the BatchNorm: its running statistics follow each value
            NDArray term = filters.padToWidest(convolve(parameterStore, x, i, training), 1).mul(p.get(i));
            sum = sum == null ? term : sum.add(term);
        }
        return new NDList(sum);
    }

    private int widestValue() {
        for (int i = 0; i < layers.size(); i++) {
            if (filters.width(i) == filters.widest()) {
                return i;
            }
        }
        throw new IllegalStateException("no value has the widest filters");
    }

    /**
     * Value {@code value}'s convolution (its filters' slices, the centre of the kernel, its padding),
     * then the BatchNorm over its channels if the values have one.
     */
    private NDArray convolve(ParameterStore store, NDArray x, int value, boolean training) {
        Device device = x.getDevice();
        Conv2d layer = layers.get(value);
        NDList w = new NDList();
        NDList b = new NDList();
        for (int k = 0; k < filters.slicesOf(value); k++) {
            NDArray slice = store.getValue(weights.get(k), device, training);
            NDArray part = centre(slice, value);
            if (part != slice) { // a new array, of the parameter's manager: freed with the step instead
                part.attach(x.getManager());
            }
            w.add(part);
            if (!biases.isEmpty()) {
                b.add(store.getValue(biases.get(k), device, training));
            }
        }
        NDArray weight = Widths.joined(w, x.getManager());
        NDArray bias = b.isEmpty() ? null : Widths.joined(b, x.getManager());
        NDArray y = Conv2d.conv2d(x, weight, bias, layer.getStride(), layer.getPadding(), layer.getDilation(), 1)
                .singletonOrThrow();
        return norm == null ? y : norm.normalize(store, y, filters.width(value), training);
    }

    /** The centre of the largest kernel that value {@code value}'s kernel takes, of filter slice {@code slice}. */
    private NDArray centre(NDArray slice, int value) {
        Shape kernel = layers.get(value).getKernelShape();
        long height = kernel.get(0);
        long width = kernel.get(1);
        if (height == largestKernel.get(0) && width == largestKernel.get(1)) {
            return slice;
        }
        long top = (largestKernel.get(0) - height) / 2;
        long left = (largestKernel.get(1) - width) / 2;
        return slice.get(new NDIndex(":, :, {}:{}, {}:{}", top, top + height, left, left + width));
    }

    @Override
    public String toString() {
        return "SharedConv2d('" + alpha.label() + "', " + filters.widest() + " filters, kernel " + largestKernel + ")";
    }
}
