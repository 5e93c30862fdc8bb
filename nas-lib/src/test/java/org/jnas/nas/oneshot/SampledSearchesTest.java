package org.jnas.nas.oneshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;
import org.jnas.nas.data.TrainTestData;
import org.jnas.nas.space.ModelSpace;
import org.jnas.nas.space.Reduction;
import org.junit.jupiter.api.Test;

/** Proxyless, GDAS and ENAS on every construct a supernet follows: a layer choice, a repeat, an input choice of two concatenated. */
class SampledSearchesTest {

    private static ModelSpace space() {
        return ModelSpace.define("constructs", s -> {
            Block pick = s.inputChoice("skip", 3, 2, Reduction.CONCAT);
            return new SequentialBlock()
                    .add(s.layerChoice("op", () -> Linear.builder().setUnits(4).build(), Activation::reluBlock))
                    .add(s.repeat("depth", List.of(0, 1, 2), i -> new SequentialBlock()
                            .add(Linear.builder().setUnits(4).build()).add(Activation.reluBlock())))
                    .add(x -> new NDList(x.head(), x.head().mul(2), x.head().neg()))
                    .add(pick)
                    .add(Linear.builder().setUnits(4).build());
        });
    }

    @Test
    void eachLearnsOnEveryConstructAndExportsAnArchitectureOfTheSpace() {
        ModelSpace space = space();
        TrainTestData data = OneShotSearchTest.planted(256, 1);
        List<BiFunction<ModelSpace, TrainTestData, OneShotSearch>> searches =
                List.of(OneShotSearch::proxyless, OneShotSearch::gdas, OneShotSearch::enas);
        for (BiFunction<ModelSpace, TrainTestData, OneShotSearch> search : searches) {
            OneShotResult result = search.apply(space, data).epochs(2).batchSize(16).seed(4)
                    .architectureLearningRate(0.05).run();
            assertEquals(Set.of("op", "depth", "skip"), result.probabilities().keySet());
            result.probabilities().forEach((label, p) -> {
                assertEquals(1.0, p.stream().mapToDouble(Double::doubleValue).sum(), 1e-9, label + " " + p);
                assertTrue(p.stream().anyMatch(v -> Math.abs(v - 1.0 / p.size()) > 1e-3),
                        label + " learned away from uniform: " + p);
            });
            assertEquals(2, ((List<?>) result.sample().get("skip")).size(), "two inputs: " + result.sample());
            assertEquals(result.sample(), space.validate(result.sample()));
            assertTrue(result.epochs().get(1).containsKey("architecture_loss") || result.epochs().get(1).containsKey("reward"),
                    result.epochs().toString());
        }
    }
}
