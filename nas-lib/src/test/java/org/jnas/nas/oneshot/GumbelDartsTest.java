package org.jnas.nas.oneshot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.core.Linear;
import ai.djl.training.GradientCollector;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.jnas.nas.space.Layers;
import org.jnas.nas.space.ModelSpace;
import org.jnas.nas.space.Sample;
import org.jnas.nas.testing.FreedMemory;
import org.junit.jupiter.api.Test;

/** GumbelDARTS and GDAS: their relaxations, the temperature schedule, and the planted choice. */
class GumbelDartsTest {

    @Test
    void gumbelDartsPutsTheProbabilityOnTheLinearOfAPlantedChoiceAgainstZero() {
        ModelSpace space = ModelSpace.define("planted", s -> s.layerChoice("op",
                () -> Layers.zero(1),
                () -> Linear.builder().setUnits(4).build()));
        OneShotResult result = OneShotSearch.gumbelDarts(space, OneShotSearchTest.planted(1280, 3))
                .epochs(20).warmupEpochs(5).batchSize(32).seed(3).run();

        List<Double> p = result.probabilities().get("op");
        assertTrue(p.get(1) > 0.5, "the Linear is the more likely candidate: " + p);
        assertEquals(Sample.of(Map.of("op", 1)), result.sample());
        for (int epoch = 0; epoch < 20; epoch++) {
            assertEquals(Relaxation.Gumbel.temperature(epoch, 20), result.epochs().get(epoch).get("temperature"), 1e-12,
                    "epoch " + epoch + " ran at the scheduled temperature");
        }
    }

    @Test
    void theTemperatureFallsLinearlyPerEpochFromOneTowardsAThird() {
        assertEquals(1.0, Relaxation.Gumbel.temperature(0, 10), 1e-12);
        assertEquals(0.33 + 0.67 * 0.5, Relaxation.Gumbel.temperature(5, 10), 1e-12);
        assertEquals(0.33 + 0.67 * 0.1, Relaxation.Gumbel.temperature(9, 10), 1e-12);
        for (int epoch = 1; epoch < 10; epoch++) {
            double step = Relaxation.Gumbel.temperature(epoch - 1, 10) - Relaxation.Gumbel.temperature(epoch, 10);
            assertEquals(0.067, step, 1e-12, "the same fall each epoch");
        }
    }

    @Test
    void theWeightsAreSoftmaxOfLogitsPlusSeededGumbelNoiseOverTheTemperature() {
        float[] logits = {0.5f, -0.2f, 0.1f};
        try (NDManager manager = NDManager.newBaseManager()) {
            Relaxation.Gumbel gumbel = new Relaxation.Gumbel(11);
            gumbel.setTemperature(0.5);
            float[] first = gumbel.weights(manager.create(logits)).toFloatArray();
            float[] second = gumbel.weights(manager.create(logits)).toFloatArray();

            Random random = new Random(11);
            assertArrayEquals(expected(logits, random, 0.5), first, 1e-6f);
            assertArrayEquals(expected(logits, random, 0.5), second, 1e-6f, "each draw takes fresh noise");
            assertFalse(Arrays.equals(first, second));

            Relaxation.Gumbel again = new Relaxation.Gumbel(11);
            again.setTemperature(0.5);
            assertArrayEquals(first, again.weights(manager.create(logits)).toFloatArray(), "the same seed, the same noise");
        }
    }

    @Test
    void theRelaxationIsDifferentiableInTheLogits() {
        try (NDManager manager = NDManager.newBaseManager();
                GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray logits = manager.create(new float[] {0.1f, 0.2f});
            logits.setRequiresGradient(true);
            NDArray w = new Relaxation.Gumbel(1).weights(logits);
            collector.backward(w.get(0));
            float[] g = logits.getGradient().toFloatArray();
            assertTrue(g[0] > 0 && g[1] < 0, "raising a logit raises its weight: " + Arrays.toString(g));
        }
    }

