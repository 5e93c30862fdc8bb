package org.jnas.nas.evaluator;

import org.jnas.nas.trial.Direction;

/** The default metric of a {@link RegressionEvaluator}, and the direction to optimise it in. */
public enum RegressionMetric {
    /** Mean squared error on the test data; smaller is better ({@link Direction#MINIMIZE}). */
    MSE(Direction.MINIMIZE),
    /** Coefficient of determination R² on the test data; larger is better ({@link Direction#MAXIMIZE}). */
    R2(Direction.MAXIMIZE);

    private final Direction direction;

    RegressionMetric(Direction direction) {
        this.direction = direction;
    }

    /** The direction an experiment must optimise this metric in. */
    public Direction direction() {
        return direction;
    }
}
