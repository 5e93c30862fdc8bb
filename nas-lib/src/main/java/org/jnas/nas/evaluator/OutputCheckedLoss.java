package org.jnas.nas.evaluator;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;

/**
 * A built-in evaluator's loss, which checks on its first batch that the model's output fits the
 * labels ({@link ValidationScore#check}) before the loss sees them. A model whose last layer does
 * not fit the task (too few classes, a classifier's output for a regression) then fails naming both
 * shapes, instead of with the engine's error about an index or a reshape; and it does so wherever
 * the loss is used, in a trial's training loop as in a one-shot search's supernet.
 */
final class OutputCheckedLoss extends Loss {
    private final Loss loss;
    private final ValidationScore task;
    private boolean checked;

    OutputCheckedLoss(Loss loss, ValidationScore task) {
        super(loss.getName());
        this.loss = loss;
        this.task = task;
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        if (!checked) {
            task.check(labels.singletonOrThrow(), predictions.singletonOrThrow());
            checked = true;
        }
        return loss.evaluate(labels, predictions);
    }
}
