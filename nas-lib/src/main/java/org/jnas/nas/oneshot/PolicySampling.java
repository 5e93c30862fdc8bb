package org.jnas.nas.oneshot;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.jnas.nas.space.ChoiceKind;

/**
 * Paths drawn from the labels' probabilities softmax(alpha), as Proxyless and ENAS sample them:
 * one candidate per layer choice or repeat, and an input choice's k inputs one after the other
 * without replacement, each from the probabilities of the inputs not yet drawn (Plackett-Luce).
 */
final class PolicySampling {
    private PolicySampling() {
    }

    /** Per label, the candidates drawn from its probabilities, in the order they were drawn. */
    static Map<String, List<Integer>> draw(Supernet supernet, Random random) {
        Map<String, List<Integer>> draws = new LinkedHashMap<>();
        supernet.parameters().forEach((label, alpha) -> draws.put(label, draw(alpha.probabilities(),
                alpha.kind() == ChoiceKind.INPUT ? alpha.numChosen() : 1, random)));
        return draws;
    }

    /** The path of {@code draws}: each label's candidates sorted, as the mixed blocks take them. */
    static Map<String, List<Integer>> path(Map<String, List<Integer>> draws) {
        Map<String, List<Integer>> path = new LinkedHashMap<>();
        draws.forEach((label, drawn) -> {
            List<Integer> sorted = new ArrayList<>(drawn);
            sorted.sort(null);
            path.put(label, List.copyOf(sorted));
        });
        return path;
    }

    /** {@code count} distinct indices drawn from {@code probabilities}, in the order drawn. */
    static List<Integer> draw(List<Double> probabilities, int count, Random random) {
        boolean[] taken = new boolean[probabilities.size()];
        List<Integer> drawn = new ArrayList<>(count);
        for (int n = 0; n < count; n++) {
            double left = 0;
            int last = -1;
            for (int i = 0; i < taken.length; i++) {
                if (!taken[i]) {
                    left += probabilities.get(i);
                    last = i;
                }
            }
            double u = random.nextDouble() * left;
            int chosen = last;
            for (int i = 0; i < taken.length; i++) {
                if (!taken[i]) {
                    u -= probabilities.get(i);
                    if (u < 0) {
                        chosen = i;
                        break;
                    }
                }
            }
            taken[chosen] = true;
            drawn.add(chosen);
        }
        return List.copyOf(drawn);
    }
}
