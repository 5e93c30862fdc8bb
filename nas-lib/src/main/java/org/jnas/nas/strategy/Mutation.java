package org.jnas.nas.strategy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.jnas.nas.space.Choice;
import org.jnas.nas.space.Sample;
import org.jnas.nas.space.SearchSpace;

/**
 * The mutation the evolutionary strategies share: a child of a parent sample changes one choice for
 * sure and every other with probability {@code mutationProb}, so it always differs from its parent;
 * choices that appear only under the child's decisions are drawn at random, so conditional spaces
 * need no custom mutator.
 */
final class Mutation {
    private final SearchSpace space;
    private final Map<String, Choice> choices = new HashMap<>();
    private final double mutationProb;

    Mutation(SearchSpace space, double mutationProb) {
        this.space = space;
        this.mutationProb = mutationProb;
        for (Choice c : space.choices()) {
            choices.put(c.label(), c);
        }
    }

    /** How many children of fresh parents a deduplicating strategy tries before a random unseen sample. */
    private static final int TRIES = 16;

    /**
     * A child of a parent from {@code parents}; with {@code seen} (a deduplicating strategy), one not
     * seen yet: up to {@value #TRIES} children of fresh parents, then a random unseen sample, null
     * when none is left.
     */
    Sample child(Supplier<Sample> parents, Rng rng, SeenSamples seen) {
        Sample sample = mutate(parents.get(), rng);
        for (int i = 1; seen != null && seen.contains(sample) && i < TRIES; i++) {
            sample = mutate(parents.get(), rng);
        }
        if (seen != null && seen.contains(sample)) {
            sample = seen.randomUnseen(rng);
        }
        return sample;
    }

    /** A child of {@code parent}, drawn with {@code rng}. */
    Sample mutate(Sample parent, Rng rng) {
        List<String> mutable = new ArrayList<>();
        for (String label : parent.values().keySet()) {
            Choice c = choices.get(label);
            if (c != null && c.size() > 1) {
                mutable.add(label);
            }
        }
        String forced = mutable.isEmpty() ? null : mutable.get(rng.nextInt(mutable.size()));
        return space.sample(c -> {
            if (!parent.has(c.label())) {
                return rng.nextInt(c.size());
            }
            int current = c.indexOf(parent.get(c.label()));
            boolean change = c.label().equals(forced) || rng.nextDouble() < mutationProb;
            if (current < 0 || (change && c.size() > 1)) {
                return otherThan(current, c.size(), rng);
            }
            return current;
        });
    }

    /** A uniform index in [0, size) other than {@code current} (any index when current is -1). */
    private static int otherThan(int current, int size, Rng rng) {
        if (current < 0) {
            return rng.nextInt(size);
        }
        int i = rng.nextInt(size - 1);
        return i >= current ? i + 1 : i;
    }
}
