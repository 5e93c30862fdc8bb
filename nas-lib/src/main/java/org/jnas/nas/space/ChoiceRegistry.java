package org.jnas.nas.space;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Every choice a space has declared in any run, by label, in first-met order. It is what keeps a
 * label meaning one decision: declaring a label again with another kind or other candidates (even
 * in another branch of a conditional space) is an error naming the label. Thread-safe, since trials
 * instantiate the same space from several threads.
 */
final class ChoiceRegistry {
    private final Map<String, Choice> choices = new LinkedHashMap<>();
    /** The kind of block each layer candidate built, by label and index, as far as it was built. */
    private final Map<String, String[]> kinds = new HashMap<>();

    /**
     * Records {@code choice}, or checks that it matches the one already recorded under its label.
     *
     * @throws IllegalArgumentException naming the label when it was declared with another kind or
     *     other candidates
     */
    public synchronized void register(Choice choice) {
        Choice known = choices.putIfAbsent(choice.label(), choice);
        if (known != null && !known.equals(choice)) {
            requireSame(known, choice);
        }
    }

    /**
     * Records the kind of block that candidate {@code index} of the layer choice {@code label} built,
     * the first time it is built ({@code kind} is asked only then).
     */
    public synchronized void learnKind(String label, int index, int size, Supplier<String> kind) {
        String[] known = kinds.computeIfAbsent(label, k -> new String[size]);
        if (index < known.length && known[index] == null) {
            known[index] = kind.get();
        }
    }

    /** {@code choice} with the kinds its candidates built as names, where it has no names of its own. */
    public synchronized Choice named(Choice choice) {
        String[] known = kinds.get(choice.label());
        return known == null ? choice : choice.withDefaultNames(Arrays.asList(known));
    }

    /** The recorded choice of {@code label}, or null. */
    public synchronized Choice get(String label) {
        return choices.get(label);
    }

    /** All recorded choices in first-met order. */
    public synchronized List<Choice> all() {
        return List.copyOf(new ArrayList<>(choices.values()));
    }

    /** Throws unless {@code b} declares the same decision as {@code a} (numbers compare by value). */
    static void requireSame(Choice a, Choice b) {
        if (!a.equals(b) && !sameDecision(a, b)) {
            throw new IllegalArgumentException("label '" + a.label() + "' is declared twice with different candidates: "
                    + describe(a) + " and " + describe(b)
                    + "; reuse a label only for the same decision, or give each decision its own label");
        }
    }

    static boolean sameDecision(Choice a, Choice b) {
        return a.kind() == b.kind() && Samples.canonical(a.candidates()).equals(Samples.canonical(b.candidates()));
    }

    static String describe(Choice c) {
        return c.kind() + " " + c.candidates();
    }
}
