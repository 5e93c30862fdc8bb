package org.jnas.nas.strategy;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalDouble;
import org.jnas.nas.space.Sample;
import org.jnas.nas.space.SearchSpace;
import org.jnas.nas.trial.Direction;
import org.jnas.nas.trial.TrialStatus;

/** See {@link Middleware#retryFailures} and {@link Middleware#ignoreFailures}. */
final class FailureMiddleware extends WrappingStrategy {
    private final int maxRetries;
    private final boolean ignore;
    private final Deque<Sample> retries = new ArrayDeque<>();
    private final Map<Sample, Integer> attempts = new HashMap<>();

    FailureMiddleware(Strategy inner, int maxRetries, boolean ignore) {
        super(inner);
        this.maxRetries = maxRetries;
        this.ignore = ignore;
    }

    @Override
    public String name() {
        return ignore ? "IgnoreFailures(" + inner.name() + ")" : "RetryFailures(" + maxRetries + ", " + inner.name() + ")";
    }

    @Override
    void begin(SearchSpace space, Direction direction, long seed) {
        super.begin(space, direction, seed);
        retries.clear();
        attempts.clear();
    }

    @Override
    Proposal next(Capacity capacity) {
        if (!retries.isEmpty()) {
            return Proposal.of(retries.poll());
        }
        Proposal p = inner.propose(capacity);
        // A running trial may still fail and need a retry: do not end the search under it.
        if (p.isExhausted() && !attempts.isEmpty() && capacity.running() > 0) {
            return Proposal.WAIT;
        }
        if (p.isSample() && maxRetries > 0) {
            attempts.putIfAbsent(p.sample(), 0);
        }
        return p;
    }

    @Override
    void learn(TrialOutcome outcome) {
        Sample s = outcome.sample();
        if (outcome.status() == TrialStatus.FAILED) {
            int failed = attempts.getOrDefault(s, 0);
            if (failed < maxRetries) {
                attempts.put(s, failed + 1);
                retries.add(s);
                return;
            }
            attempts.remove(s);
            inner.onTrialEnd(ignore
                    ? new TrialOutcome(outcome.trialId(), s, TrialStatus.CANCELLED, OptionalDouble.empty(), outcome.intermediates())
                    : outcome);
            return;
        }
        attempts.remove(s);
        inner.onTrialEnd(outcome);
    }
}
