package org.jnas.nas.internal.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.jnas.nas.DevicePolicy;
import org.jnas.nas.ExperimentConfig;
import org.jnas.nas.trial.TrialEvaluator;
import org.jnas.nas.trial.TrialRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.jnas.nas.testing.EnumerateStrategy;
import org.jnas.nas.testing.FakeSpace;

/** Device assignment against simulated GPU counts (no machine here has a GPU). */
@Timeout(30)
class DeviceAssignerTest {

    @Test
    void policiesChooseDevices() {
        assertEquals(List.of(Device.cpu()), DeviceAssigner.devicesFor(DevicePolicy.AUTO, 0));
        assertEquals(List.of(Device.gpu(0), Device.gpu(1)), DeviceAssigner.devicesFor(DevicePolicy.AUTO, 2));
        assertEquals(List.of(Device.cpu()), DeviceAssigner.devicesFor(DevicePolicy.CPU, 4));
        assertEquals(List.of(Device.gpu(0)), DeviceAssigner.devicesFor(DevicePolicy.GPU, 1));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> DeviceAssigner.devicesFor(DevicePolicy.GPU, 0));
        assertTrue(e.getMessage().contains("DJL sees no GPU"), e.getMessage());
    }

    @Test
    void eachTrialGetsTheLeastBusyGpu() {
        DeviceAssigner assigner = new DeviceAssigner(DeviceAssigner.devicesFor(DevicePolicy.AUTO, 3));
        assertEquals(Device.gpu(0), assigner.acquire());
        assertEquals(Device.gpu(1), assigner.acquire());
        assertEquals(Device.gpu(2), assigner.acquire());
        assigner.release(Device.gpu(1));
        assertEquals(Device.gpu(1), assigner.acquire());
        assertEquals(Device.gpu(0), assigner.acquire()); // more trials than GPUs: they share evenly
        assertArrayEquals(new int[] {2, 1, 1}, assigner.loads());
    }

    @Test
    void cpuIsSharedByAllTrials() {
        DeviceAssigner assigner = new DeviceAssigner(DeviceAssigner.devicesFor(DevicePolicy.AUTO, 0));
        assertEquals(Device.cpu(), assigner.acquire());
        assertEquals(Device.cpu(), assigner.acquire());
        assertArrayEquals(new int[] {2}, assigner.loads());
    }

    @Test
    void concurrentTrialsRunOnDifferentSimulatedGpus() throws Exception {
        CyclicBarrier both = new CyclicBarrier(2);
        TrialEvaluator evaluator = trial -> {
            both.await(5, TimeUnit.SECONDS); // both trials hold their device at the same time
            trial.reportFinal(1);
        };
        ExperimentConfig config = new ExperimentConfig().trialConcurrency(2).maxTrials(2);
        TrialDriver driver = new TrialDriver(new FakeSpace(), FakeSpace::build, evaluator, new EnumerateStrategy(),
                config, TrialDriver.newListenerList(), () -> 2);
        driver.start();
        assertTrue(driver.await(Duration.ofSeconds(10)));
        Set<String> devices = driver.trials().stream().map(TrialRecord::device).collect(Collectors.toSet());
        assertEquals(Set.of("gpu(0)", "gpu(1)"), devices);
        assertArrayEquals(new int[] {0, 0}, driver.deviceAssigner().loads(), "devices released");
    }
}
