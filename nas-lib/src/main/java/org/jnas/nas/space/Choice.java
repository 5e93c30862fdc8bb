package org.jnas.nas.space;

import java.util.List;
import java.util.Objects;

/**
 * One decision of a model space: a label and the candidates a sample may give it.
 *
 * <p>Strategies see a space only through its choices: they decide a candidate <em>index</em> for a
 * choice, and the space records the candidate <em>value</em> in the {@link Sample}.
 *
 * @param label the label, unique in its space
 * @param kind the primitive that declared it
 * @param candidates the values a sample may hold for this label (at least one), in declaration order
 */
public record Choice(String label, ChoiceKind kind, List<Object> candidates) {
    public Choice {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(kind, "kind");
        candidates = List.copyOf(candidates);
        if (candidates.isEmpty()) {
            throw new IllegalArgumentException("choice '" + label + "' has no candidates");
        }
    }

    /** The number of candidates. */
    public int size() {
        return candidates.size();
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
     * choice read back from a store equals the one declared).
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
