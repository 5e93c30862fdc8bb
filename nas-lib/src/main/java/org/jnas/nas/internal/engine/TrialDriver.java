package org.jnas.nas.internal.engine;

import org.jnas.nas.internal.BackgroundThreads;
import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.engine.EngineException;
import ai.djl.nn.Block;
import ai.djl.pytorch.jni.JniUtils;
import com.google.gson.JsonObject;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.IntSupplier;
import org.jnas.nas.strategy.Capacity;
import org.jnas.nas.ExperimentConfig;
import org.jnas.nas.results.ExperimentListener;
import org.jnas.nas.results.ExperimentProgress;
import org.jnas.nas.results.ExperimentStatus;
import org.jnas.nas.strategy.Proposal;
import org.jnas.nas.space.Sample;
import org.jnas.nas.space.SearchSpace;
import org.jnas.nas.strategy.Strategy;
import org.jnas.nas.trial.TrialEvaluator;
import org.jnas.nas.trial.TrialRecord;
import org.jnas.nas.trial.TrialStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.jnas.nas.trial.Nas;

/**
 * The search loop behind {@code Experiment}: asks the strategy for samples while there are free
 * slots and budget, runs each as a trial on a pool of daemon threads ("jnas-trial-ID"), and tells
 * the strategy and the listeners how trials went.
 *
 * <p>The driver thread sleeps on a condition and is woken by what can change its decision (a trial
 * ending, a live config change, stop, the deadline): no polling, so a freed slot is refilled within
 * microseconds. Strategy calls are serialised by one lock. The search ends when the budget is
 * spent, the strategy is exhausted (or waits with nothing running), time is up, or on
 * {@link #stop()}; trials that ignore their stop flag are cancelled after the grace period (their
 * thread is interrupted and left to finish in the background; its results are dropped).
 */
public final class TrialDriver {
    private static final Logger LOG = LoggerFactory.getLogger(TrialDriver.class);
    private static final AtomicInteger POOL_SEQUENCE = new AtomicInteger();

    private final SearchSpace space;
    private final Function<Sample, Block> builder;
    private final TrialEvaluator evaluator;
    private final Strategy strategy;
    private final ExperimentConfig config;
    private final List<ExperimentListener> listeners;
    private final IntSupplier gpuCount;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final CountDownLatch endedLatch = new CountDownLatch(1);
    private final ConcurrentSkipListMap<Long, TrialRecord> endedTrials = new ConcurrentSkipListMap<>();
    private final ConcurrentSkipListMap<Long, TrialRun> activeTrials = new ConcurrentSkipListMap<>();

    // guarded by lock
    private long nextId = 1;
    private long submitted;
    private int running;
    private boolean exhausted;
    private boolean stopping;
    private String endReason = "";
    private volatile ExperimentStatus status = ExperimentStatus.CREATED;
    private ExperimentStatus finalStatus = ExperimentStatus.DONE;
    /** PyTorch's intra-op thread count before the first CPU trial changed it; 0 until then. */
    private final AtomicInteger threadsBefore = new AtomicInteger();
    private JsonObject restoredState;
    private volatile BiConsumer<TrialRecord, JsonObject> stateSink;
    private volatile Consumer<TrialRecord> recordSink;
    private final TrialRun.Reporter reporter = new TrialRun.Reporter() {
        @Override
        public void intermediate(TrialRun run, double defaultValue, int step) {
            onIntermediate(run, defaultValue, step);
        }

        @Override
        public void finalResult(TrialRun run) {
            record(run);
        }
    };

    private volatile Instant startedAt;
    private volatile Instant endedAt;
    private long deadlineNanos;
    private DeviceAssigner devices;
    private ThreadPoolExecutor pool;
    private ScheduledExecutorService timer;
    private WeightKeeper weights;

    /**
     * A driver; nothing runs before {@link #start()}.
     *
     * @param builder turns a sample into a fresh, uninitialised block ({@code space::instantiate})
     * @param listeners the experiment's listeners (read live: listeners may come and go)
     * @param gpuCount how many GPUs DJL sees, asked once at start (injected for tests)
     */
    public TrialDriver(SearchSpace space, Function<Sample, Block> builder, TrialEvaluator evaluator,
            Strategy strategy, ExperimentConfig config, List<ExperimentListener> listeners, IntSupplier gpuCount) {
        this.space = space;
        this.builder = builder;
        this.evaluator = evaluator;
        this.strategy = strategy;
        this.config = config;
        this.listeners = listeners;
        this.gpuCount = gpuCount;
    }

