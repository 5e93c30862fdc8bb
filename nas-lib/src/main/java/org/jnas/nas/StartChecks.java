package org.jnas.nas;

import org.jnas.nas.cluster.SlurmBackend;

/**
 * The combinations of settings that each setter alone cannot refuse, refused when the experiment
 * starts, before anything is stored or shipped to a cluster, with what to change.
 */
final class StartChecks {
    private StartChecks() {}

    /** @throws IllegalStateException or IllegalArgumentException naming the settings that do not go together */
    static void refuseBadCombinations(ExperimentConfig config) {
        if (config.measureLatency().isEmpty()) {
            return;
        }
        if (config.inputShape().isEmpty()) {
            throw new IllegalStateException("measuring latency (measureLatency or latencyLimit) needs the input shape:"
                    + " set config().inputShape(...), e.g. new Shape(1, 1, 28, 28)");
        }
        if (config.backend() instanceof SlurmBackend) {
            throw new IllegalArgumentException("measureLatency and latencyLimit measure on the trial's device, which"
                    + " a Slurm backend does not do yet: unset them (inputShape alone adds params and macs), or use"
                    + " Backends.local()");
        }
    }
}
