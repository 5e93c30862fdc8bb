package org.jnas.nas.oneshot;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a value choice over {@code Linear} layers becomes in a supernet: one layer as wide as the
 * widest value, whose narrower values use its first units (NNI's {@code MutableLinear}). The output
 * is always the widest, with the units beyond a value's width at zero, so the next layer sees one
 * width, and a value's output equals that of a {@code Linear} of its width holding the same weights.
 * Mixed, the output is the widest output times sum over values of p_i * mask_i, which is the
 * p-weighted sum of the values' zero-padded outputs; on a path, the path's value alone.
 *
 * <p>The weights are kept in slices ({@link Widths}), so a step along one value freezes the slices
 * beyond its width as whole parameters: an optimiser with momentum or weight decay cannot move them.
 */
final class SharedLinear extends AbstractBlock implements SharedLayer {
    private final ArchitectureParameter alpha;
    private final Widths widths;
    private final List<Parameter> weights = new ArrayList<>();
    private final List<Parameter> biases = new ArrayList<>();
    private final SharedNorm norm;

    /** @param norm the settings of the BatchNorm after the layer in every value, if there is one */
    SharedLinear(ArchitectureParameter alpha, Widths widths, boolean bias, Optional<SharedNorm.Settings> norm) {
        this.alpha = alpha;
        this.widths = widths;
        for (int k = 0; k < widths.slices(); k++) {
            weights.add(addParameter(Parameter.builder().setName("weight" + k).setType(Parameter.Type.WEIGHT).build()));
            if (bias) {
                biases.add(addParameter(Parameter.builder().setName("bias" + k).setType(Parameter.Type.BIAS).build()));
            }
        }
        this.norm = norm.map(settings -> new SharedNorm(settings, this::addParameter)).orElse(null);
    }

    /** The units of one value's layer, read from the layer DJL built for it. */
    static long units(Linear layer) {
        Shape[] out = layer.getOutputShapes(new Shape[] {new Shape(1, 1)});
        return out[0].get(1);
    }

    static boolean hasBias(Linear layer) {
        return layer.getDirectParameters().contains("bias");
    }

    @Override
    public ArchitectureParameter alpha() {
        return alpha;
    }

    @Override
    public Block standalone(int value) {
        Block layer = Linear.builder().setUnits(widths.width(value)).optBias(!biases.isEmpty()).build();
        return norm == null ? layer : norm.after(layer);
    }

    @Override
    public NDList standaloneWeights(int value) {
        NDList layer = Widths.standalone(weights, biases, widths.slicesOf(value), weight -> weight);
        if (norm != null) {
            layer.addAll(norm.standalone(widths.width(value)));
        }
        return layer;
    }

    @Override
    protected void prepare(Shape[] inputShapes) {
        long in = inputShapes[0].get(inputShapes[0].dimension() - 1);
        for (int k = 0; k < widths.slices(); k++) {
            weights.get(k).setShape(new Shape(widths.sliceSize(k), in));
            if (!biases.isEmpty()) {
                biases.get(k).setShape(new Shape(widths.sliceSize(k)));
            }
        }
        if (norm != null) {
            norm.setWidest(widths.widest());
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape input = inputShapes[0];
        return new Shape[] {input.slice(0, input.dimension() - 1).add(widths.widest())};
    }

    @Override
    public void addOffPathWeights(List<Parameter> out) {
        if (alpha.path() == null) {
            return;
        }
        widths.addSlicesBeyond(alpha.path().get(0), weights, biases, out);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        int last = x.getShape().dimension() - 1;
        if (alpha.path() != null) {
            int value = alpha.path().get(0);
            NDArray y = normalized(parameterStore, linear(parameterStore, x, widths.slicesOf(value), training),
                    widths.width(value), training);
            return new NDList(widths.padToWidest(y, last));
        }
        NDArray widest = normalized(parameterStore, linear(parameterStore, x, widths.slices(), training),
                widths.widest(), training);
        return new NDList(widest.mul(widths.mixtureMask(alpha.weights())));
    }

    /** {@code y}, of {@code width} units, through the BatchNorm if the values have one. */
    private NDArray normalized(ParameterStore store, NDArray y, long width, boolean training) {
        return norm == null ? y : norm.normalize(store, y, width, training);
    }

    /** The layer of the first {@code slices} slices applied to {@code x}. */
    private NDArray linear(ParameterStore store, NDArray x, int slices, boolean training) {
        Device device = x.getDevice();
        NDList w = new NDList();
        NDList b = new NDList();
        for (int k = 0; k < slices; k++) {
            w.add(store.getValue(weights.get(k), device, training));
            if (!biases.isEmpty()) {
                b.add(store.getValue(biases.get(k), device, training));
            }
        }
        NDArray weight = Widths.joined(w, x.getManager());
        NDArray bias = b.isEmpty() ? null : Widths.joined(b, x.getManager());
        return (bias == null ? Linear.linear(x, weight) : Linear.linear(x, weight, bias)).singletonOrThrow();
    }

    @Override
    public String toString() {
        return "SharedLinear('" + alpha.label() + "', widest " + widths.widest() + ")";
    }
}
