package org.jnas.nas.space;

import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import java.util.Arrays;
import java.util.Random;
import java.util.function.LongSupplier;

/**
 * What a strategy pays the space per proposed sample, on 20 labels of 5 candidates (5^20): the
 * median and 99th percentile of {@code sample(decide)}, {@code validate}, {@code instantiate}, and
 * the time to size a fresh space. Not a unit test (timings depend on the machine); run with
 * <pre>{@code
 * mvn -o -q -pl nas-lib test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp nas-lib/target/classes:nas-lib/target/test-classes:$(cat nas-lib/target/cp.txt) \
 *     org.jnas.nas.space.SpaceBenchmark
 * }</pre>
 */
public final class SpaceBenchmark {
    private SpaceBenchmark() {}

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
        ModelSpace space = wide("wide");
        Random random = new Random(1);
        Sample fixed = space.sample(c -> 2);
        Sample fromJson = Sample.fromJson(fixed.toJson());
        for (int round = 1; round <= 3; round++) {
            System.out.printf("round %d: sample %s | validate %s | instantiate %s | size of a fresh 5^20 space %.1f ms%n",
                    round,
                    time(2_000, () -> space.sample(c -> random.nextInt(c.size())).size()),
                    time(2_000, () -> space.validate(fromJson).size()),
                    time(2_000, () -> space.instantiate(fixed).getChildren().size()),
                    nanos(() -> wide("fresh").size().longValue()) / 1e6);
        }
    }

    private static String time(int repeats, LongSupplier action) {
        long[] t = new long[repeats];
        for (int i = 0; i < repeats; i++) {
            t[i] = nanos(action);
        }
        Arrays.sort(t);
        return String.format("median %.0f us, p99 %.0f us", t[repeats / 2] / 1e3, t[repeats * 99 / 100] / 1e3);
    }

    private static long nanos(LongSupplier action) {
        long start = System.nanoTime();
        if (action.getAsLong() < 0) {
            throw new AssertionError("unreachable: keeps the result alive");
        }
        return System.nanoTime() - start;
    }
}
