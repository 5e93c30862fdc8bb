package org.jnas.nas.oneshot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.util.List;
import java.util.Random;
import org.jnas.nas.space.ChoiceKind;
import org.junit.jupiter.api.Test;

/** The architecture parameters' own Adam and what they report. */
class ArchitectureParameterTest {

    @Test
    void itsAdamStepIsDjlsAdamWithNnisSettings() {
        ArchitectureParameter alpha = new ArchitectureParameter("op", ChoiceKind.LAYER, 3, 1, new Random(4));
        float[][] gradients = {{0.5f, -0.2f, 0.1f}, {0.3f, 0.4f, -0.6f}, {-0.1f, 0.2f, 0.05f}};
        Optimizer adam = Optimizer.adam().optLearningRateTracker(Tracker.fixed(3e-4f))
                .optBeta1(0.5f).optBeta2(0.999f).optWeightDecays(1e-3f).build();
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray weights = manager.create(alpha.logits());
            for (float[] g : gradients) {
                alpha.adamStep(g, 3e-4, DartsSteps.BETA1, DartsSteps.BETA2, DartsSteps.ARCHITECTURE_WEIGHT_DECAY);
                adam.update("alpha", weights, manager.create(g));
            }
            assertArrayEquals(weights.toFloatArray(), alpha.logits(), 1e-7f);
        }
    }

    @Test
    void probabilitiesAreTheSoftmaxOfTheLogitsAndTopTakesTheLargest() {
        ArchitectureParameter alpha = new ArchitectureParameter("in", ChoiceKind.INPUT, 4, 2, new Random(1));
        alpha.adamStep(new float[] {1, -1, 1, -1}, 0.1, 0.5, 0.999, 0);
        float[] l = alpha.logits();
        double z = 0;
        for (float v : l) {
            z += Math.exp(v);
        }
        List<Double> p = alpha.probabilities();
        for (int i = 0; i < l.length; i++) {
            assertEquals(Math.exp(l[i]) / z, p.get(i), 1e-12);
        }
        assertEquals(List.of(1, 3), alpha.top());
    }
}
