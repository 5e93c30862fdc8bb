package org.jnas.nas;

import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.jnas.nas.internal.BackgroundThreads;
import org.jnas.nas.internal.store.ExperimentInfo;
import org.jnas.nas.internal.store.ExperimentJournal;
import org.jnas.nas.internal.store.ExperimentStore;
import org.jnas.nas.internal.store.StoredExperiment;
import org.jnas.nas.results.ExperimentStatus;
import org.jnas.nas.results.StoreException;
import org.jnas.nas.strategy.StrategyState;
import org.jnas.nas.trial.TrialRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a running experiment to the store as it happens, in the thread that reports each event:
 * a trial's end (with all its results and the strategy's calls) is committed before the call
 * returns, so that no listener is told of an end a killed process could lose; results and starts
 * are queued and committed with the next end, or at most {@link #FLUSH_DELAY} later, so that the
 * events of many trials share one commit.
 *
 * <p>When the store cannot be written (locked by another process for longer than its busy timeout,
 * a read-only or corrupt file, a JNAS home that cannot be created), the search goes on and nothing
 * is lost while the process lives: the recorder keeps the experiment in memory, says why in
 * {@link #problem()} (the progress line and the views show it), and retries in the background,
 * soon at first and then less often. The first write that succeeds writes the whole experiment so
 * far in one transaction, and events are written as they happen again. At the end it tries a last
 * few times before the experiment ends unstored.
 */
final class StoreRecorder {
    private static final Logger LOG = LoggerFactory.getLogger(StoreRecorder.class);
    /** The wait before the first retry: a lock is usually brief. */
    private static final Duration FIRST_RETRY = Duration.ofMillis(500);
    /** The longest wait between retries (each waits out the store's busy timeout on a lock). */
    private static final Duration LONGEST_RETRY = Duration.ofSeconds(15);
    /**
     * The longest a reported intermediate or final result, or a trial's start, waits in memory
     * before it is committed (a trial's end commits them at once): what a kill can lose of a
     * running trial. Events of several trials within it share one commit.
     */
    static final Duration FLUSH_DELAY = Duration.ofMillis(20);
    /** Tries when the experiment has ended and its results are still held back. */
    private static final int LAST_TRIES = 3;

    private final Optional<Path> home;
    private final String id;
    /** One catch-up at a time: the retry thread's or the last tries'. Taken before this object's lock. */
    private final ReentrantLock catchingUp = new ReentrantLock();

    // What the experiment has reported, held-back part included; guarded by this.
    private ExperimentInfo info;
    private final Instant created;
    private final Map<Long, TrialRecord> trials = new TreeMap<>();
    private Optional<StrategyState> strategyState;
    /** The strategy's calls after {@link #strategyState}: with it, the strategy's state now. */
    private final List<String> strategyCalls = new ArrayList<>();
    private ExperimentStatus status = ExperimentStatus.RUNNING;
    private Optional<Instant> ended = Optional.empty();
    /** Counts what was reported, so that a catch-up knows whether more came while it wrote. */
    private long version;

    // The store; guarded by this.
    private ExperimentStore store;
    /** Writes each event as it happens; null while the results are held back. */
    private ExperimentJournal journal;
    /** Runs the flushes and the retries; made on first use. */
    private ScheduledThreadPoolExecutor timer;
    /** Whether a flush of queued writes is due. */
    private boolean flushDue;
    private Duration nextRetry = FIRST_RETRY;
    /** Set when the experiment has ended: no more retries, and later events are not written. */
    private boolean finished;
    /** Why the results are not kept, in a few words; null while they are. */
    private volatile String problem;

    private StoreRecorder(Optional<Path> home, ExperimentInfo info, Instant created, List<TrialRecord> earlier,
            Optional<StrategyState> strategyState, List<String> strategyCalls) {
        this.home = home;
        this.id = info.id();
        this.info = info;
        this.created = created;
        earlier.forEach(t -> trials.put(t.id(), t));
        this.strategyState = strategyState;
        this.strategyCalls.addAll(strategyCalls);
    }

    /**
     * Records a new experiment, or takes over the stored one that {@code exp} resumes. A store that
     * cannot be opened or written leaves the experiment held back in memory and retried.
     */
    static StoreRecorder open(Experiment exp, JsonObject config, String spaceName) {
        ExperimentInfo info = new ExperimentInfo(exp.id(), exp.config().name(), config, spaceName, exp.choices(),
                exp.strategyName(), exp.direction());
        Optional<StoredExperiment> earlier = exp.earlier();
        StoreRecorder recorder = new StoreRecorder(exp.config().home(), info,
                earlier.map(StoredExperiment::created).orElseGet(Instant::now),
                earlier.map(StoredExperiment::trials).orElse(List.of()),
                earlier.flatMap(StoredExperiment::strategyState),
                earlier.map(StoredExperiment::strategyCalls).orElse(List.of()));
        recorder.firstWrite(earlier.isPresent());
        return recorder;
    }

    private void firstWrite(boolean resumed) {
        try {
            ExperimentStore opened = openStore();
            ExperimentJournal first = resumed ? opened.reopen(id, trials.size(), this::failed)
                    : opened.create(info, this::failed);
            synchronized (this) {
                journal = first;
            }
            if (resumed) { // the configuration it continues with (e.g. a larger maxTrials), not the stored one
                write(() -> { }, j -> j.configChanged(info.config()));
            }
        } catch (StoreException e) {
            if (e.reason().equals(ExperimentStore.RUNNING_ELSEWHERE) || e.reason().equals(ExperimentStore.CHANGED_SINCE_LOADED)) {
                synchronized (this) {
                    closeStore();
                }
                throw e; // resumed twice, and the other has started: two searches must not write one experiment
            }
            synchronized (this) {
                holdBack(e);
            }
        } catch (RuntimeException e) {
            synchronized (this) {
                holdBack(storeFailure(e));
            }
        }
    }

    /** Why the results are not kept in the store, in a few words; empty while they are. */
    Optional<String> problem() {
        return Optional.ofNullable(problem);
    }

    /** The whole row of a trial: at submission, start and final result. */
    void trial(TrialRecord trial) {
        queue(trial, j -> j.queueTrial(trial));
    }

    void intermediate(TrialRecord trial) {
        queue(trial, j -> j.queueIntermediate(trial));
    }

    void trialEnded(TrialRecord trial, List<String> calls) {
        write(() -> {
            trials.put(trial.id(), trial);
            strategyCalls.addAll(calls);
        }, j -> j.trialEnded(trial, calls));
    }

    void strategySaved(StrategyState state) {
        write(() -> {
            strategyState = Optional.of(state);
            strategyCalls.clear();
        }, j -> j.strategySaved(state));
    }

    void configChanged(JsonObject config) {
        write(() -> info = info.withConfig(config), j -> j.configChanged(config));
    }

    /** Records the end (trying a last few times to write what is held back) and closes the store. */
    void ended(ExperimentStatus end) {
        write(() -> {
            status = end;
            ended = Optional.of(Instant.now());
        }, j -> j.experimentEnded(end));
        synchronized (this) {
            finished = true;
            if (timer != null) {
                timer.shutdown(); // drops the flushes and retries not yet due; one under way ends on its own
            }
        }
        for (int i = 0; i < LAST_TRIES && !catchUp(); i++) {
            LOG.debug("JNAS store: last try {} of {} to write experiment {} failed", i + 1, LAST_TRIES, id);
        }
        synchronized (this) {
            if (problem != null) {
                LOG.warn("JNAS store: experiment {} ended without being stored ({}); its results exist only in this"
                        + " process", id, problem);
            }
            closeStore();
        }
    }

    /**
     * Remembers an event (under this object's lock) and hands it to the journal, unless the results
     * are held back. The journal runs outside the lock, so that events of several trials at once
     * reach the store together and commit as one group.
     */
    private void write(Runnable remember, Consumer<ExperimentJournal> event) {
        ExperimentJournal current;
        synchronized (this) {
            remember.run();
            version++;
            current = finished ? null : journal;
        }
        if (current != null) { // else held back: the next catch-up writes it with everything else
            event.accept(current);
        }
    }

    /**
     * Remembers a report of a trial that has not ended and queues its write without waiting for
     * the disk: it is committed with the next event that waits (a trial's end), or by a flush at
     * most {@link #FLUSH_DELAY} later.
     *
     * <p>A trial's end is final. A report its trial thread took while a cancel ended the trial
     * can reach this recorder after the end (both wait here while a struggling store holds this
     * object's lock); it is dropped, or the stored trial would be RUNNING again, or lose what the
     * end says of the cancel. Queuing takes no
     * time, so it is done under this object's lock: writes are queued in the order they are
     * remembered, and a report remembered before an end is never queued after it.
     */
    private synchronized void queue(TrialRecord trial, Consumer<ExperimentJournal> event) {
        TrialRecord known = trials.get(trial.id());
        if (known != null && known.status().isDone()) {
            return;
        }
        trials.put(trial.id(), trial);
        version++;
        if (finished || journal == null) {
            return; // held back: the next catch-up writes it with everything else
        }
        event.accept(journal);
        if (!flushDue) {
            flushDue = true;
            timer().schedule(this::flush, FLUSH_DELAY.toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    private void flush() {
        ExperimentJournal current;
        synchronized (this) {
            flushDue = false;
            current = finished ? null : journal;
        }
        if (current != null) {
            current.flush();
        }
    }

    /**
     * The journal's error handler, called in the thread of the failed event: holds the results back
     * (the event is remembered already, so the catch-up writes it), unless they are held back already.
     */
    private synchronized void failed(StoreException e) {
        if (journal != null) {
            holdBack(e);
        }
    }

    /**
     * Writes everything reported so far in one transaction, if the results are held back; true when
     * they are kept (again). Called on the retry thread and by the last tries, never under this
     * object's lock, which events need meanwhile.
     */
    private boolean catchUp() {
        catchingUp.lock();
        try {
            StoredExperiment everything;
            long seen;
            synchronized (this) {
                if (journal != null) {
                    return true;
                }
                everything = snapshot();
                seen = version;
            }
            try {
                ExperimentJournal caughtUp = openStore().catchUp(everything, this::failed);
                synchronized (this) {
                    if (version != seen) { // events came meanwhile: write them too, now that the store answers
                        caughtUp = store.catchUp(snapshot(), this::failed);
                    }
                    journal = caughtUp;
                    problem = null;
                    nextRetry = FIRST_RETRY;
                }
                LOG.info("JNAS store: experiment {} is stored again, with all that was held back", id);
                return true;
            } catch (RuntimeException e) {
                synchronized (this) {
                    holdBack(storeFailure(e));
                }
                return false;
            }
        } finally {
            catchingUp.unlock();
        }
    }

    private StoredExperiment snapshot() {
        return new StoredExperiment(info, status, created, ended, strategyState, strategyCalls,
                List.copyOf(trials.values()));
    }

    /** The store, opened again if a failure closed it. Not under this object's lock: opening may wait on a lock. */
    private ExperimentStore openStore() {
        synchronized (this) {
            if (store != null) {
                return store;
            }
        }
        ExperimentStore opened = Stores.open(home);
        synchronized (this) {
            store = opened;
        }
        return opened;
    }

    /** Keeps the results in memory from now on, says why, and schedules a retry; under this object's lock. */
    private void holdBack(StoreException e) {
        if (problem == null) {
            LOG.warn("JNAS store: the results of experiment {} are not kept ({}); they are held in memory and written"
                    + " as soon as the store can be written", id, e.getMessage(), e);
        } else {
            LOG.debug("JNAS store: experiment {} still cannot be written: {}", id, e.getMessage());
        }
        problem = e.reason();
        journal = null;
        closeStore(); // the next try opens it afresh: the file may have been moved or fixed meanwhile
        if (finished) {
            return;
        }
        timer().schedule(this::catchUp, nextRetry.toMillis(), TimeUnit.MILLISECONDS);
        Duration doubled = nextRetry.multipliedBy(2);
        nextRetry = doubled.compareTo(LONGEST_RETRY) < 0 ? doubled : LONGEST_RETRY;
    }

    /** The executor of flushes and retries; under this object's lock. */
    private ScheduledThreadPoolExecutor timer() {
        if (timer == null) {
            timer = new ScheduledThreadPoolExecutor(1, task -> BackgroundThreads.newThread(task, "jnas-store-" + id));
            timer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        }
        return timer;
    }

    private void closeStore() {
        if (store == null) {
            return;
        }
        try {
            store.close();
        } catch (StoreException e) {
            LOG.debug("JNAS store: closing {} failed: {}", store.file(), e.getMessage());
        }
        store = null;
        journal = null;
    }

    private static StoreException storeFailure(RuntimeException e) {
        return e instanceof StoreException se ? se : new StoreException("could not write: " + e, e.toString(), e);
    }
}
