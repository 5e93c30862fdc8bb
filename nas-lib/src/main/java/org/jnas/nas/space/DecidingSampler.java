package org.jnas.nas.space;

import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;

/**
 * The one {@link Sampler} behind every use of a space: each time the space meets a label for the
 * first time in a run it asks a decision function for a candidate index; a label met again in the
 * same run gets the same decision (shared labels). What the function is decides the use: read from
 * a {@link Sample} (instantiate, validate), a strategy's choice (sample), or a depth-first odometer
 * (enumerate, size).
 *
 * <p>One instance serves one run of a space function; it is not thread-safe.
 */
final class DecidingSampler implements Sampler {
    /** The most combinations an input choice may have, so its candidate list stays small. */
    public static final int MAX_INPUT_CANDIDATES = 10_000;

    /** The longest kind {@link #kind} gives a candidate, so that a table cell stays readable. */
    static final int KIND_MAX = 40;

    private final ChoiceRegistry registry;
    private final ToIntFunction<Choice> decide;
    private final Map<String, Decision> decisions = new LinkedHashMap<>();

    private record Decision(Choice choice, int index) {}

    /**
     * A sampler that registers each choice it meets in {@code registry} and asks {@code decide} for
     * its candidate index.
     */
    public DecidingSampler(ChoiceRegistry registry, ToIntFunction<Choice> decide) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.decide = Objects.requireNonNull(decide, "decide");
    }

    @Override
    public Block layerChoice(String label, List<Supplier<? extends Block>> candidates) {
        requireLabel(label);
        Objects.requireNonNull(candidates, () -> "candidates of label '" + label + "'");
        return layerChoice(label, candidates, List.of());
    }

    @Override
    public Block layerChoice(String label, Map<String, ? extends Supplier<? extends Block>> candidates) {
        requireLabel(label);
        Objects.requireNonNull(candidates, () -> "candidates of label '" + label + "'");
        requireFixedOrder(label, candidates);
        List<String> names = new ArrayList<>(candidates.size());
        List<Supplier<? extends Block>> blocks = new ArrayList<>(candidates.size());
        candidates.forEach((name, block) -> {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("label '" + label + "': candidate " + names.size() + " has no name");
            }
            names.add(name);
            blocks.add(block);
        });
        return layerChoice(label, blocks, names);
    }

    /** Refuses named candidates whose map has no fixed order, since a sample records a candidate's index. */
    static void requireFixedOrder(String label, Map<String, ?> candidates) {
        if (candidates.size() > 1 && !(candidates instanceof LinkedHashMap || candidates instanceof SortedMap)) {
            throw new IllegalArgumentException("label '" + label + "': named candidates need a fixed order, since the"
                    + " sample records a candidate's index; pass a LinkedHashMap (NNI's OrderedDict) or a TreeMap, not a "
                    + candidates.getClass().getName());
        }
    }

    /** The layer choice, its candidates named by {@code names} or, when empty, by the blocks they build. */
    private Block layerChoice(String label, List<Supplier<? extends Block>> candidates, List<String> names) {
        List<Object> indices = new ArrayList<>(candidates.size());
        for (int i = 0; i < candidates.size(); i++) {
            if (candidates.get(i) == null) {
                throw new IllegalArgumentException("label '" + label + "': candidate " + i + " is null");
            }
            indices.add(i);
        }
        int index = decide(new Choice(label, ChoiceKind.LAYER, indices, names));
        Block block = candidates.get(index).get();
        if (block == null) {
            throw new IllegalStateException("label '" + label + "': candidate " + index + " built null instead of a block");
        }
        if (names.isEmpty()) {
            registry.learnKind(label, index, candidates.size(), () -> kind(block));
        }
        return block;
    }

    /**
     * A block's kind in one line, from DJL's description of it: {@code Conv2d}, {@code maxPool2d},
     * {@code Sequential(Conv2d, Conv2d)}; cut at {@value #KIND_MAX} characters.
     */
    static String kind(Block block) {
        StringBuilder sb = new StringBuilder();
        for (String line : block.toString().split("\n")) {
            String s = line.strip();
            if (s.equals("}")) {
                sb.append(')');
            } else if (!s.isEmpty()) {
                char last = sb.length() == 0 ? '(' : sb.charAt(sb.length() - 1);
                sb.append(last == '(' ? "" : ", ");
                sb.append(s.endsWith("{") ? s.substring(0, s.length() - 1).strip().replaceFirst("Block$", "") + "(" : s);
            }
        }
        String kind = sb.toString();
        return kind.length() <= KIND_MAX ? kind : kind.substring(0, KIND_MAX - 1) + "\u2026";
    }

    @Override
    public <T> T valueChoice(String label, List<T> values) {
        requireLabel(label);
        Objects.requireNonNull(values, () -> "values of label '" + label + "'");
        for (int i = 0; i < values.size(); i++) {
            if (values.get(i) == null) {
                throw new IllegalArgumentException("label '" + label + "': value " + i + " is null");
            }
        }
        Choice choice = new Choice(label, ChoiceKind.VALUE, new ArrayList<>(values));
        requireDistinct(choice);
        return values.get(decide(choice));
    }

    @Override
    public Block inputChoice(String label, int numCandidates, int numChosen, Reduction reduction) {
        requireLabel(label);
        Objects.requireNonNull(reduction, () -> "reduction of label '" + label + "'");
        if (numCandidates < 1 || numChosen < 1 || numChosen > numCandidates) {
            throw new IllegalArgumentException("label '" + label + "': cannot choose " + numChosen + " of "
                    + numCandidates + " inputs (need 1 <= numChosen <= numCandidates)");
        }
        List<Object> combinations = new ArrayList<>();
        Combinations.forEach(numCandidates, numChosen, MAX_INPUT_CANDIDATES, label, combinations::add);
        int index = decide(new Choice(label, ChoiceKind.INPUT, combinations));
        @SuppressWarnings("unchecked")
        List<Integer> chosen = (List<Integer>) combinations.get(index);
        return new InputChoiceBlock(numCandidates, chosen, reduction);
    }

    @Override
    public Block repeat(String label, List<Integer> depths, IntFunction<? extends Block> factory) {
        requireLabel(label);
        Objects.requireNonNull(depths, () -> "depths of label '" + label + "'");
        Objects.requireNonNull(factory, () -> "factory of label '" + label + "'");
        for (Integer depth : depths) {
            if (depth == null || depth < 0) {
                throw new IllegalArgumentException("label '" + label + "': depth " + depth + " is not a depth (need >= 0)");
            }
        }
        Choice choice = new Choice(label, ChoiceKind.REPEAT, new ArrayList<>(depths));
        requireDistinct(choice);
        int depth = depths.get(decide(choice));
        SequentialBlock blocks = new SequentialBlock();
        for (int i = 0; i < depth; i++) {
            Block block = factory.apply(i);
            if (block == null) {
                throw new IllegalStateException("label '" + label + "': factory built null at position " + i);
            }
            blocks.add(block);
        }
        if (depth == 0) {
            // DJL cannot compute the output shapes of an empty SequentialBlock; depth 0 is the identity.
            blocks.add(Blocks.identityBlock());
        }
        return blocks;
    }

    /** The sample of the decisions made so far, labels in the order met. */
    public Sample sample() {
        Map<String, Object> values = new LinkedHashMap<>();
        decisions.forEach((label, d) -> values.put(label, d.choice().candidates().get(d.index())));
        return Sample.of(values);
    }

    /** The choices met so far, in order (each label once). */
    public List<Choice> choices() {
        return decisions.values().stream().map(Decision::choice).toList();
    }

    /** The candidate index decided for each choice of {@link #choices()}. */
    public List<Integer> decisions() {
        return decisions.values().stream().map(Decision::index).toList();
    }

    private int decide(Choice choice) {
        Decision earlier = decisions.get(choice.label());
        if (earlier != null) {
            ChoiceRegistry.requireSame(earlier.choice(), choice);
            return earlier.index();
        }
        registry.register(choice);
        int index = decide.applyAsInt(choice);
        if (index < 0 || index >= choice.size()) {
            throw new IllegalArgumentException("decision " + index + " for label '" + choice.label()
                    + "' is out of range: it has " + choice.size() + " candidates " + choice.candidates());
        }
        decisions.put(choice.label(), new Decision(choice, index));
        return index;
    }

    private static void requireLabel(String label) {
        Objects.requireNonNull(label, "label");
        if (label.isBlank()) {
            throw new IllegalArgumentException("a choice label must not be blank");
        }
    }

    /** Linear time, since a value choice may have many candidates and is checked on every run. */
    private static void requireDistinct(Choice choice) {
        Set<Object> seen = new HashSet<>();
        for (Object candidate : choice.candidates()) {
            if (!seen.add(Samples.canonical(candidate))) {
                throw new IllegalArgumentException("label '" + choice.label() + "' has the candidate "
                        + candidate + " twice: " + choice.candidates());
            }
        }
    }
}
