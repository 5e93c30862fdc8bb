package org.jnas.nas.trial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jnas.nas.space.Sample;
import org.junit.jupiter.api.Test;

class ObjectiveTest {
    private static final List<Objective> ACCURACY_PARAMS = List.of(Objective.maximize("default"), Objective.minimize("params"));

    static TrialRecord trial(long id, TrialStatus status, Double accuracy, Double params) {
        Map<String, Double> metrics = new HashMap<>();
        if (accuracy != null) metrics.put("default", accuracy);
        if (params != null) metrics.put("params", params);
        return new TrialRecord(id, Sample.of(Map.of("x", id)), status, Optional.empty(), Instant.EPOCH, Optional.empty(),
                Optional.empty(), List.of(), metrics, Optional.empty(), List.of());
    }

    static TrialRecord trial(long id, Double accuracy, Double params) {
        return trial(id, TrialStatus.SUCCEEDED, accuracy, params);
    }

    private static List<Long> front(List<TrialRecord> trials) {
        return Objective.paretoFront(trials, ACCURACY_PARAMS).stream().map(TrialRecord::id).toList();
    }

    @Test
    void theFrontIsTheTrialsNoOtherIsBetterThanInBothObjectives() {
        List<TrialRecord> trials = List.of(
                trial(1, 0.90, 1000.0),   // front: the most accurate
                trial(2, 0.80, 100.0),    // front
                trial(3, 0.70, 10.0),     // front: the smallest
                trial(4, 0.75, 500.0),    // dominated by 2
                trial(5, 0.60, 50.0),     // dominated by 2 and 3... 3 is smaller and more accurate
                trial(6, 0.85, 2000.0));  // dominated by 1
        assertEquals(List.of(1L, 2L, 3L), front(trials));
    }

    @Test
    void tiesAndDuplicatesAreOnTheFrontTogether() {
        List<TrialRecord> trials = List.of(
                trial(1, 0.9, 100.0),
                trial(2, 0.9, 100.0),     // a duplicate of 1: neither dominates the other
                trial(3, 0.9, 200.0),     // as accurate as 1 but larger: dominated
                trial(4, 0.8, 100.0),     // as small as 1 but less accurate: dominated
                trial(5, 0.95, 300.0));
        assertEquals(List.of(1L, 2L, 5L), front(trials));
    }

    @Test
    void aTrialWithoutAFiniteValueOfEveryObjectiveIsNeverOnTheFrontAndDominatesNothing() {
        List<TrialRecord> trials = List.of(
                trial(1, 0.5, 100.0),
                trial(2, Double.NaN, 1.0),                     // diverged: not comparable
                trial(3, Double.POSITIVE_INFINITY, 1.0),       // would dominate everything if ranked
                trial(4, 0.99, null),                          // never profiled
                trial(5, 0.99, Double.NEGATIVE_INFINITY),
                trial(6, TrialStatus.FAILED, 0.99, 1.0),       // failed: whatever it reported
                trial(7, TrialStatus.RUNNING, 0.99, 1.0));
        assertEquals(List.of(1L), front(trials));
        assertEquals(List.of(), front(trials.subList(1, trials.size())));
        assertEquals(List.of(), front(List.of()));
    }

    @Test
    void directionsAreEachObjectivesOwn() {
        List<TrialRecord> trials = List.of(trial(1, 0.9, 1000.0), trial(2, 0.8, 100.0), trial(3, 0.7, 10.0));
        List<Objective> bothMax = List.of(Objective.maximize("default"), Objective.maximize("params"));
        assertEquals(List.of(1L), Objective.paretoFront(trials, bothMax).stream().map(TrialRecord::id).toList());
        assertEquals(List.of(3L), Objective.paretoFront(trials, List.of(Objective.minimize("default"), Objective.minimize("params")))
                .stream().map(TrialRecord::id).toList());
    }

