package org.jnas.nas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jnas.nas.space.ModelSpace;
import org.jnas.nas.space.Sample;
import org.jnas.nas.strategy.Strategy;
import org.jnas.nas.trial.Direction;
import org.jnas.nas.trial.Objective;
import org.jnas.nas.trial.TrialEvaluator;
import org.jnas.nas.trial.TrialRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A multi-objective search through the Experiment API: NSGA-II on a space whose metrics are
 * computed from the sample at once (no training), the front marked, exported and read back.
 */
@Timeout(120)
class ExperimentObjectivesTest {
    private static final ModelSpace SPACE = ModelSpace.define("objectives", s -> {
        s.valueChoice("a", 0, 1, 2, 3, 4, 5);
        s.valueChoice("b", 0, 1, 2, 3, 4, 5);
        s.valueChoice("c", 0, 1, 2, 3, 4, 5);
        return new SequentialBlock().add(Linear.builder().setUnits(1).build());
    });

    /** "accuracy" rises with the sum of the choices, "params" with the sum of their squares. */
    private static final TrialEvaluator EVALUATOR = trial -> {
        Sample s = trial.sample();
        int a = s.getInt("a");
        int b = s.getInt("b");
        int c = s.getInt("c");
        trial.reportFinal(Map.of("default", (a + b + c) / 15.0, "params", 1000.0 * (1 + a * a + b * b + c * c)));
    };

    private static final Objective[] OBJECTIVES = {Objective.maximize("default"), Objective.minimize("params")};

    private static Set<Long> ids(List<TrialRecord> trials) {
        return trials.stream().map(TrialRecord::id).collect(Collectors.toSet());
    }

