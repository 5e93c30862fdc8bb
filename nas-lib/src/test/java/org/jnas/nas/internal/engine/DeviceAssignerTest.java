package org.jnas.nas.internal.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.jnas.nas.testing.EnumerateStrategy;
import org.jnas.nas.trial.TrialEvaluator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Device assignment against simulated GPUs (no machine here has a GPU). */
@Timeout(30)
class DeviceAssignerTest {

    @Test
    void eachTrialGetsTheLeastBusyGpu() {
        DeviceAssigner assigner = new DeviceAssigner(List.of(Device.gpu(0), Device.gpu(1), Device.gpu(2)));
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
        DeviceAssigner assigner = new DeviceAssigner(List.of(Device.cpu()));
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
        TrialBackend backend = TrialBackend.localThreads("test", org.jnas.nas.testing.FakeSpace::build, evaluator,
                List.of(Device.gpu(0), Device.gpu(1)), 0, () -> 2);
        try (TrialEngine engine = TrialEngine.create(EngineFixtures.settings(2, 2), new org.jnas.nas.testing.FakeSpace(),
                new EnumerateStrategy(), backend, new EngineObserver() {})) {
            engine.start();
            assertTrue(engine.await(Duration.ofSeconds(10)));
            Set<String> devices = engine.trials().stream().map(t -> t.device().orElseThrow()).collect(Collectors.toSet());
            assertEquals(Set.of("gpu(0)", "gpu(1)"), devices);
            assertArrayEquals(new int[] {0, 0}, ((LocalThreads) backend).devices().loads(), "devices released");
        }
    }
}
