package org.jnas.nas.space;

import ai.djl.nn.Block;
import java.io.Serializable;
import java.math.BigInteger;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.function.ToIntFunction;

/**
 * A model space (NNI's base model plus mutations): a function of a {@link Sampler} that returns a
 * DJL {@link Block}. Run with a recording sampler it reveals its choices; run with a
 * {@link Sample} it builds exactly that architecture.
 *
 * <pre>{@code
 * ModelSpace space = ModelSpace.define("mnist", s -> new SequentialBlock()
 *     .add(s.layerChoice("conv2", () -> Conv2d.builder()..., () -> Layers.depthwiseSeparableConv(32, 64)))
 *     .add(Linear.builder().setUnits(s.valueChoice("feature", 64, 128, 256)).build()));
 * }</pre>
 *
 * <p>The function is run again for every use (each instantiation, each drawn sample, each
 * enumerated sample), so it should only build blocks: layer candidates are suppliers and only the
 * chosen one is built. It must be deterministic: the same decisions must meet the same choices.
 * Its choices may depend on earlier choices ({@code if (s.valueChoice("deep", false, true))},
 * {@code for (int i = 0; i < s.valueChoice("n", 1, 2, 3); i++)}): such a conditional space is
 * explored, counted and enumerated exactly (see {@link #size()} for the limits).
 *
 * <p>Thread-safe: trials may instantiate the same space from several threads, so the function
 * must not keep mutable state between runs (it normally just builds new blocks).
 */
public final class ModelSpace implements SearchSpace, Serializable {
    private static final long serialVersionUID = 1L;
    private final String name;
    private final transient SpaceExplorer explorer;
    private final SpaceFunction function;
    private final long countLimit;

    private ModelSpace(String name, SpaceFunction function, long countLimit) {
        this.name = name;
        this.function = function;
        this.countLimit = countLimit;
        this.explorer = new SpaceExplorer(name, function, countLimit);
    }

    /** Ships the definition, not what exploring it found: the receiving side explores again. */
    private Object writeReplace() {
        return new Definition(name, function, countLimit);
    }

    private record Definition(String name, SpaceFunction function, long countLimit) implements Serializable {
        private Object readResolve() {
            return new ModelSpace(name, function, countLimit);
        }
    }

    /** Defines a space named {@code name} (used in experiment names and exported code). */
    public static ModelSpace define(String name, SpaceFunction builder) {
        return define(name, builder, SpaceExplorer.DEFAULT_COUNT_LIMIT);
    }

