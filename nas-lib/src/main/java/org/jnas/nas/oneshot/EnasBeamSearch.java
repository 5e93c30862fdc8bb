package org.jnas.nas.oneshot;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
     * probability summed over the orders it can be drawn in; the sets in lexicographic order.
     */
    static Map<List<Integer>, Double> sets(double[] p, int k) {
        Map<List<Integer>, Double> sets = new LinkedHashMap<>();
        draw(p, k, new ArrayList<>(), 1, 1, sets);
        return sets;
    }

    /** Every way to draw the rest of {@code k} after {@code drawn} (probability {@code q}, leaving {@code left}), into {@code sets}. */
    private static void draw(double[] p, int k, List<Integer> drawn, double q, double left, Map<List<Integer>, Double> sets) {
        if (drawn.size() == k) {
            sets.merge(drawn.stream().sorted().toList(), q, Double::sum);
            return;
        }
        for (int a = 0; a < p.length; a++) {
            if (!drawn.contains(a)) {
                drawn.add(a);
                draw(p, k, drawn, q * p[a] / left, left - p[a], sets);
                drawn.remove(drawn.size() - 1);
            }
        }
    }
}
