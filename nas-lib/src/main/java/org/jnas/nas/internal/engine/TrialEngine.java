package org.jnas.nas.internal.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.jnas.nas.internal.BackgroundThreads;
import org.jnas.nas.space.Sample;
import org.jnas.nas.space.SearchSpace;
import org.jnas.nas.strategy.Capacity;
import org.jnas.nas.strategy.Proposal;
import org.jnas.nas.strategy.Strategy;
import org.jnas.nas.strategy.StrategyState;
import org.jnas.nas.trial.TrainingProgress;
import org.jnas.nas.trial.TrialRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a search: asks the strategy for samples while there are free slots and budget, hands each
 * to the {@link TrialBackend} as a trial, turns what the backend reports into trial records, tells
 * the strategy how trials went, and tells the one {@link EngineObserver} everything. It knows
 * nothing of experiments, notebooks or storage.
 *
 * <p>The engine's thread sleeps on a condition and is woken by what can change its decision (a
 * trial ending, new limits, stop, the deadline): no polling, so a freed slot is refilled at once.
 * Strategy calls are serialised by one lock. The search ends when the budget is spent, the strategy
 * is exhausted (or waits with nothing running), time is up, or on {@link #stop()}; a trial that
 * ignores its stop request is cancelled after the grace period.
 */
public final class TrialEngine implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TrialEngine.class);

    private final SearchSpace space;
    private final StrategyCalls strategy;
    private final TrialBackend backend;
    private final EngineObserver observer;
    private volatile EngineSettings settings;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final InOrder endings = new InOrder();
    private final CountDownLatch endedLatch = new CountDownLatch(1);
    private final Trials trials = new Trials();
    private final AtomicLong notTrained = new AtomicLong();
    private final TrialStops stops;

    // guarded by lock
    private int running;
    private boolean started;
    private boolean exhausted;
    private volatile boolean stopping;
    private volatile boolean ended;
    private volatile boolean stoppedByUser;
    private volatile String endReason = "";
    private Optional<StrategyState> restoredState = Optional.empty();
    private List<String> restoredCalls = List.of();
    private long deadlineNanos;
    private volatile Instant startedAt;
    private volatile Instant endedAt;

    private TrialEngine(EngineSettings settings, SearchSpace space, Strategy strategy, TrialBackend backend,
            EngineObserver observer) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.space = Objects.requireNonNull(space, "space");
        this.strategy = new StrategyCalls(Objects.requireNonNull(strategy, "strategy"), lock, settings.name(),
                observer.wantsStrategyStates());
        this.backend = Objects.requireNonNull(backend, "backend");
        this.observer = Objects.requireNonNull(observer, "observer");
        this.stops = new TrialStops(settings, backend, this::announceEnd);
    }

    /** An engine; nothing runs before {@link #start()}. */
    public static TrialEngine create(EngineSettings settings, SearchSpace space, Strategy strategy,
            TrialBackend backend, EngineObserver observer) {
        return new TrialEngine(settings, space, strategy, backend, observer);
    }

    /**
     * Continues an earlier search (call before {@link #start()}): its trials are kept and not
     * repeated, new ids continue after the largest; an unfinished trial the backend can reattach to
     * runs on, any other becomes CANCELLED ({@link TrialRecord#cancelledIfUnfinished}); the strategy
     * continues from {@code state} (or starts afresh without one), then replays the {@code calls}
     * handed to {@link EngineObserver#trialEnded} after that state was saved.
     */
    public void restore(List<TrialRecord> earlier, Optional<StrategyState> state, List<String> calls) {
        lock.lock();
        try {
            if (started) {
                throw new IllegalStateException("restore before start; the search has started");
            }
            trials.restore(earlier);
            restoredState = Objects.requireNonNull(state, "state");
            restoredCalls = List.copyOf(calls);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Starts the search in the background.
     *
     * @throws IllegalStateException if started before
     * @throws RuntimeException what the strategy throws when it cannot start or restore its state
     */
    public void start() {
        lock.lock();
        try {
            if (started) {
                throw new IllegalStateException("the search was started before");
            }
            strategy.start(space, settings.direction(), settings.seed(), restoredState, restoredCalls);
            restoredCalls = List.of();
            running += trials.reattach(states -> backend.reattach(trials.unfinishedEarlier(), id -> {
                TrialState state = states.get(id);
                return state == null ? null : new TrialReports(this, state);
            }));
            started = true;
            startedAt = Instant.now();
            deadlineNanos = settings.maxDuration().map(d -> System.nanoTime() + d.toNanos()).orElse(0L);
            BackgroundThreads.newThread(this::loop, "jnas-driver-" + settings.name()).start();
        } finally {
            lock.unlock();
        }
    }

    /** New limits (trial concurrency, max trials) for the running search; the rest must not change. */
    public void update(EngineSettings next) {
        Objects.requireNonNull(next, "settings");
        if (!next.withLimits(settings.trialConcurrency(), settings.maxTrials()).equals(settings)) {
            throw new IllegalArgumentException("only trialConcurrency and maxTrials can change while a search runs");
        }
        lock.lock();
        try {
            settings = next;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The settings in force. */
    public EngineSettings settings() {
        return settings;
    }

    /**
     * Stops the search: no new trials; running ones are told to stop, then cancelled. Returns at once.
     *
     * @throws IllegalStateException before {@link #start()}
     */
    public void stop() {
        lock.lock();
        try {
            if (!started) {
                throw new IllegalStateException("stop a search that has started");
            }
            if (ended || stopping) {
                return;
            }
            beginStop(true, "stopped");
        } finally {
            lock.unlock();
        }
    }

    /** Waits up to {@code timeout} for the search to end; true when it has. */
    public boolean await(Duration timeout) throws InterruptedException {
        return endedLatch.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** True from the moment the search is stopping until it has ended. */
    public boolean isStopping() {
        return stopping && !ended;
    }

    /** True once the search has ended. */
    public boolean hasEnded() {
        return ended;
    }

    /** True when the search was stopped rather than ending by itself. */
    public boolean wasStopped() {
        return stoppedByUser;
    }

    /** Why the search ended ("" while it runs). */
    public String endReason() {
        return endReason;
    }

    /** Time from the start of the search to its end, or to now while it runs; zero before it starts. */
    public Duration elapsed() {
        Instant from = startedAt;
        Instant to = endedAt;
        return from == null ? Duration.ZERO : Duration.between(from, to != null ? to : Instant.now());
    }

    /** Snapshots of all trials, by id. */
    public List<TrialRecord> trials() {
        return trials.snapshots();
    }

    /** How far the running trials that report progress have got in their training, by id. */
    public Map<Long, TrainingProgress> trainingProgress() {
        return trials.progress();
    }

    /** Releases the engine's timer and the backend; a running search is abandoned (stop it first). */
    @Override
    public void close() {
        stops.close();
        backend.close();
    }

    // ---- the engine's thread ----------------------------------------------------------------

    private void loop() {
        lock.lock();
        try {
            while (true) {
                if (!stopping && deadlineNanos != 0 && System.nanoTime() - deadlineNanos >= 0) {
                    beginStop(false, "maxDuration " + settings.maxDuration().orElseThrow() + " reached");
                }
                if (!stopping) {
                    fillSlots();
                }
                if (running == 0 && (stopping || exhausted || remaining() <= 0)) {
                    if (endReason.isEmpty()) {
                        endReason = exhausted ? "strategy exhausted"
                                : "maxTrials " + settings.maxTrials().getAsLong() + " reached";
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
            endReason = "the search's thread was interrupted";
        } catch (RuntimeException | Error e) {
            LOG.error("search '{}': the search loop failed", settings.name(), e);
            endReason = "search loop failed: " + e;
        } finally {
            ended = true;
            endedAt = Instant.now();
            lock.unlock();
        }
        close();
        if (observer.wantsStrategyStates()) {
            Optional<StrategyState> whole;
            lock.lock();
            try {
                whole = strategy.save();
            } finally {
                lock.unlock();
            }
            whole.ifPresent(state -> tell(o -> o.strategySaved(state)));
        }
        tell(o -> o.searchEnded(stoppedByUser, endReason));
        endedLatch.countDown();
    }

    private long remaining() {
        OptionalLong max = settings.maxTrials();
        return max.isPresent() ? max.getAsLong() - trials.submitted() : Long.MAX_VALUE;
    }

    /** Asks the strategy for samples while there are free slots and budget. Holds the lock. */
    private void fillSlots() {
        while (!exhausted && running < settings.trialConcurrency() && remaining() > 0) {
            Proposal proposal;
            try {
                proposal = strategy.propose(new Capacity(settings.trialConcurrency() - running, running,
                        settings.maxTrials().isPresent() ? OptionalLong.of(remaining()) : OptionalLong.empty()));
            } catch (RuntimeException e) {
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
        running++;
        TrialState state = trials.submit(sample);
        // Before the lock is released: a trial ending meanwhile hands over the strategy's calls,
        // this proposal among them; were the process killed with those calls stored and not this
        // trial, a resumed search would neither keep the trial nor propose its sample again.
        tell(o -> o.trialSubmitted(state.snapshot()));
        backend.launch(state.id(), sample, new TrialReports(this, state));
    }

    private void beginStop(boolean byUser, String why) {
        stopping = true;
        stoppedByUser = byUser;
        endReason = why;
        for (TrialState state : trials.active()) {
            stops.requestStop(state, TrialState.StopReason.SEARCH_STOP);
        }
        changed.signalAll();
    }

    /**
     * Architectures ruled out without training: by the strategy before they were launched
     * ({@link Strategy#skipped}), and by their trials' evaluators ({@link NotTrained}) in this run.
     */
    public long skipped() {
        return strategy.skipped() + notTrained.get();
    }

    void countNotTrained() {
        notTrained.incrementAndGet();
    }

    /** Cancelled trials whose code still runs ({@link TrialBackend#runawayTrials}). */
    public int runawayTrials() {
        return backend.runawayTrials();
    }

    /** Tells the strategy and the observer that a trial ended, then frees its slot. Once per trial. */
    void announceEnd(TrialState state) {
        if (!state.announce()) {
            return;
        }
        TrialRecord record = state.snapshot();
        List<String> calls;
        long ticket;
        lock.lock();
        try {
            calls = strategy.learn(record);
            trials.ended(record);
            ticket = endings.take();
        } finally {
            lock.unlock();
        }
        // The observer gets ends in the order their strategy calls were taken (a store appends
        // them, and replays them in that order), but outside the strategy's lock: what it does (a
        // listener that stops the search, a slow write) never holds up the strategy.
        endings.deliver(ticket, () -> tell(o -> o.trialEnded(record, calls)));
        // the slot is freed only now, so the search cannot end before its last trial is told
        lock.lock();
        try {
            running--;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    void tell(Consumer<EngineObserver> event) {
        try {
            event.accept(observer);
        } catch (RuntimeException | Error e) {
            LOG.warn("search '{}': the engine's observer failed; ignored", settings.name(), e);
        }
    }

    // ---- what a trial's reports need of the engine (TrialReports) ---------------------------

    /** How the trial's stops and timeout are scheduled. */
    TrialStops stops() {
        return stops;
    }

    EngineObserver observer() {
        return observer;
    }

    /** The strategy, as a trial's reports call it. */
    StrategyCalls strategy() {
        return strategy;
    }
}
