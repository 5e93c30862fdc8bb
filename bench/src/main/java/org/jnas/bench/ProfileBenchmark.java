package org.jnas.bench;

import ai.djl.Device;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;
import org.jnas.nas.profile.Latency;
import org.jnas.nas.profile.Profile;
import org.jnas.nas.results.ArchitectureDiagram;
import org.jnas.nas.space.ModelSpace;
import org.jnas.nas.space.Sample;

/**
 * What a profile costs: wall ms per architecture of {@code Profile.of(space, sample, shape)}
 * (building the block included) for parameters and MACs of the quickstart space's 18
 * architectures at input (1, 1, 28, 28), and, side by side in the same rounds, of the one way to
 * count parameters before profiles existed, {@code ArchitectureDiagram.of(space.instantiate(sample),
 * shape)} (which fills the weights at random when it initializes). Medians over all architectures
 * and rounds after the first (JIT warm-up). Then what measuring latency costs a trial: wall ms of
 * {@code Latency.measure(space, sample, shape, cpu())} (a fresh block, {@value Latency#WARMUP}
 * warm-up and {@value Latency#RUNS} timed passes at batch 1), and the medians it measured.
 *
 * <p>Run: {@code bench/run.sh ProfileBenchmark [--rounds 11] [--latency-rounds 3]}.
 */
public final class ProfileBenchmark {
    private ProfileBenchmark() {}

    public static void main(String[] args) {
        Options options = Options.parse("ProfileBenchmark", args);
        int rounds = options.integer("rounds", 11, "rounds over the 18 architectures (the first warms the JIT up)");
        int latencyRounds = options.integer("latency-rounds", 3, "rounds of latency measurement (the first warms up)");
        options.done();

        ModelSpace space = QuickstartSpace.create();
        Shape shape = new Shape(1, 1, 28, 28);
        List<Sample> samples = new ArrayList<>();
        space.enumerate().forEach(samples::add);
        for (Sample s : samples) {
            System.out.printf(Locale.ROOT, "%-50s %s%n", s.values(), Profile.of(space, s, shape));
        }
        List<Long> profile = new ArrayList<>();
        List<Long> diagram = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            for (Sample s : samples) {
                long p = nanos(() -> Profile.of(space, s, shape).macs().getAsLong());
                long d = nanos(() -> ArchitectureDiagram.of(space.instantiate(s), shape).totalParameters());
                if (round > 0) {
                    profile.add(p);
                    diagram.add(d);
                }
            }
        }
        Stats pm = Stats.of(profile).scaled(1e-6);
        Stats dm = Stats.of(diagram).scaled(1e-6);
        System.out.printf(Locale.ROOT, "%d architectures x %d rounds (after 1 warm-up round)%n", samples.size(), rounds - 1);
        System.out.printf(Locale.ROOT, "Profile.of (params + MACs):          median %.2f ms, p90 %.2f ms per architecture%n",
                pm.median(), pm.quantile(0.9));
        System.out.printf(Locale.ROOT, "ArchitectureDiagram.of (params only): median %.2f ms, p90 %.2f ms per architecture%n",
                dm.median(), dm.quantile(0.9));
        System.out.printf(Locale.ROOT, "ratio profile / diagram: %.2f%n", pm.median() / dm.median());

        List<Long> measuring = new ArrayList<>();
        List<Double> latencies = new ArrayList<>();
        for (int round = 0; round < latencyRounds; round++) {
            for (Sample s : samples) {
                long start = System.nanoTime();
                Latency l = Latency.measure(space, s, shape, Device.cpu());
                if (round > 0) {
                    measuring.add(System.nanoTime() - start);
                    latencies.add(l.medianMs());
                }
            }
        }
        Stats lm = Stats.of(measuring).scaled(1e-6);
        Stats lat = Stats.of(latencies);
        System.out.printf(Locale.ROOT, "Latency.measure (batch 1, %d + %d passes): median %.1f ms, p90 %.1f ms per "
                + "architecture; measured latency median %.2f ms (%.2f to %.2f ms over the architectures)%n",
                Latency.WARMUP, Latency.RUNS, lm.median(), lm.quantile(0.9), lat.median(), lat.quantile(0), lat.quantile(1));
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
