package org.jnas.nas.oneshot;

import ai.djl.Device;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jnas.nas.profile.Latency;
import org.jnas.nas.profile.Profile;

/**
 * ProxylessNAS's expected-cost term of the architecture loss:
 * {@code weight * sum_label sum_c p_c cost_c / Z}, with p = softmax(alpha) of the label (without
 * Gumbel noise or sampled gates) and {@code cost_c} what candidate c costs. {@code Z} is the sum over
 * labels of their most expensive candidate's cost, so the term goes from 0 (every label certain of a
 * candidate that costs nothing) to at most {@code weight} (every label certain of its dearest one):
 * a weight of 0.5 trades half a unit of loss (cross-entropy, say) for the whole span of cost. ENAS,
 * which has no architecture loss, subtracts a drawn path's weighted share from its reward ({@link #of}).
 *
 * <p>A candidate's cost is that of its own blocks: parameters (trainable elements), MACs per
 * example ({@link Profile}) or the median latency of a forward pass of one example on the search's
 * device ({@link Latency}: measured once, before training, with the supernet's initial weights),
 * each for the input shape the supernet's shape inference gave the mixed block, batch axis set to
 * 1. A value of a weight-shared value choice ({@link SharedLayer}) costs the layer it builds alone,
 * not its slice of the shared one (the same parameters and MACs, and a time of its own). Choices
 * nested in a candidate are costed under their own labels, not the outer one (latency refuses them:
 * a nested choice runs all its candidates in a supernet). A depth of a repeat costs
 * the blocks up to it; an input choice costs nothing. A label used several times costs the sum of
 * its uses.
 */
final class CostPenalty {
    /** No penalty. */
    static final CostPenalty NONE = new CostPenalty(0, Map.of());

    /** The simple names of the mixed blocks, as the profiler lists them among unknown blocks. */
    private static final Set<String> NESTED = Set.of(MixedLayer.class.getSimpleName(),
            MixedRepeat.class.getSimpleName(), MixedInput.class.getSimpleName(), SharedLinear.class.getSimpleName(),
            SharedConv2d.class.getSimpleName());

    private final double weight;
    /** Per label, per candidate, the cost divided by Z. */
    private final Map<String, double[]> costs;

    private CostPenalty(double weight, Map<String, double[]> costs) {
        this.weight = weight;
        this.costs = costs;
    }

    /**
     * The penalty of {@code weight} on {@code cost} for {@code supernet}, whose block is initialised
     * on {@code device} (where latency is measured).
     *
     * @throws IllegalArgumentException when no candidate costs anything, or (MACs) a candidate holds
     *     a block whose MACs are unknown, or (latency) a candidate holds a choice or takes several
     *     inputs, naming its label
     */
    static CostPenalty of(Supernet supernet, OneShotSearch.Cost cost, double weight, Device device) {
        Map<String, double[]> raw = new LinkedHashMap<>();
        addCosts(supernet.block(), new Measure(cost, device), raw);
        double z = raw.values().stream().mapToDouble(CostPenalty::max).sum();
        if (!(z > 0)) {
            throw new IllegalArgumentException("costPenalty(" + cost + ", " + weight + "): no candidate of the space"
                    + " costs any " + cost.name().toLowerCase(Locale.ROOT)
                    + ", so there is nothing to penalise");
        }
        Map<String, double[]> normalised = new LinkedHashMap<>();
        raw.forEach((label, c) -> {
            double[] n = new double[c.length];
            for (int i = 0; i < c.length; i++) {
                n[i] = c[i] / z;
            }
            normalised.put(label, n);
        });
        return new CostPenalty(weight, normalised);
    }

    /** Per label, each candidate's cost as a share of Z (for tests and docs). */
    Map<String, double[]> costs() {
        return costs;
    }

    /**
     * {@code gradient} (of the task loss with respect to {@code alpha}'s logits) plus the
     * penalty's: {@code weight * p_i (cost_i - sum_c p_c cost_c)}.
     */
    float[] addGradient(ArchitectureParameter alpha, float[] gradient) {
        double[] c = costs.get(alpha.label());
        if (c == null || weight == 0) {
            return gradient;
        }
        List<Double> p = alpha.probabilities();
        double expected = 0;
        for (int i = 0; i < c.length; i++) {
            expected += p.get(i) * c[i];
        }
        float[] sum = gradient.clone();
        for (int i = 0; i < c.length; i++) {
            sum[i] += (float) (weight * p.get(i) * (c[i] - expected));
        }
        return sum;
    }

    /**
     * What {@code path} costs, weighted: {@code weight * sum_label cost_label[path's candidate] / Z}
     * (ENAS's penalty on the reward).
     */
    double of(Map<String, List<Integer>> path) {
        double share = 0;
        for (Map.Entry<String, double[]> e : costs.entrySet()) {
            share += e.getValue()[path.get(e.getKey()).get(0)];
        }
        return weight * share;
    }

    /** The expected cost under softmax(alpha) as a share of Z, from 0 to 1 (without the weight). */
    double expected(Supernet supernet) {
        double expected = 0;
        for (Map.Entry<String, double[]> e : costs.entrySet()) {
            List<Double> p = supernet.parameters().get(e.getKey()).probabilities();
            for (int i = 0; i < e.getValue().length; i++) {
                expected += p.get(i) * e.getValue()[i];
            }
        }
        return expected;
    }

    /** What to measure, and on which device a latency. */
    private record Measure(OneShotSearch.Cost cost, Device device) {
    }

