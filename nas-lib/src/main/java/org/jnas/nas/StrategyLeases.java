package org.jnas.nas;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jnas.nas.internal.engine.TrialEngine;
import org.jnas.nas.strategy.Strategy;

/**
 * Which running experiment holds which strategy. A strategy keeps the state of one search, and
 * {@code start} resets it: a second experiment started with a strategy a first one is still using
 * reset the first one's search under it, which then ended after its next trial ("strategy
 * exhausted") or went on proposing from the second one's space. So an experiment whose strategy, or
 * one it {@linkplain Strategy#wrapped() wraps}, is held by a running experiment is refused at start;
 * once that one has ended, the strategy is free again (its next start begins a new search).
 */
final class StrategyLeases {
    /** Leases taken and not yet seen to end; guarded by the class. */
    private static final List<Lease> LEASES = new ArrayList<>();

    private StrategyLeases() {}

    /** One experiment's hold on its strategies, from its start until its search has ended. */
    static final class Lease {
        private final String experiment;
        private final List<Strategy> strategies;
        /** The search, once started; none while it starts. */
        private volatile TrialEngine engine;
        private volatile boolean released;

        private Lease(String experiment, List<Strategy> strategies) {
            this.experiment = experiment;
            this.strategies = strategies;
        }

        /** Holds the strategies until {@code search} has ended. */
        void heldBy(TrialEngine search) {
            this.engine = search;
        }

        /** Frees the strategies now (a start that failed). */
        void release() {
            released = true;
        }

        private boolean held() {
            TrialEngine e = engine;
            return !released && (e == null || !e.hasEnded());
        }

        private Optional<Strategy> holds(List<Strategy> others) {
            return others.stream().filter(o -> strategies.stream().anyMatch(s -> s == o)).findFirst();
        }
    }

    /**
     * Takes {@code strategy} and those it wraps for the experiment {@code experiment} (its name and
     * id, for the message).
     *
     * @throws IllegalStateException naming the running experiment when one holds any of them
     */
    static synchronized Lease take(String experiment, Strategy strategy) {
        LEASES.removeIf(lease -> !lease.held());
        List<Strategy> strategies = new ArrayList<>();
        collect(strategy, strategies);
        for (Lease lease : LEASES) {
            Optional<Strategy> shared = lease.holds(strategies);
            if (shared.isPresent()) {
                String which = shared.get() == strategy ? "its strategy " + strategy.name()
                        : "the strategy " + shared.get().name() + " inside its strategy " + strategy.name();
                throw new IllegalStateException("experiment " + experiment + " cannot start: " + which
                        + " is in use by the running experiment " + lease.experiment + ". A strategy holds the state"
                        + " of one search: give this experiment a new one (a strategy object per experiment),"
                        + " or start it after the other has ended (await() or stop() it)");
            }
        }
        Lease lease = new Lease(experiment, List.copyOf(strategies));
        LEASES.add(lease);
        return lease;
    }

    private static void collect(Strategy strategy, List<Strategy> into) {
        if (into.stream().noneMatch(s -> s == strategy)) {
            into.add(strategy);
            strategy.wrapped().forEach(inner -> collect(inner, into));
        }
    }
}
