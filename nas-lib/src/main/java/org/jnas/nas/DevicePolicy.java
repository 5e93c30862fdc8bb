package org.jnas.nas;

/** Which devices an experiment's trials train on. */
public enum DevicePolicy {
    /** One GPU per trial where DJL sees GPUs (CUDA natives loaded), else the CPU. */
    AUTO,
    /** The CPU, even where there are GPUs. */
    CPU,
    /** GPUs only; starting fails with a clear message when DJL sees none. */
    GPU
}
