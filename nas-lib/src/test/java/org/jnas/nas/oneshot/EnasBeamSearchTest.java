package org.jnas.nas.oneshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The most likely architectures of ENAS's LSTM, against every architecture's probability worked out one by one. */
class EnasBeamSearchTest {
    /** A layer choice, an input choice of 2 of 4 inputs, another layer choice: 3 x 6 x 2 = 36 architectures. */
    private static final List<EnasLstm.Label> LABELS = List.of(
            new EnasLstm.Label("a", 3, 1), new EnasLstm.Label("b", 4, 2), new EnasLstm.Label("c", 2, 1));
    /** The input choice's candidates: every pair of its 4 inputs. */
    private static final List<List<Integer>> PAIRS = List.of(List.of(0, 1), List.of(0, 2), List.of(0, 3), List.of(1, 2),
            List.of(1, 3), List.of(2, 3));

    @Test
    void aBeamAsWideAsTheSpaceGivesEveryArchitectureWithItsProbabilityMostLikelyFirst() {
        for (long seed = 1; seed <= 5; seed++) {
            EnasLstm lstm = new EnasLstm(LABELS, 8, new Random(seed));
            List<EnasBeamSearch.Ranked> all = everyArchitecture(lstm);
            assertEquals(1, all.stream().mapToDouble(EnasBeamSearch.Ranked::probability).sum(), 1e-12,
                    "the policy's probabilities of the 36 architectures sum to 1");
            List<EnasBeamSearch.Ranked> beam = EnasBeamSearch.mostLikely(lstm, 36);
            assertEquals(36, beam.size());
            for (int r = 0; r < 36; r++) {
                assertEquals(all.get(r).probability(), beam.get(r).probability(), 1e-12, "seed " + seed + " rank " + (r + 1));
                // two architectures may be equally likely only by chance; then either order is right
                assertEquals(probability(lstm, all, beam.get(r).draws()), beam.get(r).probability(), 1e-12);
            }
            // a narrower beam keeps the most likely of what it has seen (not always the top 3), each
            // with its own probability, most likely first
            List<EnasBeamSearch.Ranked> narrow = EnasBeamSearch.mostLikely(lstm, 3);
            assertEquals(3, narrow.size());
            for (int r = 0; r < 3; r++) {
                assertEquals(probability(lstm, all, narrow.get(r).draws()), narrow.get(r).probability(), 1e-12);
                assertTrue(r == 0 || narrow.get(r).probability() <= narrow.get(r - 1).probability());
            }
        }
    }

    @Test
    void theMostLikelyArchitectureIsNotAlwaysTheGreedyPath() {
        int differ = 0;
        for (long seed = 1; seed <= 40; seed++) {
            EnasLstm lstm = new EnasLstm(LABELS, 8, new Random(seed));
            Map<String, List<Double>> greedy = lstm.greedy();
            Map<String, List<Integer>> path = new LinkedHashMap<>();
            greedy.forEach((label, p) -> path.put(label, top(p, label.equals("b") ? 2 : 1)));
            EnasBeamSearch.Ranked best = EnasBeamSearch.mostLikely(lstm, 36).get(0);
            double greedyProbability = probability(lstm, everyArchitecture(lstm), path);
            assertTrue(best.probability() >= greedyProbability - 1e-12, "seed " + seed);
            differ += best.draws().equals(path) ? 0 : 1;
        }
        assertTrue(differ > 0, "in 40 controllers the greedy path was always the most likely: the test shows nothing");
    }

    @Test
    void anInputChoicesSetIsAsLikelyAsItsDrawsInEveryOrder() {
        double[] p = {0.1, 0.2, 0.3, 0.4};
        Map<List<Integer>, Double> pairs = EnasBeamSearch.sets(p, 2);
        assertEquals(PAIRS, List.copyOf(pairs.keySet()), "every pair once, in lexicographic order");
        // {0, 3}: 0 then 3, or 3 then 0
        assertEquals(0.1 * 0.4 / 0.9 + 0.4 * 0.1 / 0.6, pairs.get(List.of(0, 3)), 1e-15);
        assertEquals(1, pairs.values().stream().mapToDouble(Double::doubleValue).sum(), 1e-12);
        assertEquals(List.of(List.of(0), List.of(1), List.of(2), List.of(3)), List.copyOf(EnasBeamSearch.sets(p, 1).keySet()));
        assertEquals(0.3, EnasBeamSearch.sets(p, 1).get(List.of(2)), 1e-15);
        assertEquals(1, EnasBeamSearch.sets(p, 4).get(List.of(0, 1, 2, 3)), 1e-12, "all four, in any of 24 orders");
        assertEquals(10, EnasBeamSearch.sets(new double[] {0.2, 0.2, 0.2, 0.2, 0.2}, 3).size());
        // 4 of 16 inputs: 1,820 sets, 24 orders each, summed without listing the orders
        double[] sixteen = new double[16];
        for (int i = 0; i < 16; i++) {
            sixteen[i] = (i + 1) / 136.0;
        }
        Map<List<Integer>, Double> fours = EnasBeamSearch.sets(sixteen, 4);
        assertEquals(1820, fours.size());
        assertEquals(1, fours.values().stream().mapToDouble(Double::doubleValue).sum(), 1e-12);
        assertEquals(List.of(0, 1, 2, 3), fours.keySet().iterator().next());
    }

    /**
     * Every architecture of {@link #LABELS} with its probability under {@code lstm}, most likely
     * first: an input choice's set summed over both orders it can be drawn in, each order's
     * probability from {@link EnasLstm#logProbability}.
     */
    private static List<EnasBeamSearch.Ranked> everyArchitecture(EnasLstm lstm) {
        List<EnasBeamSearch.Ranked> all = new ArrayList<>();
        for (int a = 0; a < 3; a++) {
            for (List<Integer> b : PAIRS) {
                for (int c = 0; c < 2; c++) {
                    double p = 0;
                    for (List<Integer> order : List.of(b, List.of(b.get(1), b.get(0)))) {
                        p += Math.exp(lstm.logProbability(Map.of("a", List.of(a), "b", order, "c", List.of(c))));
                    }
                    all.add(new EnasBeamSearch.Ranked(Map.of("a", List.of(a), "b", b, "c", List.of(c)), p));
                }
            }
        }
        all.sort(Comparator.comparingDouble(EnasBeamSearch.Ranked::probability).reversed());
        return all;
    }

    private static double probability(EnasLstm lstm, List<EnasBeamSearch.Ranked> all, Map<String, List<Integer>> draws) {
        return all.stream().filter(r -> r.draws().equals(draws)).findFirst().orElseThrow().probability();
    }

    /** The {@code k} largest of {@code p}'s indices, ascending. */
    private static List<Integer> top(List<Double> p, int k) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < p.size(); i++) {
            order.add(i);
        }
        order.sort((x, y) -> Double.compare(p.get(y), p.get(x)));
        return order.subList(0, k).stream().sorted().toList();
    }
}
