package org.jnas.nas.oneshot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jnas.nas.space.Layers;
import org.jnas.nas.space.ModelSpace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SupernetCheckpointTest {

    /**
     * A supernet on its way to diverging reports an infinite validation loss while its training
     * losses are still finite; its epoch's checkpoint failed to write (JSON has no Infinity), which
     * failed the search with Gson's message instead of going on.
     */
    @Test
    void anEpochWithInfiniteOrNaNMetricsIsCheckpointedAndRestored(@TempDir Path dir) {
        ModelSpace space = ModelSpace.define("checkpointed", s -> s.layerChoice("op",
                () -> Layers.zero(1), () -> Linear.builder().setUnits(4).build()));
        Map<String, Double> metrics = Map.of("weight_loss", 3e30, "loss", Double.POSITIVE_INFINITY, "accuracy", Double.NaN);
        try (NDManager manager = NDManager.newBaseManager()) {
            Supernet saved = Supernet.build(space, 1);
            saved.block().initialize(manager, DataType.FLOAT32, new Shape(1, 4));
            SupernetCheckpoint checkpoint = new SupernetCheckpoint(dir);
            checkpoint.save(saved, new Shape(4), List.of(new SupernetCheckpoint.Epoch(metrics, saved.probabilities())));

            Supernet restored = Supernet.build(space, 2);
            restored.block().initialize(manager, DataType.FLOAT32, new Shape(1, 4));
            List<SupernetCheckpoint.Epoch> epochs = checkpoint.restore(restored, manager);
            assertEquals(List.of(new SupernetCheckpoint.Epoch(metrics, saved.probabilities())), epochs);
            assertEquals(saved.probabilities(), restored.probabilities());
        }
    }
}
