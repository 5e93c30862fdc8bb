package org.jnas.nas.space;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** The k-of-n index combinations of an input choice, in lexicographic order. */
final class Combinations {
    private Combinations() {}

    /**
     * Passes each sorted combination of {@code k} of {@code 0..n-1} to {@code sink}, lexicographically.
     *
     * @throws IllegalArgumentException naming {@code label} when there are more than {@code limit}
     */
    static void forEach(int n, int k, int limit, String label, Consumer<List<Integer>> sink) {
        int[] c = new int[k];
        for (int i = 0; i < k; i++) {
            c[i] = i;
        }
        int count = 0;
        while (true) {
            if (++count > limit) {
                throw new IllegalArgumentException("label '" + label + "': choosing " + k + " of " + n
                        + " inputs has more than " + limit + " combinations");
            }
            List<Integer> combination = new ArrayList<>(k);
            for (int v : c) {
                combination.add(v);
            }
            sink.accept(List.copyOf(combination));
            int i = k - 1;
            while (i >= 0 && c[i] == n - k + i) {
                i--;
            }
            if (i < 0) {
                return;
            }
            c[i]++;
            for (int j = i + 1; j < k; j++) {
                c[j] = c[j - 1] + 1;
            }
        }
    }
}