    /** The GPU count as DJL sees it (loads the engine). */
    public static int djlGpuCount() {
        return Engine.getInstance().getGpuCount();
    }

    /**
     * Continues an earlier search: its trials are kept (not repeated; ids continue after the
     * largest), trials that had not ended are recorded as CANCELLED, and the strategy continues
     * from {@code strategyState} (when null it starts afresh). Call before {@link #start()}.
     */
    public void restore(List<TrialRecord> earlierTrials, JsonObject strategyState) {
        lock.lock();
        try {
            if (status != ExperimentStatus.CREATED) {
                throw new IllegalStateException("restore before start; the experiment is " + status);
            }
            for (TrialRecord r : earlierTrials) {
                TrialRecord kept = r.status().isDone() ? r : new TrialRecord(r.id(), r.sample(), TrialStatus.CANCELLED,
                        r.device(), r.submitted(), r.started(), r.ended() != null ? r.ended() : r.submitted(),
                        r.intermediates(), r.finalMetrics(),
                        r.error().isEmpty() ? "not finished when the earlier run of the experiment ended" : r.error(),
                        r.log());
                endedTrials.put(kept.id(), kept);
                nextId = Math.max(nextId, kept.id() + 1);
            }
            submitted = endedTrials.size();
            restoredState = strategyState;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Receives, after each trial end, the ended trial and the strategy's state right after it learnt
     * the outcome (what a store persists to resume later). Called in the trial's thread, before the
     * listeners' {@code onTrialEnded}, while the strategy is locked: calls come in the order the
     * states were taken, and a slow sink delays the next proposal.
     */
    public void setStrategyStateSink(BiConsumer<TrialRecord, JsonObject> sink) {
        this.stateSink = sink;
    }

    /**
     * Receives a snapshot of a trial whenever a store must hold it before the search goes on (what
     * a store writes so that a kill right after loses nothing): when the trial is submitted, under
     * the strategy lock, so that no strategy state saved later names a sample the store lacks; and
     * each time it reports a final result, in the trial's thread before {@code reportFinal}
     * returns. Must be quick.
     */
    public void setRecordSink(Consumer<TrialRecord> sink) {
        this.recordSink = sink;
    }

    /** The strategy's state now (under the strategy lock). */
    public JsonObject strategyState() {
        lock.lock();
        try {
            return strategy.saveState();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Starts the search in the background.
     *
     * @throws IllegalStateException if started before, or the device policy cannot be met
     */
    public void start() {
        lock.lock();
        try {
            if (status != ExperimentStatus.CREATED) {
                throw new IllegalStateException("the experiment was started before; it is " + status);
            }
            devices = new DeviceAssigner(DeviceAssigner.devicesFor(config.devicePolicy(),
                    config.devicePolicy() == org.jnas.nas.DevicePolicy.CPU ? 0 : gpuCount.getAsInt()));
            strategy.start(space, config.direction(), config.seed());
            if (restoredState != null) {
                strategy.restoreState(restoredState);
            }
            weights = new WeightKeeper(config.keepTopWeights(), config.direction(), config.directory());
            int poolId = POOL_SEQUENCE.incrementAndGet();
            pool = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
                return BackgroundThreads.newThread(r, "jnas-trial-pool-" + poolId);
            });
            ScheduledThreadPoolExecutor scheduled = new ScheduledThreadPoolExecutor(1, r -> {
                return BackgroundThreads.newThread(r, "jnas-timer-" + poolId);
            });
            scheduled.setRemoveOnCancelPolicy(true);
            timer = scheduled;
            startedAt = Instant.now();
            Duration maxDuration = config.maxDuration();
            deadlineNanos = maxDuration == null ? 0 : System.nanoTime() + maxDuration.toNanos();
            status = ExperimentStatus.RUNNING;
            BackgroundThreads.newThread(this::loop, "jnas-driver-" + config.name()).start();
        } finally {
            lock.unlock();
        }
    }

    /** Wakes the driver after a live change of trial concurrency or max trials. */
    public void configChanged() {
        signal();
    }

    /** Stops the search: no new trials; running ones see their stop flag, then are cancelled. */
    public void stop() {
        lock.lock();
        try {
            if (status == ExperimentStatus.CREATED) {
                status = ExperimentStatus.STOPPED;
                endedAt = Instant.now();
                endedLatch.countDown();
                return;
            }
            if (status.isDone() || stopping) {
                return;
            }
            beginStop(ExperimentStatus.STOPPED, TrialRun.StopReason.EXPERIMENT_STOP, "stopped");
        } finally {
            lock.unlock();
        }
    }

    /** Waits up to {@code timeout} for the search to end; true when it has. */
    public boolean await(Duration timeout) throws InterruptedException {
        return endedLatch.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Waits for the search to end. */
    public void await() throws InterruptedException {
        endedLatch.await();
    }

    public ExperimentStatus status() {
        return status;
    }

    /** Why the search ended ("" while it runs). */
    public String endReason() {
        lock.lock();
        try {
            return endReason;
        } finally {
            lock.unlock();
        }
    }

    /** Snapshots of all trials, by id. */
    public List<TrialRecord> trials() {
        ConcurrentSkipListMap<Long, TrialRecord> all = new ConcurrentSkipListMap<>();
        for (TrialRun run : activeTrials.values()) {
            all.put(run.id(), run.snapshot());
        }
        all.putAll(endedTrials); // an ended snapshot wins over a racing active one
        return List.copyOf(all.values());
    }

    /** The best succeeded trial in the configured direction. */
    public Optional<TrialRecord> bestTrial() {
        return topTrials(1).stream().findFirst();
    }

    /** The {@code k} best succeeded trials, best first (ties: lower id first). */
    public List<TrialRecord> topTrials(int k) {
        return config.direction().best(endedTrials.values(), k);
    }

    /** Where the search stands. */
    public ExperimentProgress progress() {
        List<TrialRecord> all = trials();
        long done = all.stream().filter(r -> r.status().isDone()).count();
        long failed = all.stream().filter(r -> r.status() == TrialStatus.FAILED).count();
        int runningNow = (int) all.stream().filter(r -> r.status() == TrialStatus.RUNNING).count();
        Instant from = startedAt;
        Duration elapsed = from == null ? Duration.ZERO
                : Duration.between(from, endedAt != null ? endedAt : Instant.now());
        OptionalDouble best = bestTrial().map(r -> r.metric()).orElse(OptionalDouble.empty());
        return new ExperimentProgress(status, done, config.maxTrials(), runningNow, failed, elapsed, best);
    }

    /** The kept weights of a trial (see {@code keepTopWeights}), if they are still kept. */
    public Optional<byte[]> keptWeights(long trialId) {
        WeightKeeper keeper = weights;
        if (keeper == null) { // not started (e.g. a resumed experiment): what the directory holds
            keeper = new WeightKeeper(config.keepTopWeights(), config.direction(), config.directory());
        }
        return keeper.get(trialId);
    }

    /** Releases the pool and the timer (trial threads are daemons; abandoned ones finish alone). */
    public void shutdown() {
        if (pool != null) {
            pool.shutdown();
        }
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    // ---- the driver thread ----------------------------------------------------------------

    private void loop() {
        lock.lock();
        try {
            while (true) {
                if (!stopping && deadlineNanos != 0 && System.nanoTime() - deadlineNanos >= 0) {
                    beginStop(ExperimentStatus.DONE, TrialRun.StopReason.EXPERIMENT_STOP,
                            "maxDuration " + config.maxDuration() + " reached");
                }
                if (!stopping) {
                    fillSlots();
                }
                if (running == 0 && (stopping || exhausted || remaining() <= 0)) {
                    if (endReason.isEmpty()) {
                        endReason = exhausted ? "strategy exhausted" : "maxTrials " + config.maxTrials() + " reached";
                    }
                    break;
                }
                if (!stopping && deadlineNanos != 0) {
                    changed.awaitNanos(deadlineNanos - System.nanoTime());
                } else {
                    changed.await();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            endReason = "driver interrupted";
        } catch (RuntimeException | Error e) {
            LOG.error("experiment '{}': the search loop failed", config.name(), e);
            endReason = "search loop failed: " + e;
        } finally {
            status = finalStatus;
            endedAt = Instant.now();
            lock.unlock();
        }
        shutdown();
        restoreThreads();
        for (ExperimentListener l : listeners) {
            try {
                l.onExperimentEnded(status);
            } catch (RuntimeException | Error e) {
                LOG.warn("experiment listener {} failed in onExperimentEnded; ignored", l, e);
            }
        }
        endedLatch.countDown();
    }

    private long remaining() {
        return config.maxTrials() - submitted;
    }

    /** Asks the strategy for samples while there are free slots and budget. Holds the lock. */
    private void fillSlots() {
        while (!exhausted && running < config.trialConcurrency() && remaining() > 0) {
            Proposal proposal;
            try {
                proposal = strategy.propose(new Capacity(config.trialConcurrency() - running, running, remaining()));
            } catch (RuntimeException e) {
                LOG.error("experiment '{}': strategy {} failed to propose; ending the search",
                        config.name(), strategy.name(), e);
                exhausted = true;
                endReason = "strategy failed: " + e;
                return;
            }
            if (proposal.isSample()) {
                submit(proposal.sample());
            } else if (proposal.isExhausted()) {
                exhausted = true;
            } else {
                if (running == 0) {
                    // nothing running could ever change the strategy's mind: waiting would hang
                    exhausted = true;
                    endReason = "strategy waits with no trial running; treated as exhausted";
                }
                return;
            }
        }
    }

    private void submit(Sample sample) {
        long id = nextId++;
        submitted++;
        running++;
        TrialRun run = new TrialRun(id, sample, Instant.now(), reporter);
        activeTrials.put(id, run);
        // Before the lock is released: a trial ending meanwhile saves a strategy state that knows
        // this sample; were the process killed before the trial's own row was written, a resume
        // would neither keep the trial nor propose its sample again.
        record(run);
        pool.execute(() -> runTrial(run));
    }

    private void beginStop(ExperimentStatus endStatus, TrialRun.StopReason reason, String why) {
        stopping = true;
        finalStatus = endStatus;
        endReason = why;
        status = ExperimentStatus.STOPPING;
        for (TrialRun run : activeTrials.values()) {
            requestStop(run, reason);
        }
        changed.signalAll();
    }

    /** Sets a trial's stop flag and cancels it if it has not returned after the grace period. */
    private void requestStop(TrialRun run, TrialRun.StopReason reason) {
        run.requestStop(reason);
        try {
            timer.schedule(() -> cancel(run), config.stopGracePeriod().toNanos(), TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // the driver has shut down: nothing left to cancel
        }
    }

    private void cancel(TrialRun run) {
        TrialRun.StopReason reason = run.stopReason();
        TrialStatus endStatus = reason == null ? TrialStatus.CANCELLED : reason.status;
        String why = "did not return within the stop grace period " + config.stopGracePeriod()
                + " after its stop flag was set (" + (reason == null ? "stop" : reason) + "); its thread was interrupted";
        if (run.end(endStatus, why)) {
            run.interruptThread();
            afterEnd(run);
        }
    }

    private void signal() {
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    // ---- trial threads --------------------------------------------------------------------

    private void runTrial(TrialRun run) {
        Thread thread = Thread.currentThread();
        String poolName = thread.getName();
        thread.setName("jnas-trial-" + run.id());
        Device device = devices.acquire();
        // The device is released before the end is announced, so whoever sees the trial ended
        // (the driver refilling the slot, an awaiting caller) also sees its device free.
        DeviceLease lease = new DeviceLease(device);
        ScheduledFuture<?> timeout = null;
        try {
            Block block;
            try {
                block = builder.apply(run.sample());
            } catch (RuntimeException | Error e) {
                run.begin(device, null, thread);
                fire(l -> l.onTrialStarted(run.snapshot()));
                run.end(TrialStatus.FAILED, "could not build the model of " + run.sample() + ":\n" + stackTrace(e));
                lease.release();
                afterEnd(run);
                return;
            }
            run.begin(device, block, thread);
            fire(l -> l.onTrialStarted(run.snapshot()));
            Duration maxTrialDuration = config.maxTrialDuration();
            if (maxTrialDuration != null) {
                timeout = timer.schedule(() -> requestStop(run, TrialRun.StopReason.TRIAL_TIMEOUT),
                        maxTrialDuration.toNanos(), TimeUnit.NANOSECONDS);
            }
            TrialStatus endStatus;
            String error = "";
            try {
                Nas.runTrial(withThreads(run, device), evaluator);
                endStatus = normalEnd(run);
                if (endStatus == TrialStatus.FAILED) {
                    error = "the evaluator returned without reporting a result: call trial.reportFinal(metric)"
                            + " (or Nas.reportFinalResult) at the end of the evaluation";
                } else if (endStatus == TrialStatus.SUCCEEDED) {
                    try {
                        weights.offer(run.snapshot(), block);
                    } catch (RuntimeException e) {
                        run.log("could not keep the trained weights: %s", e);
                    }
                }
            } catch (Throwable e) {
                endStatus = run.isStopRequested() && isInterruption(e) ? run.stopReason().status : TrialStatus.FAILED;
                error = describeFailure(e);
            } finally {
                try {
                    run.closeResources();
                } catch (RuntimeException e) {
                    run.log("closing the trial's native resources failed: %s", e);
                }
            }
            lease.release();
            if (run.end(endStatus, error)) {
                afterEnd(run);
            }
        } catch (RuntimeException | Error e) {
            LOG.error("experiment '{}': trial {} crashed the engine", config.name(), run.id(), e);
            lease.release();
            if (run.end(TrialStatus.FAILED, stackTrace(e))) {
                afterEnd(run);
            }
        } finally {
            if (timeout != null) {
                timeout.cancel(false);
            }
            lease.release();
            run.detachThread();
            Thread.interrupted(); // an interrupt meant for this trial must not reach the next one
            thread.setName(poolName);
        }
    }

    /** A trial's hold on its device, released exactly once. */
    private final class DeviceLease {
        private final Device device;
        private boolean released;

        DeviceLease(Device device) {
            this.device = device;
        }

        void release() {
            if (!released) {
                released = true;
                devices.release(device);
            }
        }
    }

    /**
     * Sets this thread's PyTorch intra-op threads before the evaluator runs on the CPU: the
     * configured number, or the cores divided among the trials running at once. PyTorch also makes
     * the last count set the default for threads started later, so the count found before the
     * first trial is put back when the experiment ends.
     */
    private TrialRun withThreads(TrialRun run, Device device) {
        if (!Device.Type.CPU.equals(device.getDeviceType())) {
            return run;
        }
        int threads = config.intraOpThreads() > 0 ? config.intraOpThreads()
                : Math.max(1, Runtime.getRuntime().availableProcessors() / Math.max(1, config.trialConcurrency()));
        try {
            run.manager(); // loads the engine before JniUtils is touched
            threadsBefore.compareAndSet(0, JniUtils.getNumThreads());
            JniUtils.setNumThreads(threads);
        } catch (RuntimeException | LinkageError e) {
            // No PyTorch here: an evaluator that needs it fails with DJL's own error.
            LOG.debug("experiment '{}': PyTorch threads not set: {}", config.name(), e.toString());
        }
        return run;
    }

    private void restoreThreads() {
        int before = threadsBefore.get();
        if (before > 0) {
            JniUtils.setNumThreads(before);
        }
    }

    /** The status of a trial whose evaluator returned normally. */
    private static TrialStatus normalEnd(TrialRun run) {
        TrialRun.StopReason reason = run.stopReason();
        if (!run.hasFinal() && !run.finalFromLastIntermediate()) {
            return reason != null ? reason.status : TrialStatus.FAILED;
        }
        return reason != null ? reason.status : TrialStatus.SUCCEEDED;
    }

    /** Records an ended trial: strategy, state sink, slot, listeners. */
    private void afterEnd(TrialRun run) {
        TrialRecord record = run.snapshot();
        lock.lock();
        try {
            try {
                strategy.onTrialEnd(record.toOutcome());
            } catch (RuntimeException e) {
                LOG.error("experiment '{}': strategy {} failed to learn trial {}; ignored",
                        config.name(), strategy.name(), run.id(), e);
            }
            // The state is handed over under the lock, so sinks receive states in the order they
            // were taken: outside it, a trial thread descheduled after saving could write an older
            // state over a newer one, and a resumed search would forget a proposal and repeat it.
            BiConsumer<TrialRecord, JsonObject> sink = stateSink;
            if (sink != null) {
                JsonObject state = null;
                try {
                    state = strategy.saveState();
                } catch (RuntimeException e) {
                    LOG.warn("experiment '{}': strategy {} could not save its state", config.name(), strategy.name(), e);
                }
                try {
                    sink.accept(record, state);
                } catch (RuntimeException e) {
                    LOG.warn("experiment '{}': the strategy state sink failed for trial {}; ignored",
                            config.name(), run.id(), e);
                }
            }
            endedTrials.put(record.id(), record);
            activeTrials.remove(record.id());
        } finally {
            lock.unlock();
        }
        fire(l -> l.onTrialEnded(record));
        // the slot is freed only now, so the experiment cannot end before its last trial is told
        lock.lock();
        try {
            running--;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void record(TrialRun run) {
        Consumer<TrialRecord> sink = recordSink;
        if (sink != null) {
            try {
                sink.accept(run.snapshot());
            } catch (RuntimeException e) {
                LOG.warn("experiment '{}': the record sink failed for trial {}; ignored", config.name(), run.id(), e);
            }
        }
    }

    private void onIntermediate(TrialRun run, double value, int step) {
        boolean stopIt;
        lock.lock();
        try {
            stopIt = strategy.onIntermediate(run.id(), run.sample(), step, value);
        } catch (RuntimeException e) {
            LOG.warn("experiment '{}': strategy {} failed on an intermediate result; ignored",
                    config.name(), strategy.name(), e);
            stopIt = false;
        } finally {
            lock.unlock();
        }
        if (stopIt) {
            run.log("early-stopped by the strategy at step %d (value %s)", step, value);
            requestStop(run, TrialRun.StopReason.EARLY_STOP);
        }
        TrialRecord snapshot = run.snapshot();
        fire(l -> l.onIntermediate(snapshot));
    }

    private void fire(java.util.function.Consumer<ExperimentListener> event) {
        for (ExperimentListener l : listeners) {
            try {
                event.accept(l);
            } catch (RuntimeException | Error e) {
                LOG.warn("experiment listener {} failed; ignored", l, e);
            }
        }
    }

    // ---- failures -------------------------------------------------------------------------

    private static boolean isInterruption(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InterruptedException || t instanceof java.nio.channels.ClosedByInterruptException) {
                return true;
            }
        }
        return false;
    }

    /** The error text of a failed trial: a hint for known causes, then the stack trace. */
    static String describeFailure(Throwable e) {
        String hint = "";
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message = String.valueOf(t.getMessage());
            if (t instanceof OutOfMemoryError
                    || (t instanceof EngineException && message.toLowerCase(Locale.ROOT).contains("out of memory"))) {
                hint = "out of memory: lower the batch size, the model size or trialConcurrency\n";
                break;
            }
            if (message.contains("PtGradientCollector is already collecting")) {
                hint = "DJL's stock trainer cannot train in two threads at once: train trial.model()"
                        + " (model.newTrainer(config)) or a ConcurrentModel instead of Model.newInstance(...)\n";
                break;
            }
        }
        return hint + stackTrace(e);
    }

    static String stackTrace(Throwable e) {
        StringWriter out = new StringWriter();
        e.printStackTrace(new PrintWriter(out));
        return out.toString();
    }

    /** For tests: the device assigner in use. */
    DeviceAssigner deviceAssigner() {
        return devices;
    }

    /** For tests and listeners wiring: a thread-safe listener list. */
    public static List<ExperimentListener> newListenerList() {
        return new CopyOnWriteArrayList<>();
    }
}
