package org.jnas.nas.strategy;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.jnas.nas.trial.Direction;
import org.junit.jupiter.api.Test;

/**
 * The learning strategies must beat random search on synthetic objectives: lower mean regret over
 * 30 random objectives at a budget of 100 trials (0.03% of the space), 4 at a time, in both
 * directions. The margin asked for is three standard errors of the difference.
 */
class RegretTest {

    @Test
    void evolutionTpeAndPolicyBeatRandomSearch() {
        RegretStudy study = new RegretStudy(30);
        Map<String, Supplier<Strategy>> learners = new LinkedHashMap<>();
        learners.put("RegularizedEvolution", () -> Strategy.regularizedEvolution().populationSize(20).sampleSize(5));
        learners.put("TPE", () -> Strategy.tpe().startup(10));
        learners.put("PolicyBasedRL", Strategy::policyBasedRL);
        for (Direction direction : Direction.values()) {
            RegretStudy.Stats random = study.regret(Strategy::random, direction, 100);
            for (Map.Entry<String, Supplier<Strategy>> e : learners.entrySet()) {
                RegretStudy.Stats learner = study.regret(e.getValue(), direction, 100);
                double margin = 3 * Math.hypot(random.stderr(), learner.stderr());
                assertTrue(learner.mean() + margin < random.mean(),
                        e.getKey() + " " + direction + ": regret " + learner + " vs random " + random);
            }
        }
    }
}
