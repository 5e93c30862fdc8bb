package org.jnas.nas.oneshot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.nn.core.Linear;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.jnas.nas.space.Layers;
import org.jnas.nas.space.ModelSpace;
import org.jnas.nas.space.Sample;
import org.junit.jupiter.api.Test;

/** ENAS: the REINFORCE gradient of its controller, its draws, and the planted choice. */
class EnasTest {

    @Test
    void aPolicyPerLabelPutsTheProbabilityOnTheLinearOfAPlantedChoiceAgainstZero() {
        ModelSpace space = ModelSpace.define("planted", s -> s.layerChoice("op",
                () -> Layers.zero(1),
                () -> Linear.builder().setUnits(4).build()));
        OneShotResult result = OneShotSearch.enas(space, OneShotSearchTest.planted(1280, 3)).lstmController(false)
                .epochs(20).warmupEpochs(5).batchSize(32).seed(3).run();

        List<Double> p = result.probabilities().get("op");
        assertTrue(p.get(1) > 0.5, "the Linear is the more likely candidate: " + p);
        assertEquals(Sample.of(Map.of("op", 1)), result.sample());
        double reward = result.epochs().get(19).get("reward");
        assertTrue(reward > 0.25 && reward <= 1, "the last epoch's mean reward is an accuracy: " + result.epochs().get(19));
        assertEquals(null, result.epochs().get(0).get("reward"), "no controller step during warm-up");
    }

    @Test
    void theGradientOfOneDrawIsTheScoreFunctionTimesTheAdvantageMinusTheEntropyBonus() {
        List<Double> p = List.of(0.2, 0.5, 0.3);
        double entropy = -(0.2 * Math.log(0.2) + 0.5 * Math.log(0.5) + 0.3 * Math.log(0.3));
        float[] g = EnasController.gradient(p, List.of(1), 0.4);
        for (int i = 0; i < 3; i++) {
            double score = (i == 1 ? 1 : 0) - p.get(i);
            double dEntropy = -p.get(i) * (Math.log(p.get(i)) + entropy);
            assertEquals(-0.4 * score - EnasController.ENTROPY_WEIGHT * dEntropy, g[i], 1e-7, "logit " + i);
        }
    }

    @Test
    void theGradientOfTwoInputsDrawnInOrderIsThatOfTheirSequencesLogProbability() {
        double[] logits = {0.2, -0.5, 0.9, 0.1};
        List<Integer> drawn = List.of(2, 0);
        float[] g = EnasController.gradient(probabilities(logits), drawn, 1.0);
        // -d log pi / d l by central differences of log pi = log p_2 + log (p_0 / (1 - p_2)); the
        // entropy bonus is 1e-4 of a term of order 1, below the tolerance
        for (int i = 0; i < logits.length; i++) {
            double[] up = logits.clone();
            double[] down = logits.clone();
            up[i] += 1e-5;
            down[i] -= 1e-5;
            double numeric = -(logPi(up, drawn) - logPi(down, drawn)) / 2e-5;
            assertEquals(numeric, g[i], 1e-3, "logit " + i);
        }
    }

    @Test
    void drawsFollowTheProbabilitiesWithoutReplacement() {
        Random random = new Random(2);
        int[] counts = new int[3];
        for (int n = 0; n < 20_000; n++) {
            List<Integer> two = PolicySampling.draw(List.of(0.6, 0.3, 0.1), 2, random);
            assertTrue(!two.get(0).equals(two.get(1)), "distinct inputs: " + two);
            counts[two.get(0)]++;
        }
        assertArrayEquals(new double[] {0.6, 0.3, 0.1}, new double[] {counts[0] / 20_000.0, counts[1] / 20_000.0,
                counts[2] / 20_000.0}, 0.015, "the first draw follows p");
    }

    @Test
    void aCostPenaltyIsRefusedForRandomOneShot() {
        ModelSpace space = ModelSpace.define("planted", s -> s.layerChoice("op",
                () -> Layers.zero(1), () -> Linear.builder().setUnits(4).build()));
        var data = OneShotSearchTest.planted(64, 1);
        assertThrows(IllegalStateException.class,
                () -> OneShotSearch.randomOneShot(space, data).costPenalty(OneShotSearch.Cost.MACS, 1));
    }

    private static List<Double> probabilities(double[] logits) {
        double sum = 0;
        for (double l : logits) {
            sum += Math.exp(l);
        }
        final double z = sum;
        return Arrays.stream(logits).map(l -> Math.exp(l) / z).boxed().toList();
    }

    private static double logPi(double[] logits, List<Integer> drawn) {
        List<Double> p = probabilities(logits);
        double left = 1;
        double log = 0;
        for (int a : drawn) {
            log += Math.log(p.get(a) / left);
            left -= p.get(a);
        }
        return log;
    }
}
