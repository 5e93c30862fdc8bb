package org.jnas.nas.strategy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;
import org.jnas.nas.space.Sample;
import org.jnas.nas.trial.Direction;
import org.jnas.nas.trial.Objective;
import org.jnas.nas.trial.TrialStatus;
import org.junit.jupiter.api.Test;

/**
 * NSGA-II on a space whose Pareto front is known: four choices of 0..9, "accuracy" their sum (to
 * maximise), "params" the sum of their squares (to minimise). For each sum the balanced choices
 * have the fewest params, so the front in objective space is 37 points, one per sum 0..36.
 */
class Nsga2Test {
    private static final List<Objective> OBJECTIVES = List.of(Objective.maximize("default"), Objective.minimize("params"));
    private static final TestSpace SPACE;

    static {
        Map<String, List<?>> labels = new LinkedHashMap<>();
        for (String label : List.of("a", "b", "c", "d")) {
            labels.put(label, List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9));
        }
        SPACE = TestSpace.of(labels);
    }

    static Map<String, Double> metrics(Sample s) {
        double sum = 0;
        double squares = 0;
        for (Object v : s.values().values()) {
            int x = ((Number) v).intValue();
            sum += x;
            squares += x * x;
        }
        return Map.of("default", sum, "params", squares);
    }

    /** The front's points: for each sum, the least sum of squares (values differing by at most 1). */
    static Set<List<Double>> knownFront() {
        Set<List<Double>> front = new HashSet<>();
        for (int sum = 0; sum <= 36; sum++) {
            int q = sum / 4;
            int r = sum % 4;
            front.add(List.of((double) sum, (double) (r * (q + 1) * (q + 1) + (4 - r) * q * q)));
        }
        return front;
    }

    /** Runs {@code strategy} for {@code budget} trials, {@code concurrency} at a time; the objective points found. */
    static List<Map<String, Double>> run(Strategy strategy, long seed, int budget, int concurrency) {
        strategy.start(SPACE, Direction.MAXIMIZE, seed);
        List<Map<String, Double>> found = new ArrayList<>();
        List<Sample> running = new ArrayList<>();
        long id = 0;
        while (found.size() < budget) {
            Proposal p = running.size() < concurrency
                    ? strategy.propose(new Capacity(concurrency - running.size(), running.size(), OptionalLong.of(budget - id)))
                    : Proposal.WAIT;
            if (p.isExhausted()) {
                break;
            }
            if (p.isSample() && id < budget) {
                running.add(p.sample());
                id++;
                continue;
            }
            assertTrue(!running.isEmpty(), "WAIT while nothing runs");
            Sample done = running.remove(0); // the oldest ends first
            Map<String, Double> m = metrics(done);
            strategy.onTrialEnd(new TrialOutcome(found.size() + 1, done, TrialStatus.SUCCEEDED, OptionalDouble.of(m.get("default")),
                    List.of(), m));
            found.add(m);
        }
        return found;
    }

    static int frontPointsFound(List<Map<String, Double>> found) {
        Set<List<Double>> front = knownFront();
        Set<List<Double>> hit = new HashSet<>();
        for (Map<String, Double> m : found) {
            List<Double> point = List.of(m.get("default"), m.get("params"));
            if (front.contains(point)) {
                hit.add(point);
            }
        }
        return hit.size();
    }

    @Test
    void findsMostOfAKnownFrontInATenthOfTheSpace() {
        for (long seed = 1; seed <= 5; seed++) {
            int nsga = frontPointsFound(run(Strategy.nsga2().objectives(OBJECTIVES.toArray(Objective[]::new)).populationSize(50),
                    seed, 1000, 1));
            int random = frontPointsFound(run(Strategy.random(), seed, 1000, 1));
            assertTrue(nsga >= 25, "seed " + seed + ": NSGA2 found " + nsga + " of the 37 front points in 600 of 10,000 architectures");
            assertTrue(nsga > 1.5 * random, "seed " + seed + ": NSGA2 " + nsga + ", random " + random);
        }
    }

    @Test
    void concurrentTrialsNeverHangAndNothingIsProposedTwice() {
        Strategy nsga = Strategy.nsga2().objectives(OBJECTIVES.toArray(Objective[]::new)).populationSize(10);
        List<Map<String, Double>> found = run(nsga, 7, 200, 4);
        assertEquals(200, found.size());
    }

    @Test
    void aRestoredSearchProposesWhatTheUninterruptedOneWould() {
        Strategy first = Strategy.nsga2().objectives(OBJECTIVES.toArray(Objective[]::new)).populationSize(10);
        run(first, 5, 60, 2);
        StrategyState saved = first.saveState();
        Strategy again = Strategy.nsga2().objectives(OBJECTIVES.toArray(Objective[]::new)).populationSize(10);
        again.start(SPACE, Direction.MAXIMIZE, 5);
        again.restoreState(saved);
        Capacity one = new Capacity(1, 0, OptionalLong.empty());
        for (int i = 0; i < 5; i++) {
            Sample next = first.propose(one).sample();
            assertEquals(next, again.propose(one).sample());
            TrialOutcome outcome = new TrialOutcome(100 + i, next, TrialStatus.SUCCEEDED, OptionalDouble.of(metrics(next).get("default")),
                    List.of(), metrics(next));
            first.onTrialEnd(outcome);
            again.onTrialEnd(outcome);
        }
    }

    @Test
    void needsItsObjectives() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Strategy.nsga2().start(SPACE, Direction.MAXIMIZE, 1));
        assertTrue(e.getMessage().contains("objectives"), e.getMessage());
    }

    @Test
    void rankingSortsFrontsAndKeepsTheEndsOfEach() {
        List<Nsga2.Member> members = new ArrayList<>();
        double[][] scores = {{3, 0}, {2, 1}, {1, 2}, {0, 3}, {1, 1}, {0, 0}, {2, 1}};
        for (int i = 0; i < scores.length; i++) {
            members.add(new Nsga2.Member(Sample.empty(), scores[i]));
        }
        ParetoRanking.rank(members);
        assertEquals(List.of(0, 0, 0, 0, 1, 2, 0), members.stream().map(m -> m.rank).toList());
        assertEquals(Double.POSITIVE_INFINITY, members.get(0).crowding);
        assertEquals(Double.POSITIVE_INFINITY, members.get(3).crowding);
        assertTrue(members.get(2).crowding > 0 && Double.isFinite(members.get(2).crowding));
    }

    @Test
    void weightedSumTeachesASingleObjectiveStrategyTheScalarisedScore() {
        List<TrialOutcome> told = new ArrayList<>();
        Strategy recording = new BaseStrategy() {
            @Override public String name() { return "recording"; }
            @Override void begin(org.jnas.nas.space.SearchSpace space, Direction direction, long seed) {
                assertEquals(Direction.MAXIMIZE, direction);
            }
            @Override Proposal next(Capacity capacity) { return Proposal.of(SPACE.sample(c -> 0)); }
            @Override void learn(TrialOutcome outcome) { told.add(outcome); }
        };
        Strategy s = Middleware.weightedSum(recording, Objective.maximize("default"), Objective.minimize("params").weight(0.01));
        s.start(SPACE, Direction.MAXIMIZE, 1);
        Sample a = s.propose(new Capacity(1, 0, OptionalLong.empty())).sample();
        s.onTrialEnd(new TrialOutcome(1, a, TrialStatus.SUCCEEDED, OptionalDouble.of(0.9), List.of(0.5),
                Map.of("default", 0.9, "params", 20.0)));
        Sample b = s.propose(new Capacity(1, 0, OptionalLong.empty())).sample();
        s.onTrialEnd(new TrialOutcome(2, b, TrialStatus.SUCCEEDED, OptionalDouble.of(0.8), List.of(), Map.of("default", 0.8)));
        assertEquals(0.9 - 0.2, told.get(0).metric().getAsDouble(), 1e-12);
        assertEquals(List.of(0.5), told.get(0).intermediates());
        assertTrue(told.get(1).metric().isEmpty(), "no params: no weighted sum");
    }
}
