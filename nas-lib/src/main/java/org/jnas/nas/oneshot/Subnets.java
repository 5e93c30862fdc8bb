package org.jnas.nas.oneshot;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDManager;
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
 * depth first meets the same parameters in the same order.
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
            Set<Parameter> off = Collections.newSetFromMap(new IdentityHashMap<>());
            off.addAll(supernet.offPathWeights());
            List<Parameter> onPath = new ArrayList<>();
            supernet.block().getParameters().values().forEach(p -> {
                if (!off.contains(p)) {
                    onPath.add(p);
                }
            });
            Block subnet = space.instantiate(sample);
            model.setBlock(subnet);
            subnet.initialize(model.getNDManager(), DataType.FLOAT32, shape);
            List<Parameter> target = subnet.getParameters().values();
            if (target.size() != onPath.size()) {
                throw new IllegalStateException("architecture " + sample + " has " + target.size() + " parameters, the"
                        + " supernet's path " + onPath.size() + ": they do not correspond");
            }
            for (int i = 0; i < target.size(); i++) {
                Shape want = target.get(i).getArray().getShape();
                Shape have = onPath.get(i).getArray().getShape();
                if (!want.equals(have)) {
                    throw new IllegalStateException("parameter " + target.get(i).getName() + " of architecture " + sample
                            + " has shape " + want + ", the supernet's " + onPath.get(i).getName() + " " + have);
                }
                onPath.get(i).getArray().copyTo(target.get(i).getArray());
            }
            return model;
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }
}
