package org.jnas.nas;

import ai.djl.Device;
import java.util.ArrayList;
import java.util.List;

/** Which devices an experiment's trials train on. */
public enum DevicePolicy {
    /** One GPU per trial where DJL sees GPUs (CUDA natives loaded), else the CPU. */
    AUTO,
    /** The CPU, even where there are GPUs. */
    CPU,
    /** GPUs only; starting fails with a clear message when DJL sees none. */
    GPU;

    /**
     * The devices this policy gives when DJL sees {@code gpuCount} GPUs.
     *
     * @throws IllegalStateException for {@link #GPU} without GPUs
     */
    public List<Device> devices(int gpuCount) {
        if (this == CPU || (this == AUTO && gpuCount == 0)) {
            return List.of(Device.cpu());
        }
        if (gpuCount == 0) {
            throw new IllegalStateException("devicePolicy GPU, but DJL sees no GPU: load CUDA natives"
                    + " (build with -Pcuda, see docs/install.md) or use DevicePolicy.AUTO");
        }
        List<Device> gpus = new ArrayList<>(gpuCount);
        for (int i = 0; i < gpuCount; i++) {
            gpus.add(Device.gpu(i));
        }
        return gpus;
    }
}
