package org.jnas.nas.internal.engine;

import ai.djl.Device;
import java.util.ArrayList;
import java.util.List;
import org.jnas.nas.DevicePolicy;

/**
 * Hands each starting trial a device: the least busy GPU (ties to the lowest id) where there are
 * GPUs, else the CPU, which all trials share.
 */
final class DeviceAssigner {
    private final List<Device> devices;
    private final int[] load;

    DeviceAssigner(List<Device> devices) {
        if (devices.isEmpty()) {
            throw new IllegalArgumentException("no devices to assign");
        }
        this.devices = List.copyOf(devices);
        this.load = new int[devices.size()];
    }

    /**
     * The devices a policy gives when DJL sees {@code gpuCount} GPUs.
     *
     * @throws IllegalStateException for {@link DevicePolicy#GPU} without GPUs
     */
    static List<Device> devicesFor(DevicePolicy policy, int gpuCount) {
        if (policy == DevicePolicy.CPU || (policy == DevicePolicy.AUTO && gpuCount == 0)) {
            return List.of(Device.cpu());
        }
        if (gpuCount == 0) {
            throw new IllegalStateException("devicePolicy GPU, but DJL sees no GPU: load CUDA natives"
                    + " (build with -Pcuda, see the README's GPU section) or use DevicePolicy.AUTO");
        }
        List<Device> gpus = new ArrayList<>(gpuCount);
        for (int i = 0; i < gpuCount; i++) {
            gpus.add(Device.gpu(i));
        }
        return gpus;
    }

    List<Device> devices() {
        return devices;
    }

    synchronized Device acquire() {
        int best = 0;
        for (int i = 1; i < load.length; i++) {
            if (load[i] < load[best]) {
                best = i;
            }
        }
        load[best]++;
        return devices.get(best);
    }

    synchronized void release(Device device) {
        int i = devices.indexOf(device);
        if (i >= 0 && load[i] > 0) {
            load[i]--;
        }
    }

    /** How many trials use each device now, in device order (for tests and the dashboard). */
    synchronized int[] loads() {
        return load.clone();
    }
}
