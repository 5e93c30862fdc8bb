package org.jnas.nas.internal.engine;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.nn.Block;
import ai.djl.pytorch.jni.JniUtils;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.IntSupplier;
import org.jnas.nas.internal.LaunchContext;
import org.jnas.nas.space.Sample;
import org.jnas.nas.trial.Nas;
import org.jnas.nas.trial.TrialEvaluator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trials on daemon threads of this JVM ("jnas-trial-ID"), one device each: see
 * {@link TrialBackend#localThreads}.
 */
final class LocalThreads implements TrialBackend {
    private static final Logger LOG = LoggerFactory.getLogger(LocalThreads.class);
    /** How long a cancel waits for the trial's thread to leave it once interrupted and its code stopped. */
    private static final long CANCEL_WAIT_MILLIS = 1000;

    private final String name;
    private final Function<Sample, Block> builder;
    private final TrialEvaluator evaluator;
    private final DeviceAssigner devices;
    private final int intraOpThreads;
    private final IntSupplier trialConcurrency;
    private final TrialThreads threads;
    private final Map<Long, LocalTrial> running = new ConcurrentHashMap<>();
    /** Cancelled trials whose threads have not left them: their code still runs. */
    private final Set<LocalTrial> runaway = ConcurrentHashMap.newKeySet();
    /** PyTorch's default intra-op thread count when the backend opened, put back by close(); 0: none read. */
    private final int threadsBefore;

    LocalThreads(String name, Function<Sample, Block> builder, TrialEvaluator evaluator, List<Device> devices,
            int intraOpThreads, IntSupplier trialConcurrency, TrialThreads threads) {
        this.name = name;
        this.builder = builder;
        this.evaluator = evaluator;
        this.devices = new DeviceAssigner(devices);
        this.intraOpThreads = intraOpThreads;
        this.trialConcurrency = trialConcurrency;
        this.threads = threads;
        this.threadsBefore = devices.stream().anyMatch(d -> Device.Type.CPU.equals(d.getDeviceType()))
                ? countOfAFreshThread() : 0;
    }

    @Override
    public void launch(long id, Sample sample, TrialEvents events) {
        LocalTrial trial = new LocalTrial(id, sample, events);
        running.put(id, trial);
        // the pool's threads serve every experiment: each trial runs in its launcher's context
        threads.execute(LaunchContext.capture(() -> run(trial, events)));
    }

    @Override
    public void requestStop(long id) {
        LocalTrial trial = running.get(id);
        if (trial != null) {
            trial.requestStop();
        }
    }

    @Override
    public Cancelled cancel(long id) {
        LocalTrial trial = running.get(id);
        if (trial == null) {
            return Cancelled.ENDED;
        }
        String threadName = trial.threadName();
        try {
            if (trial.cancel(CANCEL_WAIT_MILLIS)) {
                return Cancelled.ENDED;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        runaway.add(trial);
        if (trial.hasLeft()) { // it left just now, perhaps before it was added
            runaway.remove(trial);
            return Cancelled.ENDED;
        }
        return Cancelled.stillRunning(threadName);
    }

    @Override
    public int runawayTrials() {
        return runaway.size();
    }

    /** Device assignment, for tests. */
    DeviceAssigner devices() {
        return devices;
    }

    private void run(LocalTrial trial, TrialEvents events) {
        Thread thread = Thread.currentThread();
        String poolName = thread.getName();
        thread.setName("jnas-trial-" + trial.id());
        Device device = devices.acquire();
        try {
            Block block;
            try {
                block = builder.apply(trial.sample());
            } catch (RuntimeException | Error e) {
                trial.begin(device, null, thread);
                events.started(device.toString());
                events.failed("could not build the model of " + trial.sample() + ":\n" + Failures.stackTrace(e));
                return;
            }
            trial.begin(device, block, thread);
            events.started(device.toString());
            try {
                Nas.runTrial(withThreads(trial, device), evaluator);
                events.returned(block);
            } catch (Throwable e) {
                events.threw(e);
            } finally {
                try {
                    trial.closeResources();
                } catch (RuntimeException e) {
                    events.log("closing the trial's native resources failed: " + e);
                }
            }
        } catch (RuntimeException | Error e) {
            LOG.error("experiment '{}': trial {} crashed its thread", name, trial.id(), e);
            events.failed(Failures.stackTrace(e));
        } finally {
            devices.release(device);
            running.remove(trial.id());
            trial.detachThread();
            runaway.remove(trial);
            Thread.interrupted(); // an interrupt meant for this trial must not reach the next one
            thread.setName(poolName);
            events.released();
        }
    }

    /**
     * Sets this thread's PyTorch intra-op threads before the evaluator runs on the CPU: the
     * experiment's {@code intraOpThreads}, else DJL's {@code ai.djl.pytorch.num_threads} when the
     * user set it (without this, every trial would use the cores divided among the trials whatever
     * DJL was told, and two such processes on the same cores slow each other down many times over:
     * OpenMP's threads spin while they wait for one another), else the cores divided among the
     * trials. PyTorch also makes the last count set the default for threads started later (every
     * notebook cell is a new thread), so the count found before the first trial is put back in
     * {@link #close()}.
     */
    private LocalTrial withThreads(LocalTrial trial, Device device) {
        if (!Device.Type.CPU.equals(device.getDeviceType())) {
            return trial;
        }
        int djlThreads = djlThreads();
        int threads = intraOpThreads > 0 ? intraOpThreads : djlThreads > 0 ? djlThreads
                : Math.max(1, Runtime.getRuntime().availableProcessors() / Math.max(1, trialConcurrency.getAsInt()));
        try {
            trial.manager(); // loads the engine before JniUtils is touched
            JniUtils.setNumThreads(threads);
        } catch (RuntimeException | LinkageError e) {
            // No PyTorch here: an evaluator that needs it fails with DJL's own error.
            LOG.debug("experiment '{}': PyTorch threads not set: {}", name, e.toString());
        }
        return trial;
    }

    /** DJL's {@code -Dai.djl.pytorch.num_threads}; 0 when it is not set to a positive number. */
    private static int djlThreads() {
        try {
            return Math.max(0, Integer.parseInt(System.getProperty("ai.djl.pytorch.num_threads", "0").trim()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /**
     * The count a thread started now gets: PyTorch's default, read before any trial runs. Not a
     * pool thread's own count, which an earlier experiment's trial may have set (the pool's
     * threads are kept); 0 without PyTorch.
     */
    private static int countOfAFreshThread() {
        AtomicInteger count = new AtomicInteger();
        Thread probe = new Thread(() -> {
            try {
                Engine.getInstance(); // loads PyTorch before JniUtils is touched
                count.set(JniUtils.getNumThreads());
            } catch (RuntimeException | LinkageError e) {
                LOG.debug("PyTorch's thread count not read: {}", e.toString());
            }
        }, "jnas-thread-count");
        probe.start();
        try {
            probe.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
        return count.get();
    }

    @Override
    public void close() {
        // the threads stay in the shared pool; a trial still running is abandoned and ends on its own
        if (threadsBefore > 0) {
            JniUtils.setNumThreads(threadsBefore);
        }
    }
}
