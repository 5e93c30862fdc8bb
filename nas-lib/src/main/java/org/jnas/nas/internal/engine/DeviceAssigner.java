package org.jnas.nas.internal.engine;

import ai.djl.Device;
import java.util.List;

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