    private static void addCosts(Block block, Measure measure, Map<String, double[]> costs) {
        if (block instanceof MixedLayer mixed) {
            Shape[] in = perExample(mixed.getInputShapes());
            List<Block> candidates = mixed.candidates();
            double[] c = new double[candidates.size()];
            for (int i = 0; i < c.length; i++) {
                c[i] = ownCost(candidates.get(i), in, measure, mixed.alpha().label(), "candidate " + i);
            }
            add(costs, mixed.alpha().label(), c);
        } else if (block instanceof MixedRepeat repeat) {
            Shape[] in = perExample(repeat.getInputShapes());
            List<Block> blocks = repeat.blocks();
            double[] upTo = new double[blocks.size() + 1];
            for (int k = 0; k < blocks.size(); k++) {
                upTo[k + 1] = upTo[k] + ownCost(blocks.get(k), in, measure, repeat.alpha().label(), "block " + k);
                in = blocks.get(k).getOutputShapes(in);
            }
            List<Integer> depths = repeat.depths();
            double[] c = new double[depths.size()];
            for (int i = 0; i < c.length; i++) {
                c[i] = upTo[depths.get(i)];
            }
            add(costs, repeat.alpha().label(), c);
        } else if (block instanceof SharedLayer shared) {
            Shape[] in = perExample(((Block) shared).getInputShapes());
            double[] c = new double[shared.alpha().size()];
            for (int i = 0; i < c.length; i++) {
                c[i] = valueCost(shared.standalone(i), in, measure);
            }
            add(costs, shared.alpha().label(), c);
        }
        block.getChildren().values().forEach(child -> addCosts(child, measure, costs));
    }

    /** What {@code block} costs itself, without the mixed blocks nested in it (costed under their labels). */
    private static double ownCost(Block block, Shape[] in, Measure measure, String label, String part) {
        if (measure.cost() == OneShotSearch.Cost.PARAMETERS) {
            return ownParameters(block);
        }
        if (measure.cost() == OneShotSearch.Cost.LATENCY) {
            return latency(block, in, measure.device(), label, part);
        }
        Profile profile = Profile.of(block, in[0]);
        for (String unknown : profile.unknownBlocks()) {
            // the profiler lists the mixed blocks nested in a candidate as unknown and counts them 0:
            // right here, since they are costed under their own labels
            if (!NESTED.contains(unknown.substring(unknown.lastIndexOf(' ') + 1))) {
                throw new IllegalArgumentException("label '" + label + "': the MACs of " + part + " are unknown ("
                        + unknown + "), so costPenalty(MACS, ...) cannot weigh it; use Cost.PARAMETERS, or blocks"
                        + " whose MACs are known (docs/profiles.md)");
            }
        }
        return profile.countedMacs();
    }

    /**
     * What a value of a weight-shared layer costs: that of the layer the value builds alone
     * ({@code fresh}, initialised here and dropped), not the shared layer's, which holds the widest.
     * Its time is that layer's own forward pass, so latency needs no refusal here.
     */
    private static double valueCost(Block fresh, Shape[] in, Measure measure) {
        return switch (measure.cost()) {
            case PARAMETERS -> Profile.of(fresh, in[0]).parameters();
            case MACS -> Profile.of(fresh, in[0]).countedMacs();
            case LATENCY -> Latency.measure(fresh, in[0], measure.device()).medianMs();
        };
    }

    /**
     * The median forward time of {@code block} alone on one example, in milliseconds. A nested
     * choice is refused rather than timed: in the supernet it runs every candidate it holds (and
     * outside a search step it cannot run at all), which is no architecture's time.
     */
    private static double latency(Block block, Shape[] in, Device device, String label, String part) {
        String nested = nestedChoice(block);
        if (nested != null) {
            throw new IllegalArgumentException("label '" + label + "': " + part + " holds another choice (" + nested
                    + "), so costPenalty(LATENCY, ...) cannot time it alone; use Cost.PARAMETERS or Cost.MACS, which"
                    + " cost a nested choice under its own label");
        }
        if (in.length != 1) {
            throw new IllegalArgumentException("label '" + label + "': " + part + " takes " + in.length
                    + " inputs, and costPenalty(LATENCY, ...) times blocks of one input; use Cost.PARAMETERS or Cost.MACS");
        }
        return Latency.measure(block, in[0], device).medianMs();
    }

    /** A description of the first mixed block in {@code block}'s tree, or null when it holds none. */
    private static String nestedChoice(Block block) {
        if (block instanceof PathBlock || block instanceof MixedInput) {
            return block.toString();
        }
        for (Block child : block.getChildren().values()) {
            String nested = nestedChoice(child);
            if (nested != null) {
                return nested;
            }
        }
        return null;
    }

    private static long ownParameters(Block block) {
        if (block instanceof PathBlock || block instanceof MixedInput) {
            return 0;
        }
        long count = 0;
        for (Parameter p : block.getDirectParameters().values()) {
            if (p.requiresGradient()) {
                count += p.getArray().getShape().size();
            }
        }
        for (Block child : block.getChildren().values()) {
            count += ownParameters(child);
        }
        return count;
    }

    private static void add(Map<String, double[]> costs, String label, double[] c) {
        double[] known = costs.get(label);
        if (known != null) {
            for (int i = 0; i < c.length; i++) {
                c[i] += known[i];
            }
        }
        costs.put(label, c);
    }

    private static Shape[] perExample(Shape[] shapes) {
        Shape[] one = new Shape[shapes.length];
        for (int i = 0; i < shapes.length; i++) {
            one[i] = new Shape(1).addAll(shapes[i].slice(1));
        }
        return one;
    }

    private static double max(double[] values) {
        double max = 0;
        for (double v : values) {
            max = Math.max(max, v);
        }
        return max;
    }
}
