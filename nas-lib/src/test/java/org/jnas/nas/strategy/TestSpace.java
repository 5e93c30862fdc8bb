package org.jnas.nas.strategy;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.ToIntFunction;
import org.jnas.nas.space.Choice;
import org.jnas.nas.space.ChoiceKind;
import org.jnas.nas.space.Sample;
import org.jnas.nas.space.SearchSpace;

/**
 * A {@link SearchSpace} for tests, defined like a model space: a program that meets choices (and
 * may meet later ones only under some earlier decisions). Follows the SearchSpace javadoc: samples
 * hold only the labels met, enumeration is depth first and lazy, validation names the bad label.
 */
public final class TestSpace implements SearchSpace {
    /** The body of a space: meets choices through {@code decider} in order. */
    public interface Program {
        void run(Decider decider);
    }

    /** What a program asks: the chosen value of a choice. */
    public interface Decider {
        Object choose(Choice choice);

        default int chooseIndex(Choice choice) {
            return choice.indexOf(choose(choice));
        }
    }

    private final List<Choice> choices;
    private final Program program;
    private final BigInteger size;

    private TestSpace(List<Choice> choices, Program program, BigInteger size) {
        this.choices = List.copyOf(choices);
        this.program = program;
        this.size = size != null ? size : count();
    }

    /** {@code labels} choices x0.. each with candidates 0, 10, 20, ... (values differ from indices). */
    public static TestSpace grid(int labels, int candidates) {
        List<Choice> choices = new ArrayList<>();
        for (int i = 0; i < labels; i++) {
            List<Object> values = new ArrayList<>();
            for (int k = 0; k < candidates; k++) {
                values.add(10 * k);
            }
            choices.add(new Choice("x" + i, ChoiceKind.VALUE, values));
        }
        return new TestSpace(choices, d -> choices.forEach(d::choose),
                BigInteger.valueOf(candidates).pow(labels));
    }

    /** A static space of the given labels and candidate values. */
    public static TestSpace of(Map<String, List<?>> labels) {
        List<Choice> choices = new ArrayList<>();
        labels.forEach((label, values) -> choices.add(new Choice(label, ChoiceKind.VALUE, new ArrayList<>(values))));
        return new TestSpace(choices, d -> choices.forEach(d::choose), null);
    }

    /**
     * A conditional space: depth "n" in {1, 2, 3}, then widths "w0".."w{n-1}" in {16, 32, 64}.
     * 3 + 9 + 27 = 39 architectures.
     */
    public static TestSpace conditional() {
        return conditional(3, 3);
    }

    /** Depth "n" in 1..maxDepth, then widths "w0".."w{n-1}" in {16, 32, 64, ...} ({@code widths} of them). */
    public static TestSpace conditional(int maxDepth, int widths) {
        List<Object> depths = new ArrayList<>();
        for (int d = 1; d <= maxDepth; d++) {
            depths.add(d);
        }
        List<Object> values = new ArrayList<>();
        for (int k = 0; k < widths; k++) {
            values.add(16 << k);
        }
        Choice n = new Choice("n", ChoiceKind.REPEAT, depths);
        List<Choice> all = new ArrayList<>(List.of(n));
        for (int i = 0; i < maxDepth; i++) {
            all.add(new Choice("w" + i, ChoiceKind.VALUE, values));
        }
        return new TestSpace(all, d -> {
            int depth = (Integer) d.choose(n);
            for (int i = 0; i < depth; i++) {
                d.choose(all.get(i + 1));
            }
        }, null);
    }

    @Override
    public List<Choice> choices() {
        return choices;
    }

    @Override
    public Sample sample(ToIntFunction<Choice> decide) {
        Map<String, Object> values = new LinkedHashMap<>();
        program.run(c -> {
            int i = decide.applyAsInt(c);
            if (i < 0 || i >= c.size()) {
                throw new IllegalArgumentException("index " + i + " out of range for choice '" + c.label()
                        + "' with " + c.size() + " candidates");
            }
            values.put(c.label(), c.candidates().get(i));
            return c.candidates().get(i);
        });
        return Sample.of(values);
    }

    @Override
    public Sample validate(Sample sample) {
        Sample canonical = sample(c -> {
            if (!sample.has(c.label())) {
                throw new IllegalArgumentException("sample misses label '" + c.label() + "'");
            }
            int i = c.indexOf(sample.get(c.label()));
            if (i < 0) {
                throw new IllegalArgumentException("label '" + c.label() + "': " + sample.get(c.label())
                        + " is not one of " + c.candidates());
            }
            return i;
        });
        for (String label : sample.values().keySet()) {
            if (!canonical.has(label)) {
                throw new IllegalArgumentException("unknown label '" + label + "'");
            }
        }
        return canonical;
    }

    @Override
    public BigInteger size() {
        return size;
    }

    @Override
    public Iterable<Sample> enumerate() {
        return () -> new Iterator<>() {
            private int[] decisions = new int[0];
            private List<Integer> sizes;
            private Sample next = run();

            private Sample run() {
                List<Integer> met = new ArrayList<>();
                List<Integer> made = new ArrayList<>();
                Sample s = sample(c -> {
                    int i = made.size() < decisions.length ? decisions[made.size()] : 0;
                    made.add(i);
                    met.add(c.size());
                    return i;
                });
                decisions = made.stream().mapToInt(Integer::intValue).toArray();
                sizes = met;
                return s;
            }

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public Sample next() {
                if (next == null) {
                    throw new NoSuchElementException();
                }
                Sample current = next;
                int i = decisions.length - 1;
                while (i >= 0 && decisions[i] == sizes.get(i) - 1) {
                    i--;
                }
                if (i < 0) {
                    next = null;
                } else {
                    int[] prefix = java.util.Arrays.copyOf(decisions, i + 1);
                    prefix[i]++;
                    decisions = prefix;
                    next = run();
                }
                return current;
            }
        };
    }

    private BigInteger count() {
        long n = 0;
        for (Sample ignored : enumerate()) {
            n++;
        }
        return BigInteger.valueOf(n);
    }
}
