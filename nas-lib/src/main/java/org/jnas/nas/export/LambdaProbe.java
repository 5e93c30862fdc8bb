package org.jnas.nas.export;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Identifies an anonymous lambda block (e.g. {@code .add(Activation::relu)}) by what it does: it is
 * applied to fixed random inputs, and the first known function with the same output names it.
 */
final class LambdaProbe {
    private record Candidate(String code, Supplier<Block> block) {}

    private static final List<Candidate> CANDIDATES = List.of(
            new Candidate("Activation.reluBlock()", Activation::reluBlock),
            new Candidate("Activation.relu6Block()", Activation::relu6Block),
            new Candidate("Activation.sigmoidBlock()", Activation::sigmoidBlock),
            new Candidate("Activation.tanhBlock()", Activation::tanhBlock),
            new Candidate("Activation.softPlusBlock()", Activation::softPlusBlock),
            new Candidate("Activation.softSignBlock()", Activation::softSignBlock),
            new Candidate("Activation.seluBlock()", Activation::seluBlock),
            new Candidate("Activation.geluBlock()", Activation::geluBlock),
            new Candidate("Activation.mishBlock()", Activation::mishBlock),
            new Candidate("Blocks.batchFlattenBlock()", Blocks::batchFlattenBlock),
            new Candidate("Blocks.identityBlock()", Blocks::identityBlock),
            new Candidate("Pool.maxPool2dBlock(new Shape(2, 2))", () -> Pool.maxPool2dBlock(new Shape(2, 2))),
            new Candidate("Pool.maxPool2dBlock(new Shape(3, 3))", () -> Pool.maxPool2dBlock(new Shape(3, 3))),
            new Candidate("Pool.maxPool2dBlock(new Shape(3, 3), new Shape(1, 1), new Shape(1, 1))",
                    () -> Pool.maxPool2dBlock(new Shape(3, 3), new Shape(1, 1), new Shape(1, 1))),
            new Candidate("Pool.avgPool2dBlock(new Shape(2, 2))", () -> Pool.avgPool2dBlock(new Shape(2, 2))),
            new Candidate("Pool.avgPool2dBlock(new Shape(3, 3))", () -> Pool.avgPool2dBlock(new Shape(3, 3))),
            new Candidate("Pool.globalMaxPool2dBlock()", Pool::globalMaxPool2dBlock),
            new Candidate("Pool.globalAvgPool2dBlock()", Pool::globalAvgPool2dBlock),
            // the parameter-free ops of the space helpers (DARTS pools and the zero op)
            new Candidate("org.jnas.nas.space.Layers.maxPool3x3(2)", () -> org.jnas.nas.space.Layers.maxPool3x3(2)),
            new Candidate("org.jnas.nas.space.Layers.avgPool3x3(1)", () -> org.jnas.nas.space.Layers.avgPool3x3(1)),
            new Candidate("org.jnas.nas.space.Layers.avgPool3x3(2)", () -> org.jnas.nas.space.Layers.avgPool3x3(2)),
            new Candidate("org.jnas.nas.space.Layers.zero(1)", () -> org.jnas.nas.space.Layers.zero(1)),
            new Candidate("org.jnas.nas.space.Layers.zero(2)", () -> org.jnas.nas.space.Layers.zero(2)));

    /** Input shapes tried in turn: an image batch first, then a feature batch. */
    private static final List<Shape> PROBE_SHAPES = List.of(new Shape(2, 3, 6, 6), new Shape(4, 10));

    private LambdaProbe() {}

    static List<String> candidateNames() {
        return CANDIDATES.stream().map(Candidate::code).toList();
    }

    /** The factory expression of the known function {@code block} computes, if any. */
    static Optional<String> identify(Block block) {
        try (NDManager manager = NDManager.newBaseManager()) {
            ParameterStore store = new ParameterStore(manager, false);
            for (Shape shape : PROBE_SHAPES) {
                // scaled so that relu and relu6, tanh and softSign, ... differ
                NDArray input = manager.randomNormal(0, 4, shape, ai.djl.ndarray.types.DataType.FLOAT32);
                NDList actual;
                try {
                    actual = block.forward(store, new NDList(input), false);
                } catch (RuntimeException e) {
                    continue; // the lambda expects another rank: try the next input
                }
                for (Candidate candidate : CANDIDATES) {
                    try {
                        NDList expected = candidate.block().get().forward(store, new NDList(input), false);
                        if (same(actual, expected)) {
                            return Optional.of(candidate.code());
                        }
                    } catch (RuntimeException e) {
                        // this candidate does not take this input
                    }
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The code of a ParallelBlock join function over {@code branches} branches: concatenation along
     * axis 1, a sum, or the branches' outputs side by side (a cell's inputs:
     * {@code new NDList(list.get(0).head(), list.get(1).head())}). Probed with as many inputs as the
     * block has branches, since a join may read each by its index.
     */
    static Optional<String> identifyJoin(Function<List<NDList>, NDList> join, int branches) {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDList heads = new NDList();
            List<NDList> inputs = new ArrayList<>();
            for (int i = 0; i < Math.max(1, branches); i++) {
                NDArray head = manager.randomNormal(new Shape(2, 3, 4, 4));
                heads.add(head);
                inputs.add(new NDList(head));
            }
            NDList actual;
            try {
                actual = join.apply(List.copyOf(inputs));
            } catch (RuntimeException e) {
                return Optional.empty();
            }
            if (same(actual, new NDList(NDArrays.concat(heads, 1)))) {
                return Optional.of("list -> new NDList(NDArrays.concat("
                        + "new NDList(list.stream().map(NDList::head).toArray(NDArray[]::new)), 1))");
            }
            if (same(actual, new NDList(NDArrays.add(heads.toArray(new NDArray[0]))))) {
                return Optional.of("list -> new NDList(NDArrays.add("
                        + "list.stream().map(NDList::head).toArray(NDArray[]::new)))");
            }
            if (same(actual, heads)) {
                return Optional.of("list -> new NDList(list.stream().map(NDList::head).toArray(NDArray[]::new))");
            }
        }
        return Optional.empty();
    }

    private static boolean same(NDList actual, NDList expected) {
        if (actual.size() != expected.size()) {
            return false;
        }
        for (int i = 0; i < actual.size(); i++) {
            NDArray x = actual.get(i);
            NDArray y = expected.get(i);
            if (!x.getShape().equals(y.getShape()) || !x.allClose(y, 1e-5, 1e-6, false)) {
                return false;
            }
        }
        return true;
    }
}
