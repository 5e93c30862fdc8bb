package org.jnas.nas.oneshot;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.jnas.nas.space.ModelSpace;
import org.jnas.nas.space.Sample;

/**
 * Refuses, before any training, a space whose supernet would compute on a path what the path's
 * architecture does not. A weight-shared value choice ({@link SharedLayer}) keeps the widest width
 * and sets the units or filters beyond a value's to zero; that equals the value's narrower layer only
 * while what follows maps those zeros to zero up to the next layer with weights, which then reads its
 * first inputs. ReLU, tanh, pooling, dropout and flattening do; a {@code BatchNorm} (its shift), a
 * {@code LayerNorm} or a sigmoid do not, and the supernet would train, rank and export architectures
 * the space does not hold, silently. (A BatchNorm built in the value's block is shared with the
 * layer, {@link SharedNorm}, and normalises before the padding.)
 *
 * <p>Checked by computing: a scratch supernet with random weights (and random BatchNorm shifts and
 * statistics, which start at zero) runs, for each value of each shared label, the path of an
 * architecture that takes it, and the architecture, built as multi-trial builds it and given the
 * path's weights ({@link Subnets#copyPath}), must compute the same outputs.
 */
final class SharedWidthCheck {
    /** The largest difference a path and its architecture may show, relative to the output's size. */
    private static final double TOLERANCE = 1e-4;

    private SharedWidthCheck() {
    }

    /**
     * @param built a supernet of {@code space}, to see whether it has a shared layer at all (it is not
     *     touched: the check runs on a supernet of its own)
     * @param example the shape of a batch of one example, as the search feeds the supernet
     * @throws IllegalArgumentException naming the shared label and what to write instead when a path
     *     computes something other than its architecture
     */
    static void requireExactPaths(ModelSpace space, Supernet built, long seed, Shape example) {
        Map<String, Integer> shared = new LinkedHashMap<>();
        collectShared(built.block(), shared);
        if (shared.isEmpty()) {
            return;
        }
        Supernet supernet = Supernet.build(space, seed);
        Random random = new Random(seed);
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            supernet.block().initialize(manager, DataType.FLOAT32, example);
            for (Parameter parameter : supernet.block().getParameters().values()) {
                NDArray array = parameter.getArray();
                float[] values = new float[Math.toIntExact(array.size())];
                for (int i = 0; i < values.length; i++) {
                    values[i] = 0.5f + random.nextFloat(); // positive: BatchNorm's variance among them
                }
                array.set(values);
            }
            int rounds = shared.values().stream().mapToInt(Integer::intValue).max().orElseThrow();
            NDArray x = manager.create(randomValues(random, example.size() * 4), new Shape(4).addAll(example.slice(1)));
            for (int round = 0; round < rounds; round++) {
                int value = round;
                Sample sample = space.sample(choice -> shared.containsKey(choice.label())
                        ? value % choice.size() : random.nextInt(choice.size()));
                requireSame(space, supernet, sample, manager, x, example, shared.keySet());
            }
        }
    }

    private static void requireSame(ModelSpace space, Supernet supernet, Sample sample, NDManager manager, NDArray x,
            Shape example, Iterable<String> sharedLabels) {
        supernet.setPath(supernet.pathOf(sample));
        try (NDManager scratch = manager.newSubManager()) {
            float[] path;
            try {
                supernet.begin(scratch, false, Relaxation.SOFTMAX);
                path = supernet.block().forward(new ParameterStore(scratch, false), new NDList(x), false)
                        .singletonOrThrow().toFloatArray();
            } finally {
                supernet.end();
            }
            Block block = space.instantiate(sample);
            block.initialize(scratch, DataType.FLOAT32, example);
            try {
                Subnets.copyPath(supernet, block, sample);
            } catch (IllegalStateException e) {
                throw refusal(sharedLabels, sample, e.getMessage());
            }
            float[] architecture = block.forward(new ParameterStore(scratch, false), new NDList(x), false)
                    .singletonOrThrow().toFloatArray();
            requireClose(path, architecture, sharedLabels, sample);
        } finally {
            supernet.clearPath();
        }
    }

    private static void requireClose(float[] path, float[] architecture, Iterable<String> sharedLabels, Sample sample) {
        if (path.length != architecture.length) {
            throw refusal(sharedLabels, sample, "it gives " + architecture.length + " outputs, the supernet's path "
                    + path.length);
        }
        double scale = 1;
        for (float v : architecture) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int i = 0; i < path.length; i++) {
            if (Math.abs(path[i] - architecture[i]) > TOLERANCE * scale) {
                throw refusal(sharedLabels, sample, "it computes " + architecture[i] + " where the supernet's path"
                        + " computes " + path[i]);
            }
        }
    }

    private static IllegalArgumentException refusal(Iterable<String> labels, Sample sample, String what) {
        List<String> quoted = new ArrayList<>();
        labels.forEach(label -> quoted.add("'" + label + "'"));
        return new IllegalArgumentException("a supernet cannot follow the value choice " + String.join(" or ", quoted)
                + ": it shares one layer across the values, keeps the widest width and sets the units beyond a value's"
                + " to zero, so what comes after it must map zero to zero until the next layer with weights (ReLU,"
                + " pooling, dropout, flattening do; a BatchNorm, LayerNorm or sigmoid do not). Architecture " + sample
                + " built alone with the supernet's weights: " + what + ". For a BatchNorm, build it in the value's"
                + " block, s.valueChoice(label, values, units -> new SequentialBlock().add(Linear.builder()"
                + ".setUnits(units).build()).add(BatchNorm.builder().build())) (likewise a Conv2d): the layer and its"
                + " BatchNorm then share their weights together. Otherwise make the value's block end in a layer of"
                + " fixed width (each value then has weights of its own), or search the space multi-trial");
    }

    /** The labels of the weight-shared value choices in {@code block}, with their number of values. */
    private static void collectShared(Block block, Map<String, Integer> out) {
        if (block instanceof SharedLayer shared) {
            out.put(shared.alpha().label(), shared.alpha().probabilities().size());
        }
        block.getChildren().values().forEach(child -> collectShared(child, out));
    }

    private static float[] randomValues(Random random, long n) {
        float[] values = new float[Math.toIntExact(n)];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return values;
    }
}