    /**
     * Like {@link #define(String, SpaceFunction)}, counting a conditional space one sample at a time up to
     * {@code countLimit} samples (default {@value SpaceExplorer#DEFAULT_COUNT_LIMIT}).
     */
    public static ModelSpace define(String name, SpaceFunction builder, long countLimit) {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a model space needs a name");
        }
        Objects.requireNonNull(builder, "builder");
        return new ModelSpace(name, builder, countLimit);
    }

    /** The space's name. */
    @Override
    public String name() {
        return name;
    }

    /**
     * A new, uninitialised block of the architecture {@code sample} describes.
     *
     * @throws IllegalArgumentException naming the label when the sample misses a label the space
     *     needs, has a label the space does not know, or holds a value that is not a candidate
     */
    public Block instantiate(Sample sample) {
        return explorer.run(sample).block();
    }

    /**
     * Runs the space function once with a sampler of the caller's own and returns the block it
     * builds. This is how a one-shot search builds its supernet: its sampler answers a layer
     * choice with a block that holds every candidate. Keeping a label one decision is then the
     * sampler's job; the space's own uses ({@link #instantiate}, {@link #sample}, ...) never go
     * through here.
     */
    public Block build(Sampler sampler) {
        return explorer.build(Objects.requireNonNull(sampler, "sampler"));
    }

    /** A readable description: each choice with its candidates, and the size. */
    public String summary() {
        Exploration e = explorer.exploration();
        StringBuilder sb = new StringBuilder("Model space '").append(name).append("': ")
                .append(e.choices().size()).append(e.choices().size() == 1 ? " choice, " : " choices, ");
        switch (e.method()) {
            case COUNTED -> sb.append(e.size()).append(" architectures (counted)");
            case PRODUCT -> sb.append(e.size()).append(" architectures (product of the candidate counts)");
            case TOO_LARGE -> sb.append("more than ").append(explorer.countLimit()).append(" architectures");
        }
        sb.append(e.conditional() ? ", conditional\n" : ", unconditional\n");
        int width = 0;
        for (Choice c : e.choices()) {
            width = Math.max(width, c.label().length());
        }
        for (Choice c : e.choices()) {
            sb.append("  ").append(c.label()).append(" ".repeat(width - c.label().length() + 2))
                    .append(String.format("%-6s ", c.kind()))
                    .append(c.size()).append(c.size() == 1 ? " candidate:  " : " candidates: ")
                    .append(candidates(c));
            if (e.conditionalLabels().contains(c.label())) {
                sb.append("  (only under some earlier decisions)");
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** The candidates as tables show them (a layer candidate's index with its name), the first 12 of many. */
    private static String candidates(Choice c) {
        final int shown = 12;
        List<String> values = c.candidates().stream().map(c::describe).toList();
        if (values.size() <= shown) {
            return values.toString();
        }
        return values.subList(0, shown).toString().replaceFirst("]$", ", ... (" + (values.size() - shown) + " more)]");
    }

    /**
     * True when some choice appears only under some decisions of earlier choices (found by
     * exploring the space, see {@link #size()}).
     */
    public boolean isConditional() {
        return explorer.exploration().conditional();
    }

    /**
     * {@inheritDoc}
     *
     * <p>For a conditional space larger than the counting limit, these are the choices found by
     * exploring part of it; {@link #sample} still meets any others as they come.
     */
    @Override
    public List<Choice> choices() {
        return explorer.exploration().choices();
    }

    @Override
    public Sample sample(ToIntFunction<Choice> decide) {
        Objects.requireNonNull(decide, "decide");
        return explorer.run(decide).sample();
    }

    @Override
    public Sample validate(Sample sample) {
        return explorer.run(sample).sample();
    }

    /**
     * {@inheritDoc}
     *
     * <p>A space whose probe runs (every candidate of every choice with the others at their first,
     * plus seeded random runs) all meet the same choices, and that has more architectures than the
     * counting limit, is sized by the product of its candidate counts, at once. Any other space is
     * counted exactly by enumerating it depth first. Limit: in a large space, a structure change
     * that only a combination of two or more non-first decisions triggers can go unnoticed.
     *
     * @throws IllegalStateException when the space is conditional and has more architectures than
     *     the counting limit given to {@link #define(String, SpaceFunction, long)}
     */
    @Override
    public BigInteger size() {
        Exploration e = explorer.exploration();
        if (e.method() == Exploration.SizeMethod.TOO_LARGE) {
            throw new IllegalStateException("space '" + name + "' is conditional and has more than "
                    + explorer.countLimit() + " architectures, too many to count one by one; choices "
                    + e.conditionalLabels() + " appear only under some decisions. Raise the limit with "
                    + "ModelSpace.define(name, builder, countLimit), or sample and enumerate it without a size");
        }
        return e.size();
    }

    /** {@inheritDoc} Lazy: each sample runs the space once, so a huge space can be iterated in part. */
    @Override
    public Iterable<Sample> enumerate() {
        return () -> {
            Iterator<SpaceRun> runs = explorer.depthFirst();
            return new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return runs.hasNext();
                }

                @Override
                public Sample next() {
                    return runs.next().sample();
                }
            };
        };
    }

    /** The name, the number of choices and the size, e.g. {@code ModelSpace 'mnist' (3 choices, 18 architectures)}. */
    @Override
    public String toString() {
        try {
            Exploration e = explorer.exploration();
            String size = e.size() == null ? "more than " + explorer.countLimit() : e.size().toString();
            return "ModelSpace '" + name + "' (" + e.choices().size() + " choices, " + size + " architectures"
                    + (e.conditional() ? ", conditional)" : ")");
        } catch (RuntimeException failed) {
            return "ModelSpace '" + name + "' (cannot be explored: " + failed.getMessage() + ")";
        }
    }
}
