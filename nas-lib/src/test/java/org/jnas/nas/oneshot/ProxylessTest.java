package org.jnas.nas.oneshot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.core.Linear;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.jnas.nas.space.ChoiceKind;
import org.jnas.nas.space.Layers;
import org.jnas.nas.space.ModelSpace;
import org.jnas.nas.space.Sample;
import org.junit.jupiter.api.Test;

/** Proxyless: its binary gates, their gradient estimator, and the planted choice. */
class ProxylessTest {
    private static final float[][] OUTPUTS = {{1f, -2f}, {0.5f, 3f}, {-1f, 0.25f}};
    private static final float[] UPSTREAM = {0.7f, -0.3f};

    @Test
    void theGatesRunTheDrawnPathAndGiveAlphaTheProxylessEstimator() {
        float[] logits = {0.3f, -0.2f, 0.5f};
        double[] p = softmax(logits);
        for (int seed = 0; seed < 6; seed++) {
            int drawn = PolicySampling.draw(asList(p), 1, new Random(seed)).get(0);
            float[][] result = mix(logits, new ProxylessGates(new Random(seed)), null);
            assertArrayEquals(OUTPUTS[drawn], result[0], 1e-7f, "the forward pass is the drawn path's output alone");
            // dL/dg_j = <dL/dy, out_j>; dL/dalpha_i = sum_j dL/dg_j p_j (delta_ij - p_i)
            float[] expected = new float[3];
            for (int i = 0; i < 3; i++) {
                double sum = 0;
                for (int j = 0; j < 3; j++) {
                    sum += dot(UPSTREAM, OUTPUTS[j]) * p[j] * ((i == j ? 1 : 0) - p[i]);
                }
                expected[i] = (float) sum;
            }
            assertArrayEquals(expected, result[1], 1e-6f, "seed " + seed + ": the estimator whatever path is drawn");
        }
    }

    @Test
    void anInputChoiceOfTwoGatesTwoDrawnInputsEachAtAHalf() {
        float[] logits = {0.1f, 0.9f, -0.4f};
        ArchitectureParameter alpha = new ArchitectureParameter("in", ChoiceKind.INPUT, 3, 2, new Random(1));
        List<Integer> drawn = new ArrayList<>(PolicySampling.draw(asList(softmax(logits)), 2, new Random(4)));
        float[] y = mix(logits, new ProxylessGates(new Random(4)), alpha)[0];
        for (int k = 0; k < 2; k++) {
            float mean = (OUTPUTS[drawn.get(0)][k] + OUTPUTS[drawn.get(1)][k]) / 2;
            assertEquals(mean, y[k], 1e-6f, "the mean of the two drawn inputs (the mixed input scales a sum by 2)");
        }
    }

    @Test
    void proxylessPutsTheProbabilityOnTheLinearOfAPlantedChoiceAgainstZero() {
        ModelSpace space = ModelSpace.define("planted", s -> s.layerChoice("op",
                () -> Layers.zero(1),
                () -> Linear.builder().setUnits(4).build()));
        OneShotResult result = OneShotSearch.proxyless(space, OneShotSearchTest.planted(1280, 3))
                .epochs(20).warmupEpochs(5).batchSize(32).seed(3).run();

        List<Double> p = result.probabilities().get("op");
        assertTrue(p.get(1) > 0.5, "the Linear is the more likely candidate: " + p);
        assertEquals(Sample.of(Map.of("op", 1)), result.sample());
        assertTrue(result.epochs().get(19).containsKey("architecture_loss"), result.epochs().toString());
    }

    /**
     * {@code sum_j w_j out_j} with the gates' weights, and the gradient of {@code <UPSTREAM, y>} with
     * respect to the logits.
     */
    private static float[][] mix(float[] logits, ProxylessGates gates, ArchitectureParameter alpha) {
        try (NDManager manager = NDManager.newBaseManager(); GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray l = manager.create(logits);
            l.setRequiresGradient(true);
            NDArray w = alpha == null ? gates.weights(l) : gates.weights(alpha, l);
            NDArray y = null;
            for (int j = 0; j < OUTPUTS.length; j++) {
                NDArray term = manager.create(OUTPUTS[j]).mul(w.get(j));
                y = y == null ? term : y.add(term);
            }
            collector.backward(y.mul(manager.create(UPSTREAM)).sum());
            return new float[][] {y.toFloatArray(), l.getGradient().toFloatArray()};
        }
    }

    static double[] softmax(float[] logits) {
        double[] e = new double[logits.length];
        double sum = 0;
        for (int i = 0; i < logits.length; i++) {
            e[i] = Math.exp(logits[i]);
            sum += e[i];
        }
        for (int i = 0; i < e.length; i++) {
            e[i] /= sum;
        }
        return e;
    }

    private static List<Double> asList(double[] values) {
        List<Double> list = new ArrayList<>();
        for (double v : values) {
            list.add(v);
        }
        return list;
    }

    private static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }
}
