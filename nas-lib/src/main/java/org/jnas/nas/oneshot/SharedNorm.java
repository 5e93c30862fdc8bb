package org.jnas.nas.oneshot;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import java.lang.reflect.Field;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The {@code BatchNorm} that follows the layer in each value of a weight-shared value choice
 * ({@code units -> new SequentialBlock().add(Linear...).add(BatchNorm...)}, likewise {@code Conv2d}):
 * one as wide as the widest value, whose narrower values use its first channels (NNI's
 * {@code MutableBatchNorm2d}). A value's output is normalised over its own channels, by the first
 * entries of the shift, scale and running statistics, before it is padded with zeros to the widest
 * width; so it equals the value's layer and BatchNorm alone, and the channels it does not have stay
 * zero for the next layer, which a BatchNorm after the shared layer would make its shift.
 *
 * <p>Running statistics are updated per value in training, only in the value's channels. Shift and
 * scale are whole parameters, not slices: a step along a narrow value gives the others no gradient,
 * but momentum and weight decay move them, as for a kernel's outer ring in {@link SharedConv2d}.
 */
final class SharedNorm {
    /** The settings of a value's {@code BatchNorm}, which DJL keeps private. */
    record Settings(int axis, float epsilon, float momentum, boolean center, boolean scale) {
        /**
         * The settings of {@code norm}, read by reflection; empty when this DJL's BatchNorm has other
         * fields, so the value choice is mixed instead of shared.
         */
        static Optional<Settings> of(BatchNorm norm) {
            try {
                return Optional.of(new Settings((int) field(norm, "axis"), (float) field(norm, "epsilon"),
                        (float) field(norm, "momentum"), (boolean) field(norm, "center"), (boolean) field(norm, "scale")));
            } catch (ReflectiveOperationException | RuntimeException e) {
                return Optional.empty();
            }
        }

        private static Object field(BatchNorm norm, String name) throws ReflectiveOperationException {
            Field field = BatchNorm.class.getDeclaredField(name);
            field.setAccessible(true);
            return field.get(norm);
        }

        /** A new BatchNorm with these settings, as the architecture holds it. */
        BatchNorm build() {
            return BatchNorm.builder().optAxis(axis).optEpsilon(epsilon).optMomentum(momentum).optCenter(center)
                    .optScale(scale).build();
        }
    }

    private final Settings settings;
    private final Parameter gamma;
    private final Parameter beta;
    private final Parameter runningMean;
    private final Parameter runningVar;

    /** A norm whose parameters {@code add} registers with the shared layer that owns it. */
    SharedNorm(Settings settings, UnaryOperator<Parameter> add) {
        this.settings = settings;
        gamma = add.apply(Parameter.builder().setName("gamma").setType(Parameter.Type.GAMMA)
                .optRequiresGrad(settings.scale()).build());
        beta = add.apply(Parameter.builder().setName("beta").setType(Parameter.Type.BETA)
                .optRequiresGrad(settings.center()).build());
        runningMean = add.apply(Parameter.builder().setName("runningMean").setType(Parameter.Type.RUNNING_MEAN)
                .optRequiresGrad(false).build());
        runningVar = add.apply(Parameter.builder().setName("runningVar").setType(Parameter.Type.RUNNING_VAR)
                .optRequiresGrad(false).build());
    }

    Settings settings() {
        return settings;
    }

    void setWidest(long widest) {
        for (Parameter p : List.of(gamma, beta, runningMean, runningVar)) {
            p.setShape(new Shape(widest));
        }
    }

    /**
     * {@code y}, a value's output of {@code width} channels (axis 1), normalised by the first
     * {@code width} entries; in training the running statistics of those channels follow the batch.
     */
    NDArray normalize(ParameterStore store, NDArray y, long width, boolean training) {
        Device device = y.getDevice();
        NDArray mean = store.getValue(runningMean, device, training);
        NDArray var = store.getValue(runningVar, device, training);
        NDArray g = store.getValue(gamma, device, training);
        NDArray b = store.getValue(beta, device, training);
        if (width == mean.getShape().get(0)) { // the widest: the parameters themselves, updated in place
            return BatchNorm.batchNorm(y, mean, var, g, b, settings.axis(), settings.momentum(), settings.epsilon(),
                    training).singletonOrThrow();
        }
        NDIndex first = new NDIndex(":{}", width);
        // the parts are made from the parameters, whose manager lives as long as the model: each is
        // handed to the step's (y's), so that it is freed with the step, after the backward pass
        NDManager step = y.getManager();
        NDArray meanPart = part(mean, first, step); // copies: updated by the batch, then written back
        NDArray varPart = part(var, first, step);
        NDArray gammaPart = g.get(first);
        gammaPart.attach(step);
        NDArray betaPart = b.get(first);
        betaPart.attach(step);
        NDArray out = BatchNorm.batchNorm(y, meanPart, varPart, gammaPart, betaPart, settings.axis(),
                settings.momentum(), settings.epsilon(), training).singletonOrThrow();
        if (training) {
            mean.set(first, meanPart);
            var.set(first, varPart);
        }
        return out;
    }

    private static NDArray part(NDArray array, NDIndex index, NDManager manager) {
        try (NDArray view = array.get(index)) {
            NDArray copy = view.duplicate();
            copy.attach(manager);
            return copy;
        }
    }

    /** The first {@code width} entries of gamma, beta and the running statistics, as new arrays, in BatchNorm's order. */
    NDList standalone(long width) {
        NDIndex first = new NDIndex(":{}", width);
        NDList out = new NDList();
        for (Parameter p : List.of(gamma, beta, runningMean, runningVar)) {
            out.add(p.getArray().get(first).duplicate()); // the caller closes the copy, never the parameter
        }
        return out;
    }

    /** {@code layer} followed by a BatchNorm of these settings: a value's block as the architecture holds it. */
    Block after(Block layer) {
        return new SequentialBlock().add(layer).add(settings.build());
    }
}
