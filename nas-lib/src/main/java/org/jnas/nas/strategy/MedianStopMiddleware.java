package org.jnas.nas.strategy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jnas.nas.space.Sample;
import org.jnas.nas.space.SearchSpace;
import org.jnas.nas.trial.Direction;
import org.jnas.nas.trial.TrialStatus;

/** See {@link Middleware#medianStop(Strategy, int, int)}. */
final class MedianStopMiddleware extends WrappingStrategy {
    private final int warmupTrials;
    private final int minSteps;
    /** Scores (larger is better) reported so far by running trials. */
    private final Map<Long, List<Double>> running = new HashMap<>();
    /** Running averages of the scores of succeeded trials, by step. */
    private final List<double[]> completed = new ArrayList<>();

    MedianStopMiddleware(Strategy inner, int warmupTrials, int minSteps) {
        super(inner);
        this.warmupTrials = warmupTrials;
        this.minSteps = minSteps;
    }

    @Override
    public String name() {
        return "MedianStop(" + inner.name() + ")";
    }

    @Override
    void begin(SearchSpace space, Direction direction, long seed) {
        super.begin(space, direction, seed);
        running.clear();
        completed.clear();
    }

    @Override
    Proposal next(Capacity capacity) {
        return inner.propose(capacity);
    }

    @Override
    boolean intermediate(long trialId, Sample sample, int step, double value) {
        boolean innerStops = inner.onIntermediate(trialId, sample, step, value);
        if (!Double.isFinite(value)) {
            return innerStops;
        }
        List<Double> history = running.computeIfAbsent(trialId, id -> new ArrayList<>());
        history.add(direction().score(value));
        int t = history.size() - 1;
        if (completed.size() < warmupTrials || history.size() < minSteps) {
            return innerStops;
        }
        double best = history.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        double[] averages = completed.stream().filter(a -> a.length > t).mapToDouble(a -> a[t]).toArray();
        if (averages.length == 0) {
            return innerStops;
        }
        return best < median(averages) || innerStops;
    }

    @Override
    void learn(TrialOutcome outcome) {
        running.remove(outcome.trialId());
        if (outcome.status() == TrialStatus.SUCCEEDED) {
            double[] averages = new double[outcome.intermediates().size()];
            double sum = 0;
            int n = 0;
            for (double v : outcome.intermediates()) {
                if (!Double.isFinite(v)) {
                    break;
                }
                sum += direction().score(v);
                averages[n] = sum / ++n;
            }
            if (n > 0) {
                completed.add(Arrays.copyOf(averages, n));
            }
        }
        inner.onTrialEnd(outcome);
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        int m = v.length / 2;
        return v.length % 2 == 1 ? v[m] : (v[m - 1] + v[m]) / 2;
    }
}
