package org.jnas.nas.oneshot;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.optimizer.Sgd;
import ai.djl.util.Pair;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Field;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The momentum buffers of the weights' SGD. DJL's {@link Sgd} keeps them private (parameter id ->
 * device -> buffer, with the learning rate folded in: {@code u = momentum * u + lr * (g + wd * w)},
 * {@code w -= u}), so they are reached by reflection: second-order DARTS's virtual step is the step
 * SGD takes next only with them (NNI reads PyTorch's optimiser state the same way), and a checkpoint
 * keeps them, so that a resumed search goes on with the momentum it had rather than from rest. A DJL
 * without that field is refused before any training, rather than the momentum dropped silently.
 */
final class SgdMomentum {
    private final Map<String, Map<Device, NDArray>> buffers;

    private SgdMomentum(Map<String, Map<Device, NDArray>> buffers) {
        this.buffers = buffers;
    }

    /**
     * The buffers of {@code sgd}, live: what it updates next is what {@link #of} returns.
     *
     * @throws IllegalStateException when this DJL's {@code Sgd} has no {@code momentumStates}
     */
    @SuppressWarnings("unchecked")
    static SgdMomentum of(Sgd sgd) {
        try {
            Field field = Sgd.class.getDeclaredField("momentumStates");
            field.setAccessible(true);
            return new SgdMomentum((Map<String, Map<Device, NDArray>>) field.get(sgd));
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("a one-shot search reads the SGD momentum of DJL's Sgd (its field"
                    + " momentumStates), which this DJL version does not have: " + e, e);
        }
    }

    /** {@code weight}'s buffer, or null before the optimiser's first update of it. */
    NDArray of(Parameter weight) {
        Map<Device, NDArray> byDevice = buffers.get(weight.getId());
        return byDevice == null ? null : byDevice.get(weight.getArray().getDevice());
    }

    /**
     * Writes the buffers of {@code block}'s parameters, each named by its parameter's path in the
     * block (parameter ids are new in every process), in DJL's NDList format.
     */
    void save(Block block, OutputStream out) throws IOException {
        NDList named = new NDList();
        for (Pair<String, Parameter> parameter : block.getParameters()) {
            NDArray buffer = of(parameter.getValue());
            if (buffer != null) {
                NDArray copy = buffer.duplicate(); // named without renaming the optimiser's own array
                copy.setName(parameter.getKey());
                named.add(copy);
            }
        }
        try {
            named.encode(out);
        } finally {
            named.close();
        }
    }

    /**
     * Reads what {@link #save} wrote into the buffers, for the parameters of {@code block} (the
     * same space's supernet, initialised), each on its parameter's device and manager, as the
     * optimiser would have made it.
     *
     * @throws IllegalStateException when a buffer names no parameter of {@code block} or has another shape
     */
    void restore(Block block, InputStream in) {
        Map<String, Parameter> byName = new HashMap<>();
        block.getParameters().forEach(p -> byName.put(p.getKey(), p.getValue()));
        Parameter any = block.getParameters().valueAt(0);
        NDList read = NDList.decode(any.getArray().getManager(), in);
        for (NDArray buffer : read) { // all checked before any is placed
            Parameter weight = byName.get(buffer.getName());
            if (weight == null || !weight.getArray().getShape().equals(buffer.getShape())) {
                read.close();
                throw new IllegalStateException("the checkpoint's momentum of '" + buffer.getName() + "' " + buffer.getShape()
                        + (weight == null ? " is of no parameter of the supernet" : " does not fit its parameter "
                        + weight.getArray().getShape()));
            }
        }
        for (NDArray buffer : read) {
            Parameter weight = byName.get(buffer.getName());
            Device device = weight.getArray().getDevice();
            NDArray placed = buffer.toDevice(device, false);
            placed.attach(weight.getArray().getManager());
            buffers.computeIfAbsent(weight.getId(), id -> new ConcurrentHashMap<>()).put(device, placed);
        }
    }
}
