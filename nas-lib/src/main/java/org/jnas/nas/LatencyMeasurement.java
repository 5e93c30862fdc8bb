package org.jnas.nas;

import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * Whether each trial measures its latency before it trains: the batch size measured besides batch
 * 1 (empty: no measurement) and the batch-1 limit over which a trial is not trained. A limit needs
 * a measurement, so setting one turns measuring on; being one value, the two never disagree.
 */
record LatencyMeasurement(OptionalInt batchSize, OptionalDouble limit) {
    static final LatencyMeasurement OFF = new LatencyMeasurement(OptionalInt.empty(), OptionalDouble.empty());

    LatencyMeasurement withBatchSize(int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("measureLatency needs a batch size of at least 1, got " + batchSize);
        }
        return new LatencyMeasurement(OptionalInt.of(batchSize), limit);
    }

    /** The limit in milliseconds, measuring batch 1 unless a batch size is set. */
    LatencyMeasurement withLimit(double ms) {
        if (!(ms > 0) || Double.isInfinite(ms)) {
            throw new IllegalArgumentException("latencyLimit must be a positive number of milliseconds, got " + ms);
        }
        return new LatencyMeasurement(batchSize.isPresent() ? batchSize : OptionalInt.of(1), OptionalDouble.of(ms));
    }
}
