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
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jnas.nas.space.ModelSpace;
import org.jnas.nas.space.Sample;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A subnet taken out of a checkpointed supernet computes what the supernet computes on its path. */
class SubnetExtractionTest {

    private static final ModelSpace SPACE = ModelSpace.define("extract", s -> new SequentialBlock()
            .add(s.layerChoice("op", () -> Linear.builder().setUnits(4).build(),
                    () -> new SequentialBlock().add(Linear.builder().setUnits(4).build()).add(BatchNorm.builder().build())))
            .add(s.layerChoice("act", Activation::reluBlock, Activation::tanhBlock))
            .add(s.repeat("depth", List.of(1, 2), i -> Linear.builder().setUnits(4).build())));

    private static final OneShotSearch.EpochHook NO_HOOK = new OneShotSearch.EpochHook() {
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
        SupernetCheckpoint checkpoint = new SupernetCheckpoint(dir);
        OneShotSearch.darts(SPACE, OneShotSearchTest.planted(256, 1)).epochs(1).batchSize(16).seed(1)
                .hook(NO_HOOK, checkpoint).run();
        Sample sample = Sample.of(Map.of("op", 1, "act", 1, "depth", 2));
        try (Model subnet = OneShot.darts().extractSubnet(SPACE, dir, sample);
                NDManager manager = NDManager.newBaseManager()) {
            Supernet supernet = Supernet.build(SPACE, 5);
            supernet.block().initialize(manager, DataType.FLOAT32, new Shape(1, 4));
            checkpoint.restore(supernet, manager);
            supernet.setPath(supernet.pathOf(sample));
            NDList x = new NDList(manager.randomNormal(new Shape(8, 4)));
            float[] expected;
            try {
                supernet.begin(manager, false, Relaxation.SOFTMAX);
                expected = supernet.block().forward(new ParameterStore(manager, false), x, false).singletonOrThrow().toFloatArray();
            } finally {
                supernet.end();
                supernet.clearPath();
            }
            float[] actual = subnet.getBlock().forward(new ParameterStore(manager, false), x, false).singletonOrThrow().toFloatArray();
            assertArrayEquals(expected, actual, 1e-6f, "the subnet inherits the path's weights and BatchNorm statistics");
            assertEquals(2 + 4 + 2 * 2, subnet.getBlock().getParameters().size(),
                    "only the path's parameters: a Linear and its BatchNorm's four, then two Linears");
        }
    }

    @Test
    void withoutACheckpointThereIsNothingToExtract(@TempDir Path dir) {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> OneShot.darts().extractSubnet(SPACE, dir, Sample.of(Map.of("op", 0, "act", 0, "depth", 1))));
        assertEquals(true, e.getMessage().contains("no supernet checkpoint"), e.getMessage());
    }
}
