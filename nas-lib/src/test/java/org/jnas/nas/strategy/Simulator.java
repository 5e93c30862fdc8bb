package org.jnas.nas.strategy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.function.BiFunction;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import org.jnas.nas.trial.Direction;
import org.jnas.nas.space.Sample;
import org.jnas.nas.space.SearchSpace;
import org.jnas.nas.trial.TrialStatus;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * A fake engine: drives a strategy against an objective function the way an experiment would,
 * with {@code concurrency} slots and a budget of trials. Each trial takes a random duration (seeded),
 * reports {@code steps} intermediate results along the way, and ends; outcomes reach the strategy in
 * completion order, so concurrent trials finish out of proposal order. Fails loudly if the strategy
 * answers WAIT while nothing runs (a search that would hang).
 */
public final class Simulator {
    /** One trial as it ended. */
    public record Trial(long id, Sample sample, TrialStatus status, double metric, List<Double> intermediates) {}

    /** What a run produced. */
    public record Run(List<Sample> proposals, List<Trial> trials, boolean exhausted) {
        /** The best final metric in {@code direction}, NaN when none succeeded. */
        public double best(Direction direction) {
            double best = Double.NaN;
            for (Trial t : trials) {
                if (Double.isFinite(t.metric) && (Double.isNaN(best) || direction.isBetter(t.metric, best))) {
                    best = t.metric;
                }
            }
            return best;
        }
    }

    private final SearchSpace space;
    private final ToDoubleFunction<Sample> objective;
    private Direction direction = Direction.MAXIMIZE;
    private int concurrency = 1;
    private long budget = 100;
    private long seed = 1;
    private int steps;
    private BiFunction<Sample, Integer, Double> curve;
    private Predicate<Sample> fails = s -> false;

    private Simulator(SearchSpace space, ToDoubleFunction<Sample> objective) {
        this.space = Objects.requireNonNull(space);
        this.objective = Objects.requireNonNull(objective);
    }

    /** A simulator of {@code space} whose trials end with metric {@code objective(sample)}. */
    public static Simulator of(SearchSpace space, ToDoubleFunction<Sample> objective) {
        return new Simulator(space, objective);
    }

    public Simulator direction(Direction direction) {
        this.direction = direction;
        return this;
    }

    public Simulator concurrency(int concurrency) {
        this.concurrency = concurrency;
        return this;
    }

    public Simulator budget(long budget) {
        this.budget = budget;
        return this;
    }

    /** Seeds both the strategy and the trial durations. */
    public Simulator seed(long seed) {
        this.seed = seed;
        return this;
    }

    /** Intermediate results per trial: {@code curve(sample, step)} for steps 0..steps-1. */
    public Simulator intermediates(int steps, BiFunction<Sample, Integer, Double> curve) {
        this.steps = steps;
        this.curve = curve;
        return this;
    }

    /** Which trials fail (asked once per trial, so a stateful predicate can fail only some attempts). */
    public Simulator fails(Predicate<Sample> fails) {
        this.fails = fails;
        return this;
    }

    /** Runs {@code strategy} to the end of the budget or the search. */
    public Run run(Strategy strategy) {
        return run(() -> strategy, -1);
    }

    /**
     * Runs a strategy from {@code factory}; after {@code restoreAt} strategy calls, saves its state,
     * and continues with a fresh strategy from the factory restored from that state (as JSON text),
     * as an experiment resumed after a crash would. The trials running meanwhile carry on.
     */
    public Run run(Supplier<Strategy> factory, int restoreAt) {
        Strategy strategy = factory.get();
        strategy.start(space, direction, seed);
        Rng durations = new Rng(seed * 31 + 7);
        PriorityQueue<Event> events = new PriorityQueue<>();
        Map<Long, Running> running = new HashMap<>();
        List<Sample> proposals = new ArrayList<>();
        List<Trial> trials = new ArrayList<>();
        boolean exhausted = false;
        long submitted = 0;
        long seq = 0;
        double now = 0;
        int calls = 0;
        while (true) {
            while (!exhausted && running.size() < concurrency && submitted < budget) {
                if (calls++ == restoreAt) {
                    strategy = restored(factory, strategy);
                }
                Proposal p = strategy.propose(new Capacity(concurrency - running.size(), running.size(), OptionalLong.of(budget - submitted)));
                if (p.isExhausted()) {
                    exhausted = true;
                } else if (p.isWait()) {
                    if (running.isEmpty()) {
                        throw new AssertionError(strategy.name() + " answered WAIT with no trial running: the search would hang");
                    }
                    break;
                } else {
                    long id = submitted++;
                    proposals.add(p.sample());
                    Running r = new Running(id, p.sample());
                    running.put(id, r);
                    double duration = 1 + durations.nextInt(4);
                    for (int k = 0; k < steps; k++) {
                        events.add(new Event(now + duration * (k + 1) / (steps + 1), seq++, id, k));
                    }
                    events.add(new Event(now + duration, seq++, id, -1));
                }
            }
            if (running.isEmpty()) {
                return new Run(proposals, trials, exhausted);
            }
            Event e = events.poll();
            now = e.time;
            Running r = running.get(e.trial);
            if (r == null) {
                continue; // stopped early; its remaining events are void
            }
            if (calls++ == restoreAt) {
                strategy = restored(factory, strategy);
            }
            if (e.step >= 0) {
                double value = curve.apply(r.sample, e.step);
                r.intermediates.add(value);
                if (strategy.onIntermediate(r.id, r.sample, e.step, value)) {
                    end(strategy, running, trials, new TrialOutcome(r.id, r.sample, TrialStatus.EARLY_STOPPED, OptionalDouble.of(value), r.intermediates));
                }
            } else if (fails.test(r.sample)) {
                end(strategy, running, trials, new TrialOutcome(r.id, r.sample, TrialStatus.FAILED, OptionalDouble.empty(), r.intermediates));
            } else {
                end(strategy, running, trials, new TrialOutcome(r.id, r.sample, TrialStatus.SUCCEEDED,
                        OptionalDouble.of(objective.applyAsDouble(r.sample)), r.intermediates));
            }
        }
    }

    private Strategy restored(Supplier<Strategy> factory, Strategy old) {
        String saved = old.saveState().json();
        Strategy fresh = factory.get();
        fresh.start(space, direction, seed);
        fresh.restoreState(StrategyState.of(saved));
        return fresh;
    }

    private static void end(Strategy strategy, Map<Long, Running> running, List<Trial> trials, TrialOutcome o) {
        running.remove(o.trialId());
        trials.add(new Trial(o.trialId(), o.sample(), o.status(), o.metric().orElse(Double.NaN), o.intermediates()));
        strategy.onTrialEnd(o);
    }

    private static final class Running {
        final long id;
        final Sample sample;
        final List<Double> intermediates = new ArrayList<>();

        Running(long id, Sample sample) {
            this.id = id;
            this.sample = sample;
        }
    }

    private record Event(double time, long seq, long trial, int step) implements Comparable<Event> {
        @Override
        public int compareTo(Event o) {
            int c = Double.compare(time, o.time);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }
}
