package org.jnas.nas.oneshot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jnas.nas.data.Datasets;
import org.jnas.nas.data.TrainTestData;
import org.jnas.nas.space.Layers;
import org.jnas.nas.space.ModelSpace;
import org.jnas.nas.space.Sample;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The quickstart space of notebooks/01-quickstart.ipynb, its value choices handed to their blocks,
 * searched by DARTS and RandomOneShot on a few hundred Fashion-MNIST images.
 */
class QuickstartOneShotTest {
    private static TrainTestData data;

    @BeforeAll
    static void loadData() throws Exception {
        data = Datasets.fashionMnist().first(400, 100);
    }

    /** The notebook's space, as notebooks/01-quickstart.ipynb defines it. */
    static ModelSpace space() {
        return ModelSpace.define("mnist", s -> new SequentialBlock()
                .add(Conv2d.builder().setFilters(32).setKernelShape(new Shape(3, 3)).build())
                .add(Activation::relu)
                .add(s.layerChoice("conv2",
                        () -> Conv2d.builder().setFilters(64).setKernelShape(new Shape(3, 3)).build(),
                        () -> Layers.depthwiseSeparableConv(32, 64)))
                .add(Pool.maxPool2dBlock(new Shape(2, 2)))
                .add(s.valueChoice("dropout1", List.of(0.25f, 0.5f, 0.75f), rate -> Dropout.builder().optRate(rate).build()))
                .add(Blocks.batchFlattenBlock())
                .add(s.valueChoice("feature", List.of(64, 128, 256), units -> Linear.builder().setUnits(units).build()))
                .add(Activation::relu)
                .add(Dropout.builder().optRate(0.5f).build())
                .add(Linear.builder().setUnits(10).build()));
    }

    @Test
    void multiTrialSeesTheSameEighteenArchitecturesAndBuildsTheChosenValue() {
        ModelSpace space = space();
        assertEquals(java.math.BigInteger.valueOf(18), space.size());
        assertEquals(List.of(64, 128, 256), space.choices().stream().filter(c -> c.label().equals("feature"))
                .findFirst().orElseThrow().candidates());
        Block model = space().instantiate(Sample.of(Map.of("conv2", 0, "dropout1", 0.5f, "feature", 128)));
        assertArrayEquals(new long[] {2, 10}, outputShape(model));
    }

    @Test
    void dartsSearchesTheQuickstartSpaceAndExportsAnArchitectureOfIt() {
        OneShotResult result = OneShotSearch.darts(space(), data).epochs(1).batchSize(32).seed(1).run();
        assertValid(result.sample());
        assertEquals(List.of("conv2", "dropout1", "feature"), List.copyOf(result.probabilities().keySet()));
        assertEquals(3, result.probabilities().get("feature").size(), "one probability per value");
        assertTrue(Double.isFinite(result.epochs().get(0).get("weight_loss")));
    }

    /** Its weight-shared `feature` width is taken out as a Linear of the value's units (it once failed on the shapes). */
    @Test
    void aSubnetOfTheQuickstartSpaceIsExtractedWithItsInheritedWeights(@TempDir Path dir) {
        SubnetExtractionTest.assertExtractedSubnetComputesItsPath(space(), data, dir,
                Sample.of(Map.of("conv2", 1, "dropout1", 0.5f, "feature", 128)), "the quickstart's subnet");
    }

    @Test
    void randomOneShotRanksArchitecturesOfTheQuickstartSpace() {
        OneShotResult result = OneShotSearch.randomOneShot(space(), data).epochs(1).batchSize(32).seed(1).rank(3).run();
        assertEquals(3, result.ranking().size());
        result.ranking().forEach(ranked -> assertValid(ranked.sample()));
        assertEquals(result.ranking().get(0).sample(), result.sample());
    }

    /** A sample of the space: its values among the candidates, and a model that maps images to 10 classes. */
    private static void assertValid(Sample sample) {
        assertTrue(List.of(0.25f, 0.5f, 0.75f).contains(sample.get("dropout1")), sample.toString());
        assertTrue(List.of(64, 128, 256).contains(sample.get("feature")), sample.toString());
        assertArrayEquals(new long[] {2, 10}, outputShape(space().instantiate(sample)), sample.toString());
    }

    private static long[] outputShape(Block model) {
        try (NDManager manager = NDManager.newBaseManager()) {
            Shape input = new Shape(2, 1, 28, 28);
            model.initialize(manager, DataType.FLOAT32, input);
            return model.forward(new ParameterStore(manager, false), new NDList(manager.ones(input)), false)
                    .singletonOrThrow().getShape().getShape();
        }
    }
}
