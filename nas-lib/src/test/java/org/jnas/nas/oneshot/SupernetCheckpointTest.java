package org.jnas.nas.oneshot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.optimizer.Sgd;
import ai.djl.util.Pair;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
            List<ProbabilityTrace.Point> within = List.of(new ProbabilityTrace.Point(3, Map.of("op", List.of(0.25, 0.75))));
            List<RankedArchitecture> ranked = List.of(new RankedArchitecture(Map.of("op", 1), 0.75),
                    new RankedArchitecture(Map.of("op", 0), 0.25));
            checkpoint.save(saved, SgdMomentum.of(WeightSgd.darts(0.1f).build()), new Shape(4),
                    List.of(new SupernetCheckpoint.Epoch(metrics, saved.probabilities(), within, ranked)),
                    new double[] {Double.NaN, 1.5, -2});

            Supernet restored = Supernet.build(space, 2);
            restored.block().initialize(manager, DataType.FLOAT32, new Shape(1, 4));
            SupernetCheckpoint.Restored read = checkpoint.restore(restored, manager, Optional.empty());
            assertEquals(List.of(new SupernetCheckpoint.Epoch(metrics, saved.probabilities(), within, ranked)), read.epochs(),
                    "ENAS's ranked architectures too");
            assertEquals(saved.probabilities(), restored.probabilities());
            assertArrayEquals(new double[] {Double.NaN, 1.5, -2}, read.controller(),
                    "ENAS's controller: a baseline not yet set, and its weights");
            restored.block().getParameters().values().forEach(p -> assertTrue(p.getArray().hasGradient(),
                    p.getName() + ": the restored weights train on, whatever the next step's path freezes"));
        }
    }

    /**
     * A checkpoint written before the probabilities within an epoch (and an LSTM's ranked
     * architectures) were kept still resumes, with none of them.
     */
    @Test
    void aCheckpointWithoutTheProbabilitiesWithinItsEpochsRestoresWithNone(@TempDir Path dir) throws Exception {
        ModelSpace space = ModelSpace.define("older", s -> s.layerChoice("op",
                () -> Layers.zero(1), () -> Linear.builder().setUnits(4).build()));
        try (NDManager manager = NDManager.newBaseManager()) {
            Supernet saved = Supernet.build(space, 1);
            saved.block().initialize(manager, DataType.FLOAT32, new Shape(1, 4));
            SupernetCheckpoint checkpoint = new SupernetCheckpoint(dir);
            List<ProbabilityTrace.Point> within = List.of(new ProbabilityTrace.Point(3, Map.of("op", List.of(0.25, 0.75))));
            checkpoint.save(saved, SgdMomentum.of(WeightSgd.darts(0.1f).build()), new Shape(4),
                    List.of(new SupernetCheckpoint.Epoch(Map.of("weight_loss", 1.0), saved.probabilities(), within,
                            List.of(new RankedArchitecture(Map.of("op", 1), 0.75)))), null);
            Path state = dir.resolve(SupernetCheckpoint.STATE);
            JsonObject json = JsonParser.parseString(Files.readString(state)).getAsJsonObject();
            json.getAsJsonArray("history").forEach(epoch -> {
                epoch.getAsJsonObject().remove("steps");
                epoch.getAsJsonObject().remove("ranked");
            });
            String older = json.toString();
            assertFalse(older.contains("\"steps\"") || older.contains("\"ranked\""), older);
            Files.writeString(state, older);

            Supernet restored = Supernet.build(space, 2);
            restored.block().initialize(manager, DataType.FLOAT32, new Shape(1, 4));
            List<SupernetCheckpoint.Epoch> epochs = checkpoint.restore(restored, manager, Optional.empty()).epochs();
            assertEquals(List.of(new SupernetCheckpoint.Epoch(Map.of("weight_loss", 1.0), saved.probabilities(), List.of(), List.of())),
                    epochs);
        }
    }

    private static final ModelSpace TWO_LINEARS = ModelSpace.define("momentum", s -> s.layerChoice("op",
            () -> Linear.builder().setUnits(3).build(), () -> Linear.builder().setUnits(3).build()));

    /**
     * The weights' SGD momentum is part of the checkpoint: the step a resumed search takes next is
     * the one the uninterrupted search would have taken, where a momentum at rest takes another.
     */
    @Test
    void theWeightsMomentumIsCheckpointedSoTheNextStepIsTheUninterruptedOne(@TempDir Path dir) {
        try (NDManager manager = NDManager.newBaseManager()) {
            Supernet running = initialised(manager, 1);
            Sgd runningSgd = WeightSgd.darts(0.1f).build();
            step(running, runningSgd, 1f);
            step(running, runningSgd, -0.5f);
            SupernetCheckpoint checkpoint = new SupernetCheckpoint(dir);
            checkpoint.save(running, SgdMomentum.of(runningSgd), new Shape(4), List.of(), null);

            Supernet resumed = initialised(manager, 2);
            Sgd resumedSgd = WeightSgd.darts(0.1f).build();
            checkpoint.restore(resumed, manager, Optional.of(SgdMomentum.of(resumedSgd)));
            Supernet atRest = initialised(manager, 3);
            checkpoint.restore(atRest, manager, Optional.empty());
            assertArrayEquals(weights(running), weights(resumed), "the weights are restored");

            step(running, runningSgd, 2f);
            step(resumed, resumedSgd, 2f);
            step(atRest, WeightSgd.darts(0.1f).build(), 2f);
            assertArrayEquals(weights(running), weights(resumed), 1e-7f);
            assertFalse(Arrays.equals(weights(running), weights(atRest)), "momentum matters to the step");
        }
    }

    private static Supernet initialised(NDManager manager, long seed) {
        Supernet supernet = Supernet.build(TWO_LINEARS, seed);
        supernet.block().initialize(manager, DataType.FLOAT32, new Shape(1, 4));
        return supernet;
    }

    /** One SGD update of every weight by a gradient of {@code value} everywhere. */
    private static void step(Supernet supernet, Sgd sgd, float value) {
        for (Pair<String, Parameter> p : supernet.block().getParameters()) {
            NDArray weight = p.getValue().getArray();
            try (NDArray gradient = weight.onesLike().mul(value)) {
                sgd.update(p.getValue().getId(), weight, gradient);
            }
        }
    }

    private static float[] weights(Supernet supernet) {
        List<Float> all = new ArrayList<>();
        for (Pair<String, Parameter> p : supernet.block().getParameters()) {
            for (float v : p.getValue().getArray().toFloatArray()) {
                all.add(v);
            }
        }
        float[] result = new float[all.size()];
        for (int i = 0; i < result.length; i++) {
            result[i] = all.get(i);
        }
        return result;
    }
}