    @Test
    void nsga2ObjectivesOtherThanTheConfigurationsAreRefusedAtStart(@TempDir Path home) throws Exception {
        Objective[] flipped = {OBJECTIVES[0], Objective.maximize(OBJECTIVES[1].metric())};
        try (Experiment exp = Experiment.create(SPACE, EVALUATOR, Strategy.nsga2().objectives(flipped))) {
            exp.config().home(home).objectives(OBJECTIVES);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, exp::start);
            assertTrue(e.getMessage().startsWith("NSGA-II searches for ") && e.getMessage().endsWith("give both the same objectives"),
                    e.getMessage());
        }
        // the same in another order, or weighted, is the same front
        try (Experiment exp = Experiment.create(SPACE, EVALUATOR,
                Strategy.nsga2().objectives(OBJECTIVES[1], OBJECTIVES[0].weight(2)).populationSize(4))) {
            exp.config().home(home).objectives(OBJECTIVES).maxTrials(2);
            exp.run();
            assertEquals(2, exp.trials().size());
        }
    }

    @Test
    void theFrontIsMarkedExportedAndReadBack(@TempDir Path home) throws Exception {
        String id;
        Set<Long> front;
        try (Experiment exp = Experiment.create(SPACE, EVALUATOR, Strategy.nsga2().objectives(OBJECTIVES).populationSize(10))) {
            exp.config().name("pareto").maxTrials(40).home(home).devicePolicy(DevicePolicy.CPU).objectives(OBJECTIVES);
            exp.run();
            id = exp.id();
            assertEquals(40, exp.trials().size());
            List<TrialRecord> frontTrials = exp.paretoFront();
            front = ids(frontTrials);
            assertEquals(ids(Objective.paretoFront(exp.trials(), List.of(OBJECTIVES))), front);
            assertTrue(front.size() >= 3, front.toString());
            assertTrue(front.contains(exp.bestTrial().orElseThrow().id()), "the most accurate trial is on the front");

            var table = exp.table();
            for (int row = 0; row < table.rowCount(); row++) {
                assertEquals(front.contains(table.longColumn("trial").getLong(row)), table.booleanColumn("pareto").get(row));
            }

            List<Map<String, Object>> exported = exp.exportParetoFront(ExportFormat.DICT);
            assertEquals(front.size(), exported.size());
            for (Map<String, Object> m : exported) {
                assertTrue(front.contains((Long) m.get("trial")), m.toString());
                assertTrue(m.containsKey("metric") && m.containsKey("params") && m.containsKey("a"), m.toString());
            }
            List<Long> exportedIds = exported.stream().map(m -> (Long) m.get("trial")).toList();
            assertEquals(exportedIds.stream().sorted().toList(), exportedIds, "in trial id order");

            List<Map<String, Object>> smallest = exp.exportTopModels(3, ExportFormat.DICT, Objective.minimize("params"));
            double smallestParams = exp.trials().stream().mapToDouble(t -> t.finalMetrics().get("params")).min().orElseThrow();
            assertEquals(smallestParams, (Double) smallest.get(0).get("params"));
            assertTrue((Double) smallest.get(0).get("params") <= (Double) smallest.get(1).get("params"));
            assertTrue((Double) smallest.get(1).get("params") <= (Double) smallest.get(2).get("params"));
            assertEquals(exp.exportTopModels(1, ExportFormat.DICT), exp.exportTopModels(1, ExportFormat.DICT, Objective.maximize("default")));
            assertTrue(exp.fullHtml().contains("Pareto front: final metric against params"));
        }

        ExperimentView view = Experiment.view(home, id);
        assertEquals(List.of(OBJECTIVES), view.config().objectives());
        assertEquals(Direction.MAXIMIZE, view.direction());
        assertEquals(front, ids(view.paretoFront()));
        assertEquals(front.size(), view.exportParetoFront(ExportFormat.DICT).size());
        assertTrue(view.table().columnNames().contains("pareto"));
        assertTrue(view.strategyName().startsWith("NSGA2(max default, min params"), view.strategyName());
    }

    @Test
    void aResumedNsga2SearchReplaysWithEveryMetricAndGoesOn(@TempDir Path home) throws Exception {
        String id;
        try (Experiment exp = Experiment.create(SPACE, EVALUATOR, Strategy.nsga2().objectives(OBJECTIVES).populationSize(6))) {
            exp.config().name("pareto").maxTrials(15).home(home).devicePolicy(DevicePolicy.CPU).objectives(OBJECTIVES);
            exp.run();
            id = exp.id();
        }
        // the replay checks every proposal: NSGA-II must learn the params it learnt the first time
        try (Experiment exp = Experiment.resume(home, id, SPACE, EVALUATOR, Strategy.nsga2().objectives(OBJECTIVES).populationSize(6))) {
            exp.config().maxTrials(25);
            exp.run();
            assertEquals(25, exp.trials().size(), exp.endReason());
            assertEquals(List.of(OBJECTIVES), exp.config().objectives());
            assertEquals(25, exp.trials().stream().map(TrialRecord::sample).distinct().count(), "dedup across the resume");
        }
    }

    @Test
    void aSingleObjectiveSearchHasNoFront(@TempDir Path home) throws Exception {
        try (Experiment exp = Experiment.create(SPACE, EVALUATOR, Strategy.random())) {
            exp.config().maxTrials(3).home(home).devicePolicy(DevicePolicy.CPU);
            exp.run();
            assertFalse(exp.table().columnNames().contains("pareto"));
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> exp.exportParetoFront(ExportFormat.DICT));
            assertTrue(e.getMessage().contains("config().objectives"), e.getMessage());
        }
    }

    @Test
    void anObjectiveOnTheDefaultMetricGivesItsDirectionAndMustAgreeWithASetOne() {
        try (Experiment exp = Experiment.create(SPACE, EVALUATOR, Strategy.random())) {
            exp.config().persist(false).objectives(Objective.minimize("default"), Objective.minimize("params"));
            assertEquals(Direction.MINIMIZE, exp.direction());
            assertThrows(IllegalArgumentException.class, () -> exp.config().direction(Direction.MAXIMIZE));
            assertThrows(IllegalArgumentException.class, () -> exp.config().objectives(new Objective[0]));
        }
    }
}
