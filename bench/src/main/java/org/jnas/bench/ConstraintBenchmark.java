package org.jnas.bench;

import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jnas.nas.DevicePolicy;
import org.jnas.nas.Experiment;
import org.jnas.nas.data.Datasets;
import org.jnas.nas.evaluator.ClassificationEvaluator;
import org.jnas.nas.profile.Profile;
import org.jnas.nas.profile.ProfileLimit;
import org.jnas.nas.space.ModelSpace;
import org.jnas.nas.space.Sample;
import org.jnas.nas.strategy.Middleware;
import org.jnas.nas.strategy.Strategy;

/**
 * What a parameter constraint saves: the wall time of the same grid search, with and without
 * {@code Middleware.constraint(gridSearch, ProfileLimit.parameters(1_000_000), (1, 1, 28, 28))}, on
 * the quickstart space narrowed to {@code feature} in {64, 256} (12 architectures, of which the 6
 * with 256 units break the limit), each trial training the built-in classification evaluator
 * on a slice of Fashion-MNIST. The two searches alternate round by round in one JVM (after a
 * warm-up search that is not timed), so that both see the same load; prints each round and the
 * medians with their ratio.
 *
 * <p>Run: {@code bench/run.sh ConstraintBenchmark [--rounds 3] [--train 1024] [--test 256]}; needs
 * Fashion-MNIST where {@code Datasets.fashionMnist()} finds it.
 */
public final class ConstraintBenchmark {
    private static final Shape IMAGE = new Shape(1, 1, 28, 28);
    private static final ProfileLimit LIMIT = ProfileLimit.parameters(1_000_000);

    private ConstraintBenchmark() {}

    public static void main(String[] args) throws Exception {
        Options options = Options.parse("ConstraintBenchmark", args);
        int rounds = options.integer("rounds", 3, "timed rounds, each one search without and one with the constraint");
        int train = options.integer("train", 1024, "training images per trial (one epoch)");
        int test = options.integer("test", 256, "test images per trial");
        options.done();

        ModelSpace space = space();
        List<Sample> all = new ArrayList<>();
        space.enumerate().forEach(all::add);
        long over = all.stream().filter(s -> !LIMIT.allows(Profile.of(space, s, IMAGE))).count();
        System.out.printf(Locale.ROOT, "%d architectures, %d over %s%n", all.size(), over, LIMIT);
        ClassificationEvaluator evaluator = ClassificationEvaluator.builder()
                .setData(() -> Datasets.fashionMnist().first(train, test))
                .optEpochs(1).optBatchSize(64).build();

        search(space, evaluator, false, "warm-up");
        List<Double> plain = new ArrayList<>();
        List<Double> constrained = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            plain.add(search(space, evaluator, false, "round " + round));
            constrained.add(search(space, evaluator, true, "round " + round));
        }
        double p = Stats.of(plain).median();
        double c = Stats.of(constrained).median();
        System.out.printf(Locale.ROOT, "median of %d rounds: without %.1f s, with the constraint %.1f s; ratio %.2f%n",
                rounds, p, c, c / p);
    }

    /** The wall seconds of one grid search over the space, with or without the constraint. */
    private static double search(ModelSpace space, ClassificationEvaluator evaluator, boolean constrained, String what)
            throws Exception {
        Strategy strategy = constrained ? Middleware.constraint(Strategy.gridSearch(), LIMIT, IMAGE) : Strategy.gridSearch();
        try (Experiment exp = Experiment.create(space, evaluator, strategy)) {
            exp.config().name("constraint-bench").devicePolicy(DevicePolicy.CPU).maxTrials(100).persist(false);
            long start = System.nanoTime();
            exp.run();
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "%-8s %-16s %5.1f s  %2d trials trained, %2d skipped, %s%n", what,
                    constrained ? "with constraint" : "without", seconds, exp.trials().size(), exp.skipped(),
                    exp.endReason());
            return seconds;
        }
    }

    /** The quickstart space ({@link QuickstartSpace}) with {@code feature} in {64, 256}: 12 architectures. */
    static ModelSpace space() {
        return QuickstartSpace.create("mnist-64-256", 64, 256);
    }
}
