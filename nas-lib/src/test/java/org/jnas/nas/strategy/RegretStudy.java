package org.jnas.nas.strategy;

import java.util.function.Supplier;
import org.jnas.nas.trial.Direction;

/**
 * Regret of strategies on synthetic objectives: for each seed, a fresh random objective over an
 * 8-label x 5-candidate space (390,625 architectures; additive terms plus 6 pairwise interactions),
 * searched with 4 trials at a time; regret = the distance, in the search's direction, between the
 * best metric found and the true optimum.
 */
public final class RegretStudy {
    public static final int LABELS = 8;
    public static final int CANDIDATES = 5;
    public static final int CONCURRENCY = 4;

    private static final TestSpace SPACE = TestSpace.grid(LABELS, CANDIDATES);

    private final SyntheticObjective[] objectives;

    /** Objectives for seeds 0..seeds-1 (built once, shared by every strategy and budget). */
    public RegretStudy(int seeds) {
        objectives = new SyntheticObjective[seeds];
        for (int s = 0; s < seeds; s++) {
            objectives[s] = new SyntheticObjective(LABELS, CANDIDATES, 6, 0.7, 1000 + s);
        }
    }

    /** Mean and standard error of the regret over the seeds. */
    public record Stats(double mean, double stderr) {
        @Override
        public String toString() {
            return String.format("%.3f ± %.3f", mean, stderr);
        }
    }

    /** The regret of {@code strategy} (a fresh one per seed) at {@code budget} trials. */
    public Stats regret(Supplier<Strategy> strategy, Direction direction, int budget) {
        double sum = 0;
        double squares = 0;
        for (int s = 0; s < objectives.length; s++) {
            SyntheticObjective f = objectives[s];
            Simulator.Run run = Simulator.of(SPACE, f::value)
                    .direction(direction).concurrency(CONCURRENCY).budget(budget).seed(s)
                    .run(strategy.get());
            double best = run.best(direction);
            double regret = direction == Direction.MAXIMIZE ? f.max() - best : best - f.min();
            sum += regret;
            squares += regret * regret;
        }
        int n = objectives.length;
        double mean = sum / n;
        double variance = Math.max(0, (squares - n * mean * mean) / (n - 1));
        return new Stats(mean, Math.sqrt(variance / n));
    }
}
