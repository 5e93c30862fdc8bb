package org.jnas.bench;

import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import java.util.Random;
import java.util.function.LongSupplier;
import org.jnas.nas.space.ModelSpace;
import org.jnas.nas.space.Sample;

/**
 * What a strategy pays the space per proposed sample, on 20 labels of 5 candidates (5^20 = 95
 * trillion architectures: 20 {@code Linear} layers, each with a 5-way width): the median and 99th
 * percentile of {@code sample(decide)}, {@code validate} (of a sample read back from JSON) and
 * {@code instantiate}, and the wall time to size a fresh space; each round repeats the whole set,
 * so later rounds show the cost after JIT warm-up.
 *
 * <p>Run: {@code bench/run.sh SpaceBenchmark [--rounds 3] [--repeats 2000]}.
 */
public final class SpaceBenchmark {
    private SpaceBenchmark() {}

    /** 20 {@code Linear} layers, each of 8, 16, 32, 64 or 128 units. */
    static ModelSpace wide(String name) {
        return ModelSpace.define(name, s -> {
            SequentialBlock net = new SequentialBlock();
            for (int i = 0; i < 20; i++) {
                net.add(Linear.builder().setUnits(s.valueChoice("units" + i, 8, 16, 32, 64, 128)).build());
            }
            return net;
        });
    }

    public static void main(String[] args) {
        Options options = Options.parse("SpaceBenchmark", args);
        int rounds = options.integer("rounds", 3, "rounds of the whole set (the first warms the JIT up)");
        int repeats = options.integer("repeats", 2000, "calls timed per operation and round");
        options.done();

        ModelSpace space = wide("wide");
        Random random = new Random(1);
        Sample fixed = space.sample(c -> 2);
        Sample fromJson = Sample.fromJson(fixed.toJson());
        for (int round = 1; round <= rounds; round++) {
            System.out.printf("round %d: sample %s | validate %s | instantiate %s | size of a fresh 5^20 space %s ms%n",
                    round,
                    micros(repeats, () -> space.sample(c -> random.nextInt(c.size())).size()),
                    micros(repeats, () -> space.validate(fromJson).size()),
                    micros(repeats, () -> space.instantiate(fixed).getChildren().size()),
                    Stats.number("%.1f", nanos(() -> wide("fresh").size().longValue()) / 1e6));
        }
    }

    /** Median and 99th percentile of {@code repeats} calls, in microseconds. */
    private static String micros(int repeats, LongSupplier action) {
        long[] nanos = new long[repeats];
        for (int i = 0; i < repeats; i++) {
            nanos[i] = nanos(action);
        }
        Stats us = Stats.of(nanos).scaled(1e-3);
        return "median " + Stats.number("%.0f us", us.median()) + ", p99 " + Stats.number("%.0f us", us.quantile(0.99));
    }

    /** Wall nanoseconds of one call; its result is checked so that the JIT cannot drop the work. */
    private static long nanos(LongSupplier action) {
        long start = System.nanoTime();
        if (action.getAsLong() < 0) {
            throw new AssertionError("unreachable: keeps the result alive");
        }
        return System.nanoTime() - start;
    }
}
