package org.jnas.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalLong;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.function.Supplier;
import org.jnas.nas.space.Sample;
import org.jnas.nas.strategy.Capacity;
import org.jnas.nas.strategy.Proposal;
import org.jnas.nas.strategy.Strategy;
import org.jnas.nas.strategy.TrialOutcome;
import org.jnas.nas.trial.Direction;

/**
 * How close strategies get to the optimum of random objectives with a given budget. Each seed draws
 * an objective over an 8-label x 5-candidate grid (390,625 architectures): a Gaussian term per
 * label and value, plus 6 Gaussian interaction terms between random pairs of labels (scaled by
 * 0.7), whose exact maximum and minimum are found by going through the whole grid. A strategy
 * searches it as an experiment would, without training: 4 trials at a time, each taking a random
 * 1 to 4 time units, so results reach the strategy out of proposal order. The regret is the
 * distance, in the search's direction, from the best metric found to the optimum.
 */
final class Regret {
    static final int LABELS = 8;
    static final int CANDIDATES = 5;
    static final int CONCURRENCY = 4;
    private static final int PAIRS = 6;
    private static final double INTERACTION_SCALE = 0.7;

    private final GridSpace space = new GridSpace(LABELS, CANDIDATES);
    private final List<Objective> objectives = new ArrayList<>();

    /** The objectives of seeds 0 .. seeds-1, shared by every strategy, direction and budget. */
    Regret(int seeds) {
        for (int seed = 0; seed < seeds; seed++) {
            objectives.add(new Objective(new Random(1000 + seed)));
        }
    }

    /** The mean regret over the seeds, with its standard error. */
    record Estimate(double mean, double standardError) {
        @Override
        public String toString() {
            return Stats.number("%.3f", mean) + " ± " + Stats.number("%.3f", standardError);
        }
    }

    /** The regret of {@code strategies} (a new one per seed) after {@code budget} trials. */
    Estimate of(Supplier<Strategy> strategies, Direction direction, int budget) {
        double[] regrets = new double[objectives.size()];
        for (int seed = 0; seed < regrets.length; seed++) {
            Objective f = objectives.get(seed);
            double best = search(strategies.get(), f, direction, budget, seed);
            regrets[seed] = direction == Direction.MAXIMIZE ? f.max - best : best - f.min;
        }
        Stats stats = Stats.of(regrets);
        return new Estimate(stats.mean(), stats.standardDeviation() / Math.sqrt(stats.count()));
    }

    /** A trial in flight: it ends at {@code end}; ties end in submission order. */
    private record InFlight(int end, long id, Sample sample) {}

    /** The best metric {@code strategy} finds on {@code f} within {@code budget} trials. */
    private double search(Strategy strategy, Objective f, Direction direction, int budget, long seed) {
        strategy.start(space, direction, seed);
        Random durations = new Random(seed * 7919 + 13);
        PriorityQueue<InFlight> running = new PriorityQueue<>(
                Comparator.comparingInt(InFlight::end).thenComparingLong(InFlight::id));
        int now = 0;
        long submitted = 0;
        boolean exhausted = false;
        double best = Double.NaN;
        while (true) {
            while (!exhausted && running.size() < CONCURRENCY && submitted < budget) {
                Proposal p = strategy.propose(new Capacity(CONCURRENCY - running.size(), running.size(),
                        OptionalLong.of(budget - submitted)));
                if (p.isWait() && running.isEmpty()) {
                    throw new IllegalStateException(strategy.name() + " waits with no trial running: the search would hang");
                }
                if (!p.isSample()) {
                    exhausted = p.isExhausted();
                    break;
                }
                running.add(new InFlight(now + 1 + durations.nextInt(4), submitted++, p.sample()));
            }
            InFlight done = running.poll();
            if (done == null) {
                return best;
            }
            now = done.end();
            double metric = f.value(space.indices(done.sample()));
            best = Double.isNaN(best) || direction.isBetter(metric, best) ? metric : best;
            strategy.onTrialEnd(TrialOutcome.succeeded(done.id(), done.sample(), metric));
        }
    }

    /** A random objective over the grid, with its exact extremes. */
    private static final class Objective {
        private final double[][] perLabel = new double[LABELS][CANDIDATES];
        private final int[][] pairs = new int[PAIRS][];
        private final double[][][] perPair = new double[PAIRS][CANDIDATES][CANDIDATES];
        final double max;
        final double min;

        Objective(Random random) {
            for (double[] terms : perLabel) {
                for (int v = 0; v < CANDIDATES; v++) {
                    terms[v] = random.nextGaussian();
                }
            }
            for (int p = 0; p < PAIRS; p++) {
                int first = random.nextInt(LABELS);
                pairs[p] = new int[] {first, (first + 1 + random.nextInt(LABELS - 1)) % LABELS};
                for (double[] row : perPair[p]) {
                    for (int v = 0; v < CANDIDATES; v++) {
                        row[v] = INTERACTION_SCALE * random.nextGaussian();
                    }
                }
            }
            double hi = Double.NEGATIVE_INFINITY;
            double lo = Double.POSITIVE_INFINITY;
            int[] point = new int[LABELS];
            do {
                double v = value(point);
                hi = Math.max(hi, v);
                lo = Math.min(lo, v);
            } while (GridSpace.advance(point, CANDIDATES));
            max = hi;
            min = lo;
        }

        /** The objective at a point given as candidate indices. */
        double value(int[] point) {
            double sum = 0;
            for (int label = 0; label < LABELS; label++) {
                sum += perLabel[label][point[label]];
            }
            for (int p = 0; p < PAIRS; p++) {
                sum += perPair[p][point[pairs[p][0]]][point[pairs[p][1]]];
            }
            return sum;
        }
    }
}
