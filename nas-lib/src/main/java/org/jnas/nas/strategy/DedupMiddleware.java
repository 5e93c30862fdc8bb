package org.jnas.nas.strategy;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.jnas.nas.space.Sample;
import org.jnas.nas.space.SearchSpace;
import org.jnas.nas.trial.Direction;

/** See {@link Middleware#dedup}. */
final class DedupMiddleware extends WrappingStrategy {
    private static final int MAX_REPEATS = 16;

    private Rng rng;
    private SeenSamples seen;
    private final Map<Sample, TrialOutcome> results = new HashMap<>();
    private final Map<Sample, Integer> waiting = new HashMap<>();
    private final Set<Sample> replacements = new HashSet<>();

    DedupMiddleware(Strategy inner) {
        super(inner);
    }

    @Override
    public String name() {
        return "Dedup(" + inner.name() + ")";
    }

    @Override
    void begin(SearchSpace space, Direction direction, long seed) {
        super.begin(space, direction, seed);
        rng = new Rng(~seed);
        seen = new SeenSamples(space);
        results.clear();
        waiting.clear();
        replacements.clear();
    }

    @Override
    Proposal next(Capacity capacity) {
        for (int i = 0; i < MAX_REPEATS; i++) {
            if (seen.exhausted()) {
                return Proposal.EXHAUSTED;
            }
            Proposal p = inner.propose(capacity);
            if (!p.isSample() || seen.add(p.sample())) {
                return p;
            }
            TrialOutcome earlier = results.get(p.sample());
            if (earlier != null) {
                inner.onTrialEnd(earlier);
            } else {
                waiting.merge(p.sample(), 1, Integer::sum);
            }
        }
        Sample replacement = seen.randomUnseen(rng);
        if (replacement == null) {
            return Proposal.EXHAUSTED;
        }
        seen.add(replacement);
        replacements.add(replacement);
        return Proposal.of(replacement);
    }

    @Override
    void learn(TrialOutcome outcome) {
        Sample s = outcome.sample();
        results.put(s, outcome);
        if (!replacements.remove(s)) { // the inner strategy never proposed a replacement
            inner.onTrialEnd(outcome);
        }
        Integer repeats = waiting.remove(s);
        for (int i = 0; repeats != null && i < repeats; i++) {
            inner.onTrialEnd(outcome);
        }
    }
}
