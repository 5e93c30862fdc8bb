package org.jnas.nas.space;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * One decision of a model space: a label and the candidates a sample may give it.
 *
 * <p>Strategies see a space only through its choices: they decide a candidate <em>index</em> for a
 * choice, and the space records the candidate <em>value</em> in the {@link Sample}.
 *
 * <p>A layer choice's candidates are the indices of its blocks; their {@code names} say which block
 * each is: the names given to {@link Sampler#layerChoice(String, java.util.Map)}, else the kind of
 * the block the candidate built (e.g. {@code Conv2d}, {@code Sequential(Conv2d, Conv2d)}) once the
 * space was explored. Tables and charts show both ({@link #describe}); samples keep the index.
 *
 * @param label the label, unique in its space
 * @param kind the primitive that declared it
 * @param candidates the values a sample may hold for this label (at least one), in declaration order
 * @param names a name per candidate, {@code ""} where there is none (the list may be empty: none)
 */
public record Choice(String label, ChoiceKind kind, List<Object> candidates, List<String> names) {
    public Choice {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(kind, "kind");
        candidates = List.copyOf(candidates);
        if (candidates.isEmpty()) {
            throw new IllegalArgumentException("choice '" + label + "' has no candidates");
        }
        Objects.requireNonNull(names, "names");
        if (!names.isEmpty() && names.size() != candidates.size()) {
            throw new IllegalArgumentException("choice '" + label + "' has " + candidates.size() + " candidates but "
                    + names.size() + " names: " + names);
        }
        names = names.isEmpty() || names.stream().allMatch(String::isEmpty)
                ? Collections.nCopies(candidates.size(), "") : List.copyOf(names);
    }

    /** A choice whose candidates have no names. */
    public Choice(String label, ChoiceKind kind, List<Object> candidates) {
        this(label, kind, candidates, List.of());
    }

    /** The number of candidates. */
    public int size() {
        return candidates.size();
    }

    /** Whether some candidate has a name. */
    public boolean hasNames() {
        return names.stream().anyMatch(n -> !n.isEmpty());
    }

    /**
     * How tables and charts show {@code value}: the candidate's index and name ({@code 1 conv3x3})
     * for a named candidate, the value itself otherwise.
     */
    public String describe(Object value) {
        int i = indexOf(value);
        return i >= 0 && !names.get(i).isEmpty() ? value + " " + names.get(i) : String.valueOf(value);
    }

    /** This choice with {@code names} where it has none (a name it has is kept). */
    Choice withDefaultNames(List<String> defaults) {
        List<String> merged = new ArrayList<>(names);
        for (int i = 0; i < merged.size() && i < defaults.size(); i++) {
            if (merged.get(i).isEmpty() && defaults.get(i) != null) {
                merged.set(i, defaults.get(i));
            }
        }
        return new Choice(label, kind, candidates, merged);
    }

    /** The position of {@code value} among the candidates, or -1 (numbers compare by value). */
    public int indexOf(Object value) {
        for (int i = 0; i < candidates.size(); i++) {
            if (Samples.sameValue(candidates.get(i), value)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * True when {@code other} has the same label, kind and candidates (numbers by value, so a
     * choice read back from a store equals the one declared); names do not count, since they only
     * describe the candidates.
     */
    public boolean sameAs(Choice other) {
        if (!label.equals(other.label) || kind != other.kind || candidates.size() != other.candidates.size()) {
            return false;
        }
        for (int i = 0; i < candidates.size(); i++) {
            if (!Samples.sameValue(candidates.get(i), other.candidates.get(i))) {
                return false;
            }
        }
        return true;
    }
}
