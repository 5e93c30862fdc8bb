package org.jnas.nas.internal.engine;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jnas.nas.internal.CodeStopper;
import org.jnas.nas.space.Sample;
import org.jnas.nas.trial.ConcurrentModel;
import org.jnas.nas.trial.TrainingProgress;
import org.jnas.nas.trial.TrialContext;

/**
 * The {@link TrialContext} of a trial on a local thread: its device and block, the native
 * resources it creates (made on first use, closed by {@link #closeResources()}), and its reports,
 * which go to the engine as they come.
 */
final class LocalTrial implements TrialContext {
    private final long id;
    private final Sample sample;
    private final TrialEvents events;
    private volatile boolean stopRequested;
    private final CountDownLatch left = new CountDownLatch(1);

    // guarded by this
    private Device device;
    private Block block;
    private Thread thread;
    private boolean cancelled;
    private boolean codeStopped;
    private NDManager manager;
    private Model model;

    LocalTrial(long id, Sample sample, TrialEvents events) {
        this.id = id;
        this.sample = sample;
        this.events = events;
    }

    synchronized void begin(Device device, Block block, Thread thread) {
        this.device = device;
        this.block = block;
        this.thread = thread;
        if (cancelled) { // while its model was built
            stopThread();
        }
    }

    void requestStop() {
        stopRequested = true;
    }

    /**
     * Cancels the trial: interrupts its thread and asks the {@link CodeStopper} to stop its code,
     * then waits up to {@code waitMillis} for the thread to leave the trial.
     *
     * @return true when the thread has left the trial, false when its code still runs
     */
    boolean cancel(long waitMillis) throws InterruptedException {
        synchronized (this) {
            cancelled = true;
            if (thread != null) {
                stopThread();
            }
        }
        return left.await(waitMillis, TimeUnit.MILLISECONDS);
    }

    private synchronized void stopThread() {
        thread.interrupt();
        CodeStopper.stop(thread);
        codeStopped = true;
    }

    /** Whether the trial's thread has left it. */
    boolean hasLeft() {
        return left.getCount() == 0;
    }

    /** The name of the trial's thread, while it runs the trial. */
    synchronized String threadName() {
        return thread == null ? "" : thread.getName();
    }

    /**
     * Called by the trial thread when it leaves the trial: after this no interrupt or code stop
     * meant for the trial can reach the thread (which the pool reuses), because both hold this
     * monitor.
     */
    synchronized void detachThread() {
        if (codeStopped) {
            CodeStopper.withdraw(thread);
        }
        thread = null;
        left.countDown();
    }

    /** Closes the model and the manager, and with them every array the trial made through them. */
    void closeResources() {
        Model m;
        NDManager mgr;
        synchronized (this) {
            m = model;
            mgr = manager;
            model = null;
            manager = null;
        }
        try {
            if (m != null) {
                m.close();
            }
        } finally {
            if (mgr != null) {
                mgr.close();
            }
        }
    }

    @Override
    public long id() {
        return id;
    }

    @Override
    public Sample sample() {
        return sample;
    }

    @Override
    public synchronized Device device() {
        return device;
    }

    @Override
    public synchronized Model model() {
        if (model == null) {
            model = ConcurrentModel.newInstance("trial-" + id, device);
            model.setBlock(block);
        }
        return model;
    }

    @Override
    public synchronized Block block() {
        return block;
    }

    @Override
    public synchronized NDManager manager() {
        if (manager == null) {
            manager = NDManager.newBaseManager(device);
        }
        return manager;
    }


    @Override
    public void reportIntermediate(Map<String, ? extends Number> metrics) {
        events.intermediate(TrialEvents.checkedMetrics(metrics, "reportIntermediate"));
    }


    @Override
    public void reportFinal(Map<String, ? extends Number> metrics) {
        events.finalResult(TrialEvents.checkedMetrics(metrics, "reportFinal"));
    }

    @Override
    public void reportProgress(TrainingProgress progress) {
        events.progressed(Objects.requireNonNull(progress, "progress"));
    }

    @Override
    public void log(String format, Object... args) {
        events.log(args.length == 0 ? format : String.format(format, args));
    }

    @Override
    public boolean isStopRequested() {
        return stopRequested;
    }

}
