package org.jnas.nas.trial;

import java.util.Locale;

/**
 * Where a training stands as it goes step by step: it is to train {@code epochs} epochs, and has
 * trained {@code step} of the {@code steps} of epoch {@code epoch} (from 0). An epoch on a real data
 * set takes minutes and reports a result only at its end, so the progress line and the dashboard
 * read this to move within it: a trial's ({@link TrialContext#reportProgress}, which the built-in
 * evaluators call every batch) and a one-shot search's supernet's. Before the first step, {@code
 * step} and {@code steps} are 0 ({@link #before}): an epoch's steps may be known only once the
 * data is ready.
 *
 * @param epochs the epochs to train
 * @param epoch the epoch being trained, from 0
 * @param step the steps of that epoch trained
 * @param steps the steps an epoch has; 0 before the first step
 */
public record TrainingProgress(int epochs, int epoch, long step, long steps) {

    public TrainingProgress {
        if (epochs < 1 || epoch < 0 || step < 0 || step > steps) {
            throw new IllegalArgumentException("a training's progress needs epochs >= 1, epoch >= 0 and 0 <= step <= steps: "
                    + "epochs " + epochs + ", epoch " + epoch + ", step " + step + " of " + steps);
        }
    }

    /** A training of {@code epochs} epochs that has not trained a step yet. */
    public static TrainingProgress before(int epochs) {
        return new TrainingProgress(epochs, 0, 0, 0);
    }

    /** The share of the whole training done, 0..1: the epochs before this one and this one's steps. */
    public double fraction() {
        double inEpoch = steps > 0 ? step / (double) steps : 0;
        return Math.min(1.0, (epoch + inEpoch) / epochs);
    }

    /** E.g. {@code epoch 2/5 37%}: the epoch counted from 1, and the share of its steps done. */
    public String describe() {
        return String.format(Locale.ROOT, "epoch %d/%d %d%%", Math.min(epoch + 1, epochs), epochs,
                steps > 0 ? Math.round(100.0 * step / steps) : 0);
    }
}
