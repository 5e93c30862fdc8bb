package org.jnas.nas.oneshot;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jnas.nas.space.ModelSpace;
import org.jnas.nas.space.Sample;

/**
 * One architecture taken out of a checkpointed supernet with the weights it learned there, to
 * fine-tune or use alone. The architecture is built as multi-trial builds it
 * ({@code space.instantiate}); its parameters are the supernet's parameters on the architecture's
 * path, in the same order: a mixed block on that path stands for exactly the candidate (or the
 * first blocks of a repeat) the architecture holds in its place, so walking both block trees
 * depth first meets the same parameters in the same order. A weight-shared value choice stands for
 * its value's layer ({@link SharedLayer#standaloneWeights}: its first units or filters, the centre of
 * its kernel); a layer after it was built for the widest value, and the architecture's takes its
 * first inputs, the ones the value fills (the others are zero in the supernet).
 */
final class Subnets {
    private Subnets() {
    }

    /** A model on the CPU holding the architecture {@code sample} with the supernet's weights; close it. */
    static Model extract(ModelSpace space, long seed, SupernetCheckpoint checkpoint, Sample sample) {
        if (!checkpoint.exists()) {
            throw new IllegalStateException("no supernet checkpoint in " + checkpoint.directory()
                    + ": one is written at the end of each epoch, and no epoch has completed");
        }
        Supernet supernet = Supernet.build(space, seed);
        Shape shape = checkpoint.inputShape();
        Model model = Model.newInstance("subnet-" + space.name(), Device.cpu());
        try (NDManager scratch = model.getNDManager().newSubManager()) {
            supernet.block().initialize(scratch, DataType.FLOAT32, shape);
            checkpoint.restore(supernet, scratch, Optional.empty());
            supernet.setPath(supernet.pathOf(sample));
            Block subnet = space.instantiate(sample);
            model.setBlock(subnet);
            subnet.initialize(model.getNDManager(), DataType.FLOAT32, shape);
            copyPath(supernet, subnet, sample);
            return model;
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /**
     * Copies the weights on {@code supernet}'s path (set to {@code sample}'s) into {@code subnet},
     * architecture {@code sample} initialised for the same input.
     *
     * @throws IllegalStateException when the two do not correspond parameter for parameter
     */
    static void copyPath(Supernet supernet, Block subnet, Sample sample) {
        Set<Parameter> off = Collections.newSetFromMap(new IdentityHashMap<>());
        off.addAll(supernet.offPathWeights());
        List<String> names = new ArrayList<>();
        NDList onPath = new NDList();
        try {
            collect(supernet.block(), off, names, onPath);
            List<Parameter> target = subnet.getParameters().values();
            if (target.size() != onPath.size()) {
                throw new IllegalStateException("architecture " + sample + " has " + target.size() + " parameters, the"
                        + " supernet's path " + onPath.size() + ": they do not correspond");
            }
            for (int i = 0; i < target.size(); i++) {
                NDArray want = target.get(i).getArray();
                NDArray have = onPath.get(i);
                if (!fits(want.getShape(), have.getShape())) {
                    throw new IllegalStateException("parameter " + target.get(i).getName() + " of architecture " + sample
                            + " has shape " + want.getShape() + ", the supernet's " + names.get(i) + " " + have.getShape());
                }
                try (NDArray leading = have.get(leading(want.getShape()))) {
                    leading.copyTo(want);
                }
            }
        } finally {
            onPath.close(); // copies, every one
        }
    }

    /** The arrays on the path, depth first; a shared layer's as its value's layer holds them. */
    private static void collect(Block block, Set<Parameter> off, List<String> names, NDList out) {
        if (block instanceof SharedLayer shared && shared.alpha().path() != null) {
            NDList weights = shared.standaloneWeights(shared.alpha().path().get(0));
            for (NDArray array : weights) {
                names.add("shared layer '" + shared.alpha().label() + "'");
                out.add(array);
            }
            return;
        }
        block.getDirectParameters().forEach(pair -> {
            if (!off.contains(pair.getValue())) {
                names.add(pair.getValue().getName());
                out.add(pair.getValue().getArray().duplicate());
            }
        });
        block.getChildren().values().forEach(child -> collect(child, off, names, out));
    }

    /** Whether an architecture's parameter of shape {@code want} is the leading part of {@code have}'s. */
    private static boolean fits(Shape want, Shape have) {
        if (want.dimension() != have.dimension()) {
            return false;
        }
        for (int d = 0; d < want.dimension(); d++) {
            if (want.get(d) > have.get(d)) {
                return false;
            }
        }
        return true;
    }

    private static NDIndex leading(Shape shape) {
        NDIndex index = new NDIndex();
        for (long size : shape.getShape()) {
            index.addSliceDim(0, size);
        }
        return index;
    }
}
