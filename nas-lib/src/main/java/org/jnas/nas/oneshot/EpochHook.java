package org.jnas.nas.oneshot;

/**
 * What an experiment's one-shot trial plugs into the loop of {@link OneShotSearch}: a stop request
 * checked between batches, each step, and each completed epoch (those restored from a checkpoint first, again).
 */
interface EpochHook {
    boolean stopRequested();

    /** After step {@code step} (from 1) of the {@code steps} of epoch {@code epoch} (from 0). */
    default void stepped(int epoch, long step, long steps) {
    }

    void epochEnded(int epoch, SupernetCheckpoint.Epoch report);
}
