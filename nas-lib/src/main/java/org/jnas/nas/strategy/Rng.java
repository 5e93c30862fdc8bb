package org.jnas.nas.strategy;

/**
 * SplitMix64 (Steele et al. 2014): a small, fast, seedable generator whose whole state is one
 * {@code long}. Strategies own one each, seeded from the search's seed, so their randomness is a
 * pure function of the seed and the calls made to them, which is what lets {@link BaseStrategy}
 * restore a search by replaying it. (Its output is fixed by the algorithm, not by a JDK version, as
 * java.util.Random's is only by specification.)
 */
final class Rng {
    private long state;

    Rng(long seed) {
        this.state = seed;
    }

    long nextLong() {
        long z = (state += 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Uniform in [0, bound), without modulo bias. */
    int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive: " + bound);
        }
        while (true) {
            long bits = nextLong() >>> 33; // 31 bits
            long value = bits % bound;
            if (bits - value + (bound - 1) < (1L << 31)) {
                return (int) value;
            }
        }
    }

    /** Uniform in [0, 1). */
    double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** An index drawn with probability proportional to {@code weights} (non-negative, not all zero). */
    int nextWeighted(double[] weights) {
        double total = 0;
        for (double w : weights) {
            total += w;
        }
        double r = nextDouble() * total;
        for (int i = 0; i < weights.length; i++) {
            r -= weights[i];
            if (r < 0) {
                return i;
            }
        }
        for (int i = weights.length - 1; i >= 0; i--) {
            if (weights[i] > 0) {
                return i;
            }
        }
        return weights.length - 1;
    }
}
