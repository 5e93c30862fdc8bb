package org.jnas.nas.oneshot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.Model;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jnas.nas.data.TrainTestData;
import org.jnas.nas.space.ModelSpace;
import org.jnas.nas.space.Sample;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A subnet taken out of a checkpointed supernet computes what the supernet computes on its path. */
class SubnetExtractionTest {

    private static final ModelSpace SPACE = ModelSpace.define("extract", s -> new SequentialBlock()
            .add(s.layerChoice("op", () -> Linear.builder().setUnits(4).build(),
                    () -> new SequentialBlock().add(Linear.builder().setUnits(4).build()).add(BatchNorm.builder().build())))
            .add(s.layerChoice("act", Activation::reluBlock, Activation::tanhBlock))
            .add(s.repeat("depth", List.of(1, 2), i -> Linear.builder().setUnits(4).build())));

    private static final EpochHook NO_HOOK = new EpochHook() {
        @Override
        public boolean stopRequested() {
            return false;
        }

        @Override
        public void epochEnded(int epoch, SupernetCheckpoint.Epoch report) {
        }
    };

    @Test
    void theExtractedSubnetEqualsTheSupernetOnItsPath(@TempDir Path dir) {
        int parameters = assertExtractedSubnetComputesItsPath(SPACE, OneShotSearchTest.planted(256, 1), dir,
                Sample.of(Map.of("op", 1, "act", 1, "depth", 2)),
                "the subnet inherits the path's weights and BatchNorm statistics");
        assertEquals(2 + 4 + 2 * 2, parameters, "only the path's parameters: a Linear and its BatchNorm's four, then two Linears");
    }

    /**
     * Runs DARTS on {@code space} for one epoch with a checkpoint in {@code dir}, extracts {@code sample}'s
     * subnet and asserts that it computes what the checkpointed supernet computes along the sample's
     * path (on random inputs of the data's shape); returns the subnet's parameter count.
     */
    static int assertExtractedSubnetComputesItsPath(ModelSpace space, TrainTestData data, Path dir, Sample sample,
            String what) {
        SupernetCheckpoint checkpoint = new SupernetCheckpoint(dir);
        OneShotSearch.darts(space, data).epochs(1).batchSize(16).seed(1).hook(NO_HOOK, checkpoint).run();
        try (Model subnet = OneShot.darts().extractSubnet(space, dir, sample);
                NDManager manager = NDManager.newBaseManager()) {
            Supernet supernet = Supernet.build(space, 5);
            Shape one = data.train().batchShape(1);
            supernet.block().initialize(manager, DataType.FLOAT32, one);
            checkpoint.restore(supernet, manager, Optional.empty());
            supernet.setPath(supernet.pathOf(sample));
            NDList x = new NDList(manager.randomNormal(new Shape(8).addAll(one.slice(1))));
            float[] onPath;
            try {
                supernet.begin(manager, false, Relaxation.SOFTMAX);
                onPath = supernet.block().forward(new ParameterStore(manager, false), x, false).singletonOrThrow().toFloatArray();
            } finally {
                supernet.end();
                supernet.clearPath();
            }
            float[] extracted = subnet.getBlock().forward(new ParameterStore(manager, false), x, false).singletonOrThrow().toFloatArray();
            assertArrayEquals(onPath, extracted, 1e-6f, what);
            return subnet.getBlock().getParameters().size();
        }
    }

    /** Units shared by a value choice: a value's first units, and the next layer's first inputs. */
    private static final ModelSpace WIDTHS = ModelSpace.define("extract-widths", s -> new SequentialBlock()
            .add(s.valueChoice("width", List.of(2, 6), units -> Linear.builder().setUnits(units).build()))
            .add(Activation::relu)
            .add(Linear.builder().setUnits(4).build()));

    /**
     * Filters and kernels shared by a value choice (2 filters 1x1, 5 filters 3x3): a value's first
     * filters and the centre of the kernel, and the next convolution's first input channels.
     */
    private static final ModelSpace FILTERS = ModelSpace.define("extract-filters", s -> new SequentialBlock()
            .add(x -> new NDList(x.singletonOrThrow().reshape(-1, 1, 2, 2)))
            .add(s.valueChoice("conv", List.of(1, 3), k -> Conv2d.builder().setFilters(k == 1 ? 2 : 5)
                    .setKernelShape(new Shape(k, k)).optPadding(new Shape(k / 2, k / 2)).build()))
            .add(Activation::relu)
            .add(Conv2d.builder().setFilters(3).setKernelShape(new Shape(1, 1)).build())
            .add(Blocks.batchFlattenBlock())
            .add(Linear.builder().setUnits(4).build()));

    /** Filters shared with the BatchNorm after them, then ReLU and a convolution: conv-BN-ReLU. */
    private static final ModelSpace FILTERS_NORMALIZED = ModelSpace.define("extract-conv-bn", s -> new SequentialBlock()
            .add(x -> new NDList(x.singletonOrThrow().reshape(-1, 1, 2, 2)))
            .add(s.valueChoice("filters", List.of(2, 5), f -> new SequentialBlock()
                    .add(Conv2d.builder().setFilters(f).setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).build())
                    .add(BatchNorm.builder().build())))
            .add(Activation::relu)
            .add(Conv2d.builder().setFilters(3).setKernelShape(new Shape(1, 1)).build())
            .add(Blocks.batchFlattenBlock())
            .add(Linear.builder().setUnits(4).build()));

    @ParameterizedTest
    @ValueSource(ints = {2, 5})
    void filtersSharedWithTheirBatchNormAreExtractedAsTheValuesConvolutionAndBatchNorm(int filters, @TempDir Path dir) {
        int parameters = assertExtractedSubnetComputesItsPath(FILTERS_NORMALIZED, OneShotSearchTest.planted(256, 1), dir,
                Sample.of(Map.of("filters", filters)), "filters " + filters);
        assertEquals(2 + 4 + 2 + 2, parameters, "the convolution, its BatchNorm's four, the 1x1 convolution, the head");
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 6})
    void aSharedWidthIsExtractedAsItsValuesLayer(int width, @TempDir Path dir) {
        int parameters = assertExtractedSubnetComputesItsPath(WIDTHS, OneShotSearchTest.planted(256, 1), dir,
                Sample.of(Map.of("width", width)), "width " + width);
        assertEquals(4, parameters, "a Linear of the value's units and the head: weight and bias each");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3})
    void sharedFiltersAndKernelsAreExtractedAsTheValuesConvolution(int kernel, @TempDir Path dir) {
        int parameters = assertExtractedSubnetComputesItsPath(FILTERS, OneShotSearchTest.planted(256, 1), dir,
                Sample.of(Map.of("conv", kernel)), "kernel " + kernel);
        assertEquals(6, parameters);
    }

    @Test
    void withoutACheckpointThereIsNothingToExtract(@TempDir Path dir) {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> OneShot.darts().extractSubnet(SPACE, dir, Sample.of(Map.of("op", 0, "act", 0, "depth", 1))));
        assertEquals(true, e.getMessage().contains("no supernet checkpoint"), e.getMessage());
    }
}