    @Test
    void theLogitsGradientStaysRightWhenTheGarbageCollectorReusesFreedMemory() throws Exception {
        for (int seed = 0; seed < 3; seed++) {
            try (NDManager manager = NDManager.newBaseManager();
                    ai.djl.training.GradientCollector collector = ai.djl.engine.Engine.getInstance().newGradientCollector()) {
                NDArray logits = manager.create(new float[] {0.1f, 0.2f});
                logits.setRequiresGradient(true);
                Relaxation.Gumbel gumbel = new Relaxation.Gumbel(seed);
                gumbel.setTemperature(0.5);
                NDArray w = gumbel.weights(logits);
                // the search's backward pass runs after other steps' garbage: the temperature must not be in it
                FreedMemory.reuse();
                collector.backward(w.get(0));
                float[] p = w.toFloatArray();
                float[] g = logits.getGradient().toFloatArray();
                float expected = (float) (p[0] * (1 - p[0]) / 0.5);
                assertArrayEquals(new float[] {expected, -expected}, g, 1e-5f,
                        "d softmax((alpha + g) / T)_0 / d alpha, seed " + seed);
            }
        }
    }

    @Test
    void gdasPutsTheProbabilityOnTheLinearOfAPlantedChoiceAgainstZero() {
        ModelSpace space = ModelSpace.define("planted", s -> s.layerChoice("op",
                () -> Layers.zero(1),
                () -> Linear.builder().setUnits(4).build()));
        OneShotResult result = OneShotSearch.gdas(space, OneShotSearchTest.planted(1280, 3))
                .epochs(20).warmupEpochs(5).batchSize(32).seed(3).run();

        List<Double> p = result.probabilities().get("op");
        assertTrue(p.get(1) > 0.5, "the Linear is the more likely candidate: " + p);
        assertEquals(Sample.of(Map.of("op", 1)), result.sample());
        assertEquals(Relaxation.Gumbel.temperature(19, 20), result.epochs().get(19).get("temperature"), 1e-12);
    }

    @Test
    void theHardVariantRunsTheArgmaxAloneAndPassesTheSoftGradientStraightThrough() {
        float[] logits = {0.5f, -0.2f, 0.1f};
        float[] upstream = {0.3f, -1.2f, 0.8f};
        try (NDManager manager = NDManager.newBaseManager()) {
            for (int seed = 0; seed < 5; seed++) {
                float[][] soft = weightsAndGradient(manager, new Relaxation.Gumbel(seed), logits, upstream);
                float[][] hard = weightsAndGradient(manager, new HardGumbel(new Relaxation.Gumbel(seed)), logits, upstream);
                int argmax = 0;
                for (int i = 1; i < 3; i++) {
                    argmax = soft[0][i] > soft[0][argmax] ? i : argmax;
                }
                float[] oneHot = new float[3];
                oneHot[argmax] = 1;
                assertArrayEquals(oneHot, hard[0], "seed " + seed + ": the argmax of the same noisy draw, exactly");
                assertArrayEquals(soft[1], hard[1], 1e-7f, "seed " + seed + ": the soft relaxation's gradient");
            }
        }
    }

    /** The weights, and the gradient of {@code <upstream, weights>} with respect to the logits. */
    private static float[][] weightsAndGradient(NDManager manager, Relaxation relaxation, float[] logits, float[] upstream) {
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray l = manager.create(logits);
            l.setRequiresGradient(true);
            NDArray w = relaxation.weights(l);
            collector.backward(w.mul(manager.create(upstream)).sum());
            return new float[][] {w.toFloatArray(), l.getGradient().toFloatArray()};
        }
    }

    private static float[] expected(float[] logits, Random random, double temperature) {
        double[] z = new double[logits.length];
        double sum = 0;
        for (int i = 0; i < logits.length; i++) {
            double g = -Math.log(-Math.log(random.nextDouble()));
            z[i] = Math.exp((logits[i] + g) / temperature);
            sum += z[i];
        }
        float[] w = new float[logits.length];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) (z[i] / sum);
        }
        return w;
    }
}
