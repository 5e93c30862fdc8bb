package org.jnas.nas.internal.engine;

import java.util.Map;

/**
 * Thrown by an evaluator that decided, before training, that its trial's architecture is not to
 * be trained (it breaks a limit only the trial's device can check, such as a latency limit). The
 * trial ends EARLY_STOPPED, not FAILED, with {@link #metrics()} as its final metrics and the
 * message in its log, and the engine counts it among the architectures skipped.
 */
public final class NotTrained extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Map<String, Double> metrics;

    /**
     * @param why the reason, for the trial's log, e.g. {@code not trained: latency 3.1 ms is over the limit of 2 ms}
     * @param metrics what was measured, kept as the trial's final metrics
     */
    public NotTrained(String why, Map<String, Double> metrics) {
        super(why, null, false, false);
        this.metrics = Map.copyOf(metrics);
    }

    /** What the trial measured before it was ruled out. */
    public Map<String, Double> metrics() {
        return metrics;
    }
}
