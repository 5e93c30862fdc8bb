package org.jnas.bench;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.ToIntFunction;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.jnas.nas.space.Choice;
import org.jnas.nas.space.ChoiceKind;
import org.jnas.nas.space.Sample;
import org.jnas.nas.space.SearchSpace;

/**
 * A static space that costs its strategy next to nothing: labels {@code x0, x1, ...}, each with the
 * candidates 0, 10, 20, ... (values unlike their indices, so a strategy that mixes the two shows).
 * A sample is a point of the grid; {@link #indices(Sample)} reads it back as candidate indices.
 */
final class GridSpace implements SearchSpace {
    private final List<Choice> choices;
    private final int candidates;

    GridSpace(int labels, int candidates) {
        if (labels < 1 || candidates < 1) {
            throw new IllegalArgumentException("a grid needs labels and candidates, got " + labels + " x " + candidates);
        }
        this.candidates = candidates;
        List<Object> values = new ArrayList<>();
        for (int k = 0; k < candidates; k++) {
            values.add(10 * k);
        }
        List<Choice> all = new ArrayList<>();
        for (int i = 0; i < labels; i++) {
            all.add(new Choice("x" + i, ChoiceKind.VALUE, values));
        }
        this.choices = List.copyOf(all);
    }

    @Override
    public String name() {
        return "grid " + choices.size() + "x" + candidates;
    }

    @Override
    public List<Choice> choices() {
        return choices;
    }

    @Override
    public Sample sample(ToIntFunction<Choice> decide) {
        int[] point = new int[choices.size()];
        for (int i = 0; i < point.length; i++) {
            Choice c = choices.get(i);
            point[i] = decide.applyAsInt(c);
            if (point[i] < 0 || point[i] >= candidates) {
                throw new IllegalArgumentException("index " + point[i] + " out of range for choice '" + c.label()
                        + "' with " + candidates + " candidates");
            }
        }
        return at(point);
    }

    @Override
    public Sample validate(Sample sample) {
        for (String label : sample.values().keySet()) {
            if (choices.stream().noneMatch(c -> c.label().equals(label))) {
                throw new IllegalArgumentException("unknown label '" + label + "'");
            }
        }
        return at(indices(sample));
    }

    @Override
    public BigInteger size() {
        return BigInteger.valueOf(candidates).pow(choices.size());
    }

    /** Every point, the last label changing fastest; lazy, as a grid of 5^20 cannot be listed. */
    @Override
    public Iterable<Sample> enumerate() {
        UnaryOperator<int[]> following = point -> {
            int[] next = point.clone();
            return advance(next, candidates) ? next : null;
        };
        return () -> Stream.iterate(new int[choices.size()], Objects::nonNull, following).map(this::at).iterator();
    }

    /**
     * Steps {@code point} to the next point of a grid of {@code candidates} per coordinate, the last
     * coordinate fastest, in place; false when it wrapped around past the last point.
     */
    static boolean advance(int[] point, int candidates) {
        for (int i = point.length - 1; i >= 0; i--) {
            if (++point[i] < candidates) {
                return true;
            }
            point[i] = 0;
        }
        return false;
    }

    /** The candidate index of each label of {@code sample}, in label order. */
    int[] indices(Sample sample) {
        int[] point = new int[choices.size()];
        for (int i = 0; i < point.length; i++) {
            Choice c = choices.get(i);
            if (!sample.has(c.label())) {
                throw new IllegalArgumentException("sample misses label '" + c.label() + "'");
            }
            point[i] = c.indexOf(sample.get(c.label()));
            if (point[i] < 0) {
                throw new IllegalArgumentException("label '" + c.label() + "': " + sample.get(c.label())
                        + " is not one of " + c.candidates());
            }
        }
        return point;
    }

    private Sample at(int[] point) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (int i = 0; i < point.length; i++) {
            values.put(choices.get(i).label(), choices.get(i).candidates().get(point[i]));
        }
        return Sample.of(values);
    }
}
