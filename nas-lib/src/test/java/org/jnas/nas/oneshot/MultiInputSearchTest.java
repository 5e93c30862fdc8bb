package org.jnas.nas.oneshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jnas.nas.data.TrainTestData;
import org.jnas.nas.space.ModelSpace;
import org.jnas.nas.space.Reduction;
import org.jnas.nas.space.Sample;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An input choice of two of four inputs, concatenated: the useful inputs win, every strategy exports two
 * of them, and the supernet on a path computes that architecture.
 */
class MultiInputSearchTest {

    /**
     * Inputs 1 and 3 are halves of the example's features (the first two, the last two, the rest
     * zero): the class needs both. Inputs 0 and 2 are other examples' features (the batch reversed,
     * the batch rotated by one), which say nothing of this example's class. The halves do not
     * overlap, so the Linear after the concatenation can read either half in either place.
     */
    private static ModelSpace planted() {
        return ModelSpace.define("two-of-four", s -> {
            Block pick = s.inputChoice("inputs", 4, 2, Reduction.CONCAT);
            return new SequentialBlock()
                    .add(x -> new NDList(x.head().flip(0), half(x.head(), 1, 1, 0, 0), x.head().get("1:").concat(x.head().get(":1")),
                            half(x.head(), 0, 0, 1, 1)))
                    .add(pick)
                    .add(Linear.builder().setUnits(4).build());
        });
    }

    private static NDArray half(NDArray x, float... mask) {
        return x.mul(x.getManager().create(mask));
    }

    @Test
    void theUsefulInputsWinAndTheExportConcatenatesTwoDistinctInputs() {
        ModelSpace space = planted();
        TrainTestData data = OneShotSearchTest.planted(640, 3);
        // DARTS, which weighs the inputs; how ENAS, which samples two, fares here: docs/one-shot.md
        OneShotResult result = OneShotSearch.darts(space, data).architectureLearningRate(0.03)
                .epochs(8).warmupEpochs(2).batchSize(32).seed(3).run();
        List<Double> p = result.probabilities().get("inputs");
        String what = p.toString();
        assertTrue(p.get(1) + p.get(3) > p.get(0) + p.get(2) + 0.1, "the example's own features: " + what);
        assertEquals(Sample.of(Map.of("inputs", List.of(1, 3))), result.sample(), what);
        Block architecture = space.instantiate(result.sample());
        try (NDManager manager = NDManager.newBaseManager()) {
            architecture.initialize(manager, DataType.FLOAT32, new Shape(8, 4));
            assertEquals(new Shape(8, 4), architecture.getOutputShapes(new Shape[] {new Shape(8, 4)})[0],
                    "the export builds: two inputs of 4 features concatenated into the Linear");
        }
    }

    @Test
    void everyStrategyExportsTwoDistinctInputsAndTheSupernetOnAPathIsThatArchitecture(@TempDir Path dir) {
        ModelSpace space = planted();
        TrainTestData data = OneShotSearchTest.planted(128, 1);
        Map<String, OneShotSearch> searches = Map.of("gumbelDarts", OneShotSearch.gumbelDarts(space, data),
                "gdas", OneShotSearch.gdas(space, data), "proxyless", OneShotSearch.proxyless(space, data),
                "randomOneShot", OneShotSearch.randomOneShot(space, data));
        searches.forEach((name, search) -> {
            Sample exported = search.epochs(1).batchSize(16).seed(2).run().sample();
            List<?> inputs = (List<?>) exported.get("inputs");
            assertEquals(2, inputs.size(), name + ": " + exported);
            assertTrue((Integer) inputs.get(0) < (Integer) inputs.get(1), name + ": two distinct, sorted: " + exported);
        });

        SubnetExtractionTest.assertExtractedSubnetComputesItsPath(space, data, dir, Sample.of(Map.of("inputs", List.of(0, 2))),
                "inputs 0 and 2 concatenated, then the path's Linear");
    }
}
