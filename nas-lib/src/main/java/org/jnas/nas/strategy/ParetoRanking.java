package org.jnas.nas.strategy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * NSGA-II's ranking of a population: the fast non-dominated sort (front 0 is the Pareto front, front
 * 1 what is left once it is taken away, ...) and, within each front, the crowding distance (the
 * perimeter of the box its neighbours span in every objective, normalised by the objective's range;
 * infinite at each objective's extremes, so that the ends of a front are kept).
 */
final class ParetoRanking {
    private ParetoRanking() {}

    /** Sets each member's rank and crowding distance. Scores are finite, larger better. */
    static void rank(List<Nsga2.Member> members) {
        int n = members.size();
        List<List<Integer>> dominates = new ArrayList<>(n);
        int[] dominatedBy = new int[n];
        List<Integer> front = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            dominates.add(new ArrayList<>());
        }
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double[] a = members.get(i).scores;
                double[] b = members.get(j).scores;
                if (dominates(a, b)) {
                    dominates.get(i).add(j);
                    dominatedBy[j]++;
                } else if (dominates(b, a)) {
                    dominates.get(j).add(i);
                    dominatedBy[i]++;
                }
            }
        }
        for (int i = 0; i < n; i++) {
            if (dominatedBy[i] == 0) {
                front.add(i);
            }
        }
        for (int rank = 0; !front.isEmpty(); rank++) {
            List<Integer> next = new ArrayList<>();
            for (int i : front) {
                members.get(i).rank = rank;
                for (int j : dominates.get(i)) {
                    if (--dominatedBy[j] == 0) {
                        next.add(j);
                    }
                }
            }
            crowding(front, members);
            front = next;
        }
    }

    private static void crowding(List<Integer> front, List<Nsga2.Member> members) {
        for (int i : front) {
            members.get(i).crowding = 0;
        }
        int objectives = members.get(front.get(0)).scores.length;
        List<Integer> sorted = new ArrayList<>(front);
        for (int k = 0; k < objectives; k++) {
            int objective = k;
            // ties by position, so that equal scores get a deterministic order
            sorted.sort(Comparator.<Integer>comparingDouble(i -> members.get(i).scores[objective]).thenComparingInt(i -> i));
            double low = members.get(sorted.get(0)).scores[k];
            double high = members.get(sorted.get(sorted.size() - 1)).scores[k];
            members.get(sorted.get(0)).crowding = Double.POSITIVE_INFINITY;
            members.get(sorted.get(sorted.size() - 1)).crowding = Double.POSITIVE_INFINITY;
            if (high == low) {
                continue;
            }
            for (int s = 1; s < sorted.size() - 1; s++) {
                Nsga2.Member m = members.get(sorted.get(s));
                m.crowding += (members.get(sorted.get(s + 1)).scores[k] - members.get(sorted.get(s - 1)).scores[k]) / (high - low);
            }
        }
    }

    /** Whether {@code a} is at least as good as {@code b} in every score and better in one. */
    static boolean dominates(double[] a, double[] b) {
        boolean better = false;
        for (int k = 0; k < a.length; k++) {
            if (a[k] < b[k]) {
                return false;
            }
            better |= a[k] > b[k];
        }
        return better;
    }
}
