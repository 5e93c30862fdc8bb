package org.jnas.nas.evaluator;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;

/**
 * A built-in evaluator's loss, which checks on every batch that the model's output fits the labels
 * ({@link ValidationScore#check}) before the loss sees them. A model whose last layer does not fit
 * the task (too few classes for a label, a classifier's output for a regression) then fails naming
 * both sides, instead of with the engine's error about an index or a reshape; and it does so
 * wherever the loss is used, in a trial's training loop as in a one-shot search's supernet. Every
 * batch, not the first only: a label beyond the model's classes may come in any batch. The check
 * costs a reduction of the batch's labels, beside a loss the loop reads back each batch anyway.
 */
final class OutputCheckedLoss extends Loss {
    private final Loss loss;
    private final ValidationScore task;

    OutputCheckedLoss(Loss loss, ValidationScore task) {
        super(loss.getName());
        this.loss = loss;
        this.task = task;
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        task.check(labels.singletonOrThrow(), predictions.singletonOrThrow());
        return loss.evaluate(labels, predictions);
    }
}
