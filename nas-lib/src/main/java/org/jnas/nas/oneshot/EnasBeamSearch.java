package org.jnas.nas.oneshot;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The most likely architectures under ENAS's LSTM ({@link EnasLstm}): its policy conditions each
 * label on the ones before it, so an architecture's probability is not a product of per-label
 * distributions, and the most likely ones are found by a beam search over the labels in the
 * LSTM's order, as sequence decoders find their most likely outputs.
 */
final class EnasBeamSearch {
    /**
     * An architecture the policy draws: per label, the candidates (an input choice's k inputs in
     * ascending order), and the probability that a draw gives them.
     */
    record Ranked(Map<String, List<Integer>> draws, double probability) {
    }

    /** A partial architecture of the beam: the labels decided so far, their probability, the LSTM's state after them. */
    private record Partial(Map<String, List<Integer>> draws, double probability, double[] x, double[] h, double[] c) {
    }

    /** A partial architecture of the beam ({@code parent}) extended by a set of the next label's candidates. */
    private record Extension(int parent, List<Integer> set, double probability) {
    }

    private EnasBeamSearch() {
    }

    /**
     * The most likely architectures under {@code lstm}'s policy, most likely first (ties in
     * candidate order), by a beam search of {@code width}: each partial architecture is extended by
     * every candidate of the next label (an input choice's by every set of its k inputs, drawn in any
     * order) and the {@code width} most likely are kept. Exact, the policy's {@code width} most
     * likely architectures, whenever no label's partial architectures outnumber {@code width}
     * (every space of at most {@code width} architectures); otherwise the most likely the beam kept.
     */
    static List<Ranked> mostLikely(EnasLstm lstm, int width) {
        int hidden = lstm.hidden();
        List<Partial> beam = List.of(new Partial(Map.of(), 1, lstm.firstInput(), new double[hidden], new double[hidden]));
        for (int l = 0; l < lstm.labels().size(); l++) {
            EnasLstm.Label label = lstm.labels().get(l);
            List<EnasLstm.Step> steps = new ArrayList<>();
            List<Extension> extensions = new ArrayList<>();
            for (int b = 0; b < beam.size(); b++) {
                Partial partial = beam.get(b);
                EnasLstm.Step step = lstm.step(l, partial.x(), partial.h(), partial.c());
                steps.add(step);
                int parent = b;
                sets(step.p(), label.numChosen()).forEach((set, p) ->
                        extensions.add(new Extension(parent, set, partial.probability() * p)));
            }
            // stable: of two equally likely, the earlier partial architecture and candidate first
            extensions.sort((a, b) -> Double.compare(b.probability(), a.probability()));
            List<Partial> next = new ArrayList<>();
            for (Extension e : extensions.subList(0, Math.min(width, extensions.size()))) {
                EnasLstm.Step step = steps.get(e.parent());
                Map<String, List<Integer>> draws = new LinkedHashMap<>(beam.get(e.parent()).draws());
                draws.put(label.name(), e.set());
                next.add(new Partial(draws, e.probability(), lstm.input(l, e.set()), step.h(), step.c()));
            }
            beam = next;
        }
        return beam.stream().map(p -> new Ranked(Collections.unmodifiableMap(p.draws()), p.probability())).toList();
    }

    /**
     * Every set of {@code k} candidates that drawing {@code k} times from {@code p} without
     * replacement (each draw in proportion to what is left) can give, in ascending order, with its
     * probability summed over the orders it can be drawn in; the sets in lexicographic order. Built
     * set by set, {@code P(T + a) += P(T) p_a / (1 - p(T))}: what is left after drawing T does not
     * depend on the order, so this sums every order without listing them (k! of them per set).
     */
    static Map<List<Integer>, Double> sets(double[] p, int k) {
        Map<List<Integer>, Double> level = Map.of(List.of(), 1.0);
        for (int size = 0; size < k; size++) {
            Map<List<Integer>, Double> next = new HashMap<>();
            for (Map.Entry<List<Integer>, Double> e : level.entrySet()) {
                double left = 1;
                for (int a : e.getKey()) {
                    left -= p[a];
                }
                for (int a = 0; a < p.length; a++) {
                    if (!e.getKey().contains(a) && left > 0) {
                        List<Integer> set = new ArrayList<>(e.getKey());
                        set.add(a);
                        set.sort(null);
                        next.merge(List.copyOf(set), e.getValue() * p[a] / left, Double::sum);
                    }
                }
            }
            level = next;
        }
        Map<List<Integer>, Double> sets = new TreeMap<>(EnasBeamSearch::lexicographic);
        sets.putAll(level);
        return sets;
    }

    private static int lexicographic(List<Integer> a, List<Integer> b) {
        for (int i = 0; i < a.size(); i++) {
            int c = Integer.compare(a.get(i), b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }
}
