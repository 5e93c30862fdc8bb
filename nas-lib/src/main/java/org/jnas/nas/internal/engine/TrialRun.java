package org.jnas.nas.internal.engine;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jnas.nas.space.Sample;
import org.jnas.nas.trial.TrialContext;
import org.jnas.nas.trial.TrialRecord;
import org.jnas.nas.trial.TrialStatus;
import org.jnas.nas.trial.ConcurrentModel;

/**
 * One trial while it runs: the {@link TrialContext} its evaluator sees, and the mutable state the
 * driver turns into {@link TrialRecord} snapshots. Native resources (manager, model) are created on
 * first use and closed by {@link #closeResources()} in the trial thread.
 */
final class TrialRun implements TrialContext {

    /** Why a trial was told to stop; decides the status it ends with. */
    enum StopReason {
        /** The strategy (early-stopping middleware) decided against it: EARLY_STOPPED. */
        EARLY_STOP(TrialStatus.EARLY_STOPPED),
        /** The experiment is stopping or out of time: CANCELLED. */
        EXPERIMENT_STOP(TrialStatus.CANCELLED),
        /** The trial ran past maxTrialDuration: CANCELLED. */
        TRIAL_TIMEOUT(TrialStatus.CANCELLED);

        final TrialStatus status;

        StopReason(TrialStatus status) {
            this.status = status;
        }
    }

    /** What the trial's reports go to (the driver): strategy, listeners. */
    interface Reporter {
        void intermediate(TrialRun run, double defaultValue, int step);

        /** A final result was recorded (called in the trial's thread before {@code reportFinal} returns). */
        default void finalResult(TrialRun run) {}
    }

    private final long id;
    private final Sample sample;
    private final Instant submitted;
    private final Reporter reporter;

    // guarded by this
    private TrialStatus status = TrialStatus.WAITING;
    private Device device;
    private String deviceName = "";
    private Instant started;
    private Instant ended;
    private final List<Map<String, Double>> intermediates = new ArrayList<>();
    private Map<String, Double> finalMetrics = Map.of();
    private String error = "";
    private final List<String> log = new ArrayList<>();
    private volatile StopReason stopReason;
    private Thread thread;

    private Block block;
    private NDManager manager;
    private Model model;

    TrialRun(long id, Sample sample, Instant submitted, Reporter reporter) {
        this.id = id;
        this.sample = sample;
        this.submitted = submitted;
        this.reporter = reporter;
    }

    synchronized void begin(Device device, Block block, Thread thread) {
        this.device = device;
        this.deviceName = device.toString();
        this.block = block;
        this.thread = thread;
        this.started = Instant.now();
        this.status = TrialStatus.RUNNING;
    }

    /** Ends the trial once; false when it had ended already (e.g. cancelled by the timer). */
    synchronized boolean end(TrialStatus endStatus, String errorText) {
        if (status.isDone()) {
            return false;
        }
        status = endStatus;
        ended = Instant.now();
        if (started == null) {
            started = ended;
        }
        if (errorText != null && !errorText.isEmpty()) {
            error = errorText;
        }
        return true;
    }

    synchronized boolean isEnded() {
        return status.isDone();
    }

    /** Interrupts the trial's thread if it still runs this trial. */
    synchronized void interruptThread() {
        if (thread != null) {
            thread.interrupt();
        }
    }

    /**
     * Called by the trial thread when it leaves the trial: after this no interrupt meant for the
     * trial can reach the thread (which the pool reuses), because both hold this monitor.
     */
    synchronized void detachThread() {
        thread = null;
    }

    /** Sets the stop flag; the first reason wins. */
    void requestStop(StopReason reason) {
        synchronized (this) {
            if (stopReason == null) {
                stopReason = reason;
            }
        }
    }

    StopReason stopReason() {
        return stopReason;
    }

    synchronized boolean hasFinal() {
        return !finalMetrics.isEmpty();
    }

    /** Uses the last intermediate result as the final one; false when there is none. */
    synchronized boolean finalFromLastIntermediate() {
        if (intermediates.isEmpty()) {
            return false;
        }
        finalMetrics = intermediates.get(intermediates.size() - 1);
        log.add("no final result reported: the last intermediate result is used as the final one");
        return true;
    }

    synchronized TrialRecord snapshot() {
        return new TrialRecord(id, sample, status, deviceName, submitted, started, ended,
                intermediates, finalMetrics, error, log);
    }

    /** Closes the model and the manager (and so every array the trial made through them). */
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
                mgr.close(); // and with it every array the trial made, the model's included
            }
        }
    }

    // ---- TrialContext --------------------------------------------------------------------

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
    public void reportIntermediate(double metric) {
        reportIntermediate(Map.of(TrialRecord.DEFAULT_METRIC, metric));
    }

    @Override
    public void reportIntermediate(Map<String, ? extends Number> metrics) {
        Map<String, Double> copy = checkedMetrics(metrics, "reportIntermediate");
        int step;
        synchronized (this) {
            if (status.isDone()) {
                return; // a cancelled trial that kept running: its late reports are dropped
            }
            intermediates.add(copy);
            step = intermediates.size() - 1;
        }
        reporter.intermediate(this, copy.get(TrialRecord.DEFAULT_METRIC), step);
    }

    @Override
    public void reportFinal(double metric) {
        reportFinal(Map.of(TrialRecord.DEFAULT_METRIC, metric));
    }

    @Override
    public void reportFinal(Map<String, ? extends Number> metrics) {
        Map<String, Double> copy = checkedMetrics(metrics, "reportFinal");
        synchronized (this) {
            if (status.isDone()) {
                return; // a cancelled trial that kept running: its late reports are dropped
            }
            finalMetrics = copy;
        }
        reporter.finalResult(this);
    }

    @Override
    public void log(String format, Object... args) {
        String line = args.length == 0 ? format : String.format(format, args);
        synchronized (this) {
            log.add(line);
        }
    }

    @Override
    public boolean isStopRequested() {
        return stopReason != null;
    }

    private static Map<String, Double> checkedMetrics(Map<String, ? extends Number> metrics, String method) {
        Objects.requireNonNull(metrics, "metrics");
        if (!metrics.containsKey(TrialRecord.DEFAULT_METRIC)) {
            throw new IllegalArgumentException(method + ": the metrics map has no \"default\" key: " + metrics
                    + "; put the metric the search optimises under \"default\"");
        }
        Map<String, Double> copy = new LinkedHashMap<>();
        metrics.forEach((k, v) -> copy.put(k, Objects.requireNonNull(v, () -> "metric '" + k + "'").doubleValue()));
        return copy;
    }
}
