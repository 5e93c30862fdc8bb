package org.jnas.nas.strategy;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.jnas.nas.space.Sample;
import org.jnas.nas.space.SearchSpace;

/**
 * The samples a search has proposed, and how to find one it has not: what dedup needs. Exhaustion
 * is exact (the count is compared with {@link SearchSpace#size()}), so a search whose budget
 * exceeds its space ends instead of looping (NNI #4201).
 */
final class SeenSamples {
    /** Rejected random draws in a row before scanning the enumeration instead. */
    private static final int MAX_DRAWS = 64;
    /** Unseen samples collected by a scan, to pick among at random. */
    private static final int SCAN_POOL = 1024;

    private final SearchSpace space;
    private final BigInteger size;
    private final Set<Sample> seen = new HashSet<>();

    SeenSamples(SearchSpace space) {
        this.space = space;
        this.size = space.size();
    }

    boolean contains(Sample sample) {
        return seen.contains(sample);
    }

    /** Records {@code sample}; false when it was already seen. */
    boolean add(Sample sample) {
        return seen.add(sample);
    }

    int count() {
        return seen.size();
    }

    /** True once every architecture of the space has been seen. */
    boolean exhausted() {
        return size.compareTo(BigInteger.valueOf(seen.size())) <= 0;
    }

    /**
     * A sample not yet seen, drawn uniformly per choice, or null when the space is exhausted. Does
     * not record it. When random draws keep hitting seen samples (a nearly exhausted space), it scans
     * the enumeration: at most {@code count() + SCAN_POOL} samples are visited, so even a huge space
     * is never enumerated in full.
     */
    Sample randomUnseen(Rng rng) {
        if (exhausted()) {
            return null;
        }
        for (int i = 0; i < MAX_DRAWS; i++) {
            Sample s = space.sample(c -> rng.nextInt(c.size()));
            if (!seen.contains(s)) {
                return s;
            }
        }
        List<Sample> pool = new ArrayList<>();
        long limit = (long) seen.size() + SCAN_POOL;
        Iterator<Sample> it = space.enumerate().iterator();
        for (long visited = 0; visited < limit && it.hasNext() && pool.size() < SCAN_POOL; visited++) {
            Sample s = it.next();
            if (!seen.contains(s)) {
                pool.add(s);
            }
        }
        if (pool.isEmpty()) {
            throw new IllegalStateException("space reports " + size + " architectures but its enumeration has no"
                    + " unseen one after " + seen.size() + " distinct samples");
        }
        return pool.get(rng.nextInt(pool.size()));
    }
}