    @Test
    void oneObjectiveGivesTheBestTrialsAndThreeObjectivesWork() {
        List<TrialRecord> trials = List.of(trial(1, 0.9, 10.0), trial(2, 0.9, 20.0), trial(3, 0.8, 5.0));
        assertEquals(List.of(1L, 2L), Objective.paretoFront(trials, List.of(Objective.maximize("default")))
                .stream().map(TrialRecord::id).toList());
        List<TrialRecord> three = new ArrayList<>();
        double[][] points = {{1, 1, 1}, {2, 0, 0}, {0, 2, 0}, {0, 0, 2}, {0.5, 0.5, 0.5}, {1, 1, 0.5}};
        for (int i = 0; i < points.length; i++) {
            three.add(new TrialRecord(i + 1, Sample.empty(), TrialStatus.SUCCEEDED, Optional.empty(), Instant.EPOCH, Optional.empty(),
                    Optional.empty(), List.of(), Map.of("a", points[i][0], "b", points[i][1], "c", points[i][2]), Optional.empty(), List.of()));
        }
        List<Objective> abc = List.of(Objective.maximize("a"), Objective.maximize("b"), Objective.maximize("c"));
        assertEquals(List.of(1L, 2L, 3L, 4L), Objective.paretoFront(three, abc).stream().map(TrialRecord::id).toList());
    }

    @Test
    void badObjectivesAreRefusedWithTheirName() {
        assertThrows(IllegalArgumentException.class, () -> Objective.paretoFront(List.of(), List.of()));
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
                () -> Objective.paretoFront(List.of(), List.of(Objective.maximize("params"), Objective.minimize("params"))));
        assertEquals("metric 'params' is named by two objectives", twice.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Objective.maximize(" "));
        assertThrows(IllegalArgumentException.class, () -> Objective.minimize("params").weight(Double.NaN));
    }

    @Test
    void scoresAreLargerBetterAndNaNWhenMissing() {
        assertEquals(-5.0, Objective.minimize("params").score(Map.of("params", 5.0)));
        assertEquals(5.0, Objective.maximize("params").score(Map.of("params", 5.0)));
        assertEquals(Double.NaN, Objective.maximize("params").score(Map.of()));
        assertEquals(Double.NaN, Objective.maximize("params").score(Map.of("params", Double.POSITIVE_INFINITY)));
    }

    @Test
    void theFrontIsTheDefinitionsOnRandomSetsWithManyTies() {
        java.util.Random rnd = new java.util.Random(3);
        for (int round = 0; round < 200; round++) {
            int objectives = 2 + round % 2;
            List<Objective> list = List.of(Objective.maximize("a"), Objective.minimize("b"), Objective.maximize("c")).subList(0, objectives);
            List<TrialRecord> trials = new ArrayList<>();
            for (int id = 1; id <= 60; id++) {
                Map<String, Double> m = new HashMap<>();
                for (String k : List.of("a", "b", "c")) {
                    int v = rnd.nextInt(8);
                    m.put(k, v == 7 && rnd.nextInt(4) == 0 ? Double.NaN : v); // small ranges: ties and duplicates
                }
                trials.add(new TrialRecord(id, Sample.empty(), TrialStatus.SUCCEEDED, Optional.empty(), Instant.EPOCH,
                        Optional.empty(), Optional.empty(), List.of(), m, Optional.empty(), List.of()));
            }
            List<Long> expected = new ArrayList<>();
            for (TrialRecord t : trials) {
                if (list.stream().anyMatch(o -> Double.isNaN(o.score(t.finalMetrics())))) {
                    continue;
                }
                boolean dominated = trials.stream().anyMatch(u -> u != t
                        && list.stream().allMatch(o -> o.score(u.finalMetrics()) >= o.score(t.finalMetrics()))
                        && list.stream().anyMatch(o -> o.score(u.finalMetrics()) > o.score(t.finalMetrics())));
                if (!dominated) {
                    expected.add(t.id());
                }
            }
            assertEquals(expected, Objective.paretoFront(trials, list).stream().map(TrialRecord::id).toList(), "round " + round);
        }
    }
}
