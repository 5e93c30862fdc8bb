package org.jnas.nas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jnas.nas.oneshot.OneShot;
import org.jnas.nas.space.ModelSpace;
import org.jnas.nas.space.Sample;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * DARTS holds the scale and shift of a candidate's BatchNorm at 1 and 0 (its search model's
 * affine=False), in a search and in its resumption, and leaves the BatchNorm outside the choices
 * to learn them; the retrained architecture learns its own, as the space writes it.
 */
@Timeout(120)
class CandidateNormScaleTest {

    /** A BatchNorm before the choice, and one in each candidate, all with scale and shift (DJL's default). */
    private static final ModelSpace SPACE = ModelSpace.define("normed", s -> new SequentialBlock()
            .add(Linear.builder().setUnits(8).build())
            .add(BatchNorm.builder().build())
            .add(s.layerChoice("op",
                    () -> new SequentialBlock().add(Linear.builder().setUnits(8).build()).add(BatchNorm.builder().build()),
                    () -> new SequentialBlock().add(Linear.builder().setUnits(8).build()).add(BatchNorm.builder().build())
                            .add(Activation.reluBlock())))
            .add(Linear.builder().setUnits(4).build()));

    @Test
    void aCandidatesBatchNormKeepsScaleOneAndShiftZeroWhileTheOneOutsideLearns(@TempDir Path home) throws Exception {
        String id;
        try (Experiment exp = search(Experiment.create(SPACE, OneShotExperimentTest.evaluator(400),
                OneShot.darts().epochs(1)), home)) {
            assertScales(exp);
            id = exp.id();
        }
        // a resumed search loads the checkpoint and trains on: the candidate's stay as they were
        try (Experiment resumed = search(Experiment.resume(home, id, SPACE, OneShotExperimentTest.evaluator(400),
                OneShot.darts().epochs(3)), home)) {
            assertEquals(3.0, resumed.trials().get(1).finalMetrics().get("epochs"), () -> resumed.trials().toString());
            assertScales(resumed);
        }
    }

    private static Experiment search(Experiment exp, Path home) throws InterruptedException {
        exp.config().home(home).devicePolicy(DevicePolicy.CPU);
        exp.run();
        return exp;
    }

    /** The gammas and betas of the subnet of each candidate, as extracted with its inherited weights. */
    private static void assertScales(Experiment exp) {
        for (int op = 0; op < 2; op++) {
            try (Model subnet = exp.extractSubnet(Sample.of(Map.of("op", op)))) {
                List<NDArray> gammas = of(subnet, Parameter.Type.GAMMA);
                List<NDArray> betas = of(subnet, Parameter.Type.BETA);
                assertEquals(2, gammas.size());
                // (its shift stays near 0 here: a BatchNorm follows in every candidate, which takes away
                // any shift of its input, so the shift's gradient sums to 0 over a batch)
                assertTrue(gammas.get(0).sub(1).abs().max().getFloat() > 1e-3, "the BatchNorm outside the choice learns");
                assertEquals(0f, gammas.get(1).sub(1).abs().max().getFloat(), "candidate " + op + "'s scale stays 1");
                assertEquals(0f, betas.get(1).abs().max().getFloat(), "candidate " + op + "'s shift stays 0");
            }
        }
    }

    private static List<NDArray> of(Model model, Parameter.Type type) {
        return model.getBlock().getParameters().values().stream()
                .filter(p -> p.getType() == type).map(Parameter::getArray).toList();
    }
}
