package org.jnas.nas.space;

import ai.djl.nn.Block;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * Runs a space function under the decisions each use needs: from a sample (instantiate, validate),
 * from a strategy (sample), depth first (enumerate), and explores it once for its choices and size.
 *
 * <p><b>Size.</b> Java code cannot be inspected for which decisions drive its {@code if}s and
 * {@code for}s, so the size comes from running the space:
 * <ol>
 *   <li>Probe runs: all choices at their first candidate; each candidate of each choice with the
 *       others at their first (at most {@value #PROBES_PER_CHOICE} per choice, spread evenly up to
 *       the last); {@value #RANDOM_PROBES} seeded random runs.</li>
 *   <li>If every probe met the same labels and the product of the candidate counts exceeds
 *       {@link #countLimit()}, the space is taken as unconditional and the product is its size
 *       ({@link Exploration.SizeMethod#PRODUCT}).</li>
 *   <li>Otherwise every sample is enumerated depth first and counted, exactly
 *       ({@link Exploration.SizeMethod#COUNTED}), up to {@link #countLimit()} samples; beyond that a
 *       conditional space's size is unknown ({@link Exploration.SizeMethod#TOO_LARGE}).</li>
 * </ol>
 * Limit: a large space whose structure changes only under a combination of two or more non-first
 * decisions that no probe happened to hit is taken as unconditional. Spaces whose conditions
 * depend on single choices (the usual {@code if (deep)}, {@code for (i < n)}, nested choices in a
 * layer candidate or a repeated block) are always detected.
 *
 * <p>Thread-safe: every run has its own sampler; exploration happens once.
 */
final class SpaceExplorer {
    /** The default most samples counted one by one. */
    public static final long DEFAULT_COUNT_LIMIT = 100_000;
    static final int RANDOM_PROBES = 16;
    static final int PROBES_PER_CHOICE = 16;
    private static final long PROBE_SEED = 0x5EED_5A4DL;

    private final String name;
    private final Function<Sampler, ? extends Block> space;
    private final long countLimit;
    private final ChoiceRegistry registry = new ChoiceRegistry();
    private Exploration exploration;

    /** An explorer of the space function {@code space}, named {@code name} in messages. */
    public SpaceExplorer(String name, Function<Sampler, ? extends Block> space, long countLimit) {
        this.name = Objects.requireNonNull(name, "name");
        this.space = Objects.requireNonNull(space, "space");
        if (countLimit < 1) {
            throw new IllegalArgumentException("countLimit must be >= 1, got " + countLimit);
        }
        this.countLimit = countLimit;
    }

    /** The most samples counted one by one before a conditional space is declared too large. */
    public long countLimit() {
        return countLimit;
    }

    /**
     * Runs the space once, asking {@code decide} for the candidate index of each label met.
     *
     * @throws IllegalArgumentException for an out-of-range decision or an inconsistent label
     */
    public SpaceRun run(ToIntFunction<Choice> decide) {
        DecidingSampler sampler = new DecidingSampler(registry, decide);
        Block block;
        try {
            block = build(sampler);
        } catch (RuntimeException e) {
            if (Arrays.stream(e.getStackTrace()).anyMatch(f -> f.getClassName().equals(DecidingSampler.class.getName()))) {
                throw e; // thrown through a choice: the sampler's refusal, which names its label, or a candidate's
            }
            // the space's own code (or a DJL builder it calls) failed under these decisions
            throw new IllegalArgumentException("space '" + name + "' cannot be built with " + sampler.sample()
                    + " (the decisions up to the failure): " + e, e);
        }
        return new SpaceRun(block, sampler.sample(), sampler.choices(), sampler.decisions());
    }

    /** Runs the space once with {@code sampler}, whatever it is (see {@link ModelSpace#build}). */
    public Block build(Sampler sampler) {
        Block block = space.apply(sampler);
        if (block == null) {
            throw new IllegalStateException("space '" + name + "' returned null instead of a block");
        }
        return block;
    }

    /**
     * Runs the space with the decisions of {@code sample}.
     *
     * @throws IllegalArgumentException naming the label when the sample misses a label the space
     *     meets, holds a value that is not a candidate, or has a label the space does not meet
     */
    public SpaceRun run(Sample sample) {
        Objects.requireNonNull(sample, "sample");
        SpaceRun run = run(choice -> {
            if (!sample.has(choice.label())) {
                throw new IllegalArgumentException("sample " + sample + " has no value for label '" + choice.label()
                        + "' of space '" + name + "'; its candidates are " + choice.candidates());
            }
            Object value = sample.get(choice.label());
            int index = choice.indexOf(value);
            if (index < 0) {
                throw new IllegalArgumentException("label '" + choice.label() + "': "
                        + (value instanceof String text ? "\"" + text + "\"" : value) + " is not one of its candidates "
                        + choice.candidates());
            }
            return index;
        });
        for (String label : sample.values().keySet()) {
            if (!run.sample().has(label)) {
                throw new IllegalArgumentException("label '" + label + "' of sample " + sample + " is not used by space '"
                        + name + "' under this sample's decisions; the labels used are " + run.sample().values().keySet());
            }
        }
        return run;
    }

    /** Every sample, depth first: the first label met varies slowest. Lazy: one run per sample. */
    public Iterator<SpaceRun> depthFirst() {
        return new DepthFirst();
    }

    /** The result of exploring the space, computed on first use. */
    public synchronized Exploration exploration() {
        if (exploration == null) {
            exploration = explore();
        }
        return exploration;
    }

    private Exploration explore() {
        Map<String, Choice> found = new LinkedHashMap<>();
        Map<String, Integer> runsMeeting = new HashMap<>();
        int[] runs = {0};
        java.util.function.Consumer<SpaceRun> note = run -> {
            runs[0]++;
            for (Choice c : run.choices()) {
                found.putIfAbsent(c.label(), c);
                runsMeeting.merge(c.label(), 1, Integer::sum);
            }
        };
        SpaceRun first = run(c -> 0);
        note.accept(first);
        boolean uniform = true;
        for (Choice probed : first.choices()) {
            for (int candidate : probedCandidates(probed.size())) {
                SpaceRun probe = run(c -> c.label().equals(probed.label()) ? candidate : 0);
                note.accept(probe);
                uniform &= probe.sameStructure(first);
            }
        }
        Random random = new Random(PROBE_SEED);
        for (int p = 0; p < RANDOM_PROBES; p++) {
            SpaceRun probe = run(c -> random.nextInt(c.size()));
            note.accept(probe);
            uniform &= probe.sameStructure(first);
        }
        BigInteger product = BigInteger.ONE;
        for (Choice c : first.choices()) {
            product = product.multiply(BigInteger.valueOf(c.size()));
        }
        if (uniform && product.compareTo(BigInteger.valueOf(countLimit)) > 0) {
            return new Exploration(named(first.choices()), product, Exploration.SizeMethod.PRODUCT, Set.of());
        }
        Iterator<SpaceRun> all = depthFirst();
        long count = 0;
        while (all.hasNext()) {
            if (count == countLimit) {
                return new Exploration(named(found.values()), null, Exploration.SizeMethod.TOO_LARGE,
                        conditionalLabels(found, runsMeeting, runs[0]));
            }
            note.accept(all.next());
            count++;
        }
        return new Exploration(named(found.values()), BigInteger.valueOf(count), Exploration.SizeMethod.COUNTED,
                conditionalLabels(found, runsMeeting, runs[0]));
    }

    /** The choices with the kinds of block their layer candidates built during the exploration as names. */
    private List<Choice> named(Collection<Choice> choices) {
        return choices.stream().map(registry::named).toList();
    }

    /**
     * The non-first candidates a single-change probe tries: all of them, or {@value #PROBES_PER_CHOICE}
     * spread evenly up to the last for a choice with many candidates, so probing stays cheap.
     */
    static List<Integer> probedCandidates(int size) {
        List<Integer> picked = new ArrayList<>();
        int others = size - 1;
        int count = Math.min(others, PROBES_PER_CHOICE);
        for (int k = 1; k <= count; k++) {
            int candidate = (int) Math.round((double) k * others / count);
            if (picked.isEmpty() || picked.get(picked.size() - 1) != candidate) {
                picked.add(candidate);
            }
        }
        return picked;
    }

    private static Set<String> conditionalLabels(Map<String, Choice> found, Map<String, Integer> runsMeeting, int runs) {
        Set<String> labels = new LinkedHashSet<>();
        for (String label : found.keySet()) {
            if (runsMeeting.get(label) < runs) {
                labels.add(label);
            }
        }
        return labels;
    }

    /**
     * The odometer over the decision tree: run with a prefix of decisions (first candidate beyond
     * it), then advance the deepest decision that has a next candidate and drop the ones after it,
     * since which choices follow may depend on it.
     */
    private final class DepthFirst implements Iterator<SpaceRun> {
        private List<Integer> prefix = List.of();
        private SpaceRun next;
        private boolean done;

        @Override
        public boolean hasNext() {
            if (next == null && !done) {
                next = runPrefix();
            }
            return next != null;
        }

        @Override
        public SpaceRun next() {
            if (!hasNext()) {
                throw new NoSuchElementException("space '" + name + "' has no more samples");
            }
            SpaceRun run = next;
            next = null;
            return run;
        }

        private SpaceRun runPrefix() {
            List<Integer> fixed = prefix;
            int[] position = {0};
            SpaceRun run = SpaceExplorer.this.run(choice -> {
                int p = position[0]++;
                int index = p < fixed.size() ? fixed.get(p) : 0;
                if (index >= choice.size()) {
                    throw new IllegalStateException("space '" + name + "' is not deterministic: label '" + choice.label()
                            + "' changed between runs with the same earlier decisions");
                }
                return index;
            });
            List<Integer> decisions = run.decisions();
            int deepest = decisions.size() - 1;
            while (deepest >= 0 && decisions.get(deepest) + 1 >= run.choices().get(deepest).size()) {
                deepest--;
            }
            if (deepest < 0) {
                done = true;
            } else {
                List<Integer> advanced = new ArrayList<>(decisions.subList(0, deepest));
                advanced.add(decisions.get(deepest) + 1);
                prefix = advanced;
            }
            return run;
        }
    }
}
