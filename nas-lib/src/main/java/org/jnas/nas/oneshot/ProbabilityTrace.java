package org.jnas.nas.oneshot;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jnas.nas.data.TrainTestData;

/**
 * Counts a search's steps and keeps its probabilities every few steps, so they can be charted over
 * steps, as NNI logs them, and not only at the epochs' ends: about {@value #POINTS} points over the
 * whole search, however many steps an epoch has, so a long search's record and live view stay small.
 */
final class ProbabilityTrace {
    static final int POINTS = 100;
    /**
     * An epoch's metric: the steps taken so far, each a weight batch and the architecture batch paired
     * with it; results.ArchitectureRanking reads it by the same name (this package may not use results).
     */
    static final String STEP = "step";

    /** The probabilities after step {@code step} of the search (from 1). */
    record Point(long step, Map<String, List<Double>> probabilities) {
    }

    private final Supernet supernet;
    private final boolean keepsProbabilities;
    private final long stepsPerEpoch;
    private final long every;
    private final List<Point> epoch = new ArrayList<>();
    private long step;

    /**
     * @param halves the weight half (train) and the architecture half (test): an epoch steps through
     *     the smaller in batches of {@code batchSize}
     * @param keepsProbabilities false for a search that learns none (RandomOneShot): steps are counted only
     */
    ProbabilityTrace(Supernet supernet, TrainTestData halves, int batchSize, int epochs, boolean keepsProbabilities) {
        this.supernet = supernet;
        this.keepsProbabilities = keepsProbabilities;
        this.stepsPerEpoch = (Math.min(halves.train().size(), halves.test().size()) + batchSize - 1) / batchSize;
        this.every = Math.max(1, (stepsPerEpoch * epochs + POINTS - 1) / POINTS);
    }

    /**
     * Continues a resumed search after the completed epoch {@code done}: at the steps it recorded
     * (a checkpoint written before they were recorded: an epoch's worth more).
     */
    void resumeAfter(SupernetCheckpoint.Epoch done) {
        Double recorded = done.metrics().get(STEP);
        step = recorded != null ? recorded.longValue() : step + stepsPerEpoch;
        epoch.clear();
    }

    /** After each step (a weight step, and the architecture step paired with it). */
    void stepped() {
        step++;
        if (keepsProbabilities && step % every == 0) {
            epoch.add(new Point(step, supernet.probabilities()));
        }
    }

    /** The steps of an epoch: batches of the smaller half. */
    long stepsPerEpoch() {
        return stepsPerEpoch;
    }

    /** The steps the search has taken. */
    long step() {
        return step;
    }

    /**
     * The points kept in the epoch that just ended, before its last step (whose probabilities are
     * the epoch's own), and starts the next epoch's.
     */
    List<Point> endEpoch() {
        List<Point> points = epoch.stream().filter(p -> p.step() < step).toList();
        epoch.clear();
        return points;
    }
}
