package org.jnas.nas.trial;

/**
 * Where the supernet of a running one-shot search stands, as it trains step by step: it is to train
 * {@code epochs} epochs, and has trained {@code step} of the {@code steps} of epoch {@code epoch}
 * (from 0). An epoch on a real data set takes minutes and reports only at its end, so the progress
 * line and the dashboard read the step to move within it. Before the first step, {@code step} and
 * {@code steps} are 0 ({@link #before}): an epoch's steps are known once the data is split.
 *
 * @param epochs the epochs the supernet is to train
 * @param epoch the epoch being trained, from 0
 * @param step the steps of that epoch trained
 * @param steps the steps an epoch has; 0 before the first step
 */
public record SupernetProgress(int epochs, int epoch, long step, long steps) {

    public SupernetProgress {
        if (epochs < 1 || epoch < 0 || step < 0 || step > steps) {
            throw new IllegalArgumentException("a supernet's progress needs epochs >= 1, epoch >= 0 and 0 <= step <= steps: "
                    + "epochs " + epochs + ", epoch " + epoch + ", step " + step + " of " + steps);
        }
    }

    /** A supernet to train {@code epochs} epochs that has not trained a step yet. */
    public static SupernetProgress before(int epochs) {
        return new SupernetProgress(epochs, 0, 0, 0);
    }
}
