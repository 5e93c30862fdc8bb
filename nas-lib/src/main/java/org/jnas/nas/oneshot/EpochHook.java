package org.jnas.nas.oneshot;

/**
 * What an experiment's one-shot trial plugs into the loop of {@link OneShotSearch}: a stop request
 * checked between batches, and each completed epoch (those restored from a checkpoint first, again).
 */
interface EpochHook {
    boolean stopRequested();

    void epochEnded(int epoch, SupernetCheckpoint.Epoch report);
}
