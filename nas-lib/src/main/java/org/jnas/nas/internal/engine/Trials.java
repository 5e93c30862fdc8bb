package org.jnas.nas.internal.engine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Function;
import org.jnas.nas.space.Sample;
import org.jnas.nas.trial.TrainingProgress;
import org.jnas.nas.trial.TrialRecord;

/**
 * The trials of one search: those running (their live state) and those ended (their final
 * records), trials of an earlier run included. Thread-safe to read; changed under the engine's lock.
 */
final class Trials {
    private final ConcurrentSkipListMap<Long, TrialRecord> ended = new ConcurrentSkipListMap<>();
    private final ConcurrentSkipListMap<Long, TrialState> active = new ConcurrentSkipListMap<>();
    private final List<TrialRecord> unfinishedEarlier = new ArrayList<>();
    private long nextId = 1;
    private long submitted;

    /** Takes over an earlier run's trials; new ids continue after the largest. */
    void restore(List<TrialRecord> earlier) {
        for (TrialRecord r : earlier) {
            if (r.status().isDone()) {
                ended.put(r.id(), r);
            } else {
                unfinishedEarlier.add(r);
            }
            nextId = Math.max(nextId, r.id() + 1);
        }
        submitted = earlier.size();
    }

    /**
     * Decides what became of the earlier run's unfinished trials: those {@code reattach} finds
     * still running go on (it gets their live states); the others were cancelled.
     *
     * @return how many go on
     */
    int reattach(Function<Map<Long, TrialState>, Set<Long>> reattach) {
        Map<Long, TrialState> states = new ConcurrentSkipListMap<>();
        unfinishedEarlier.forEach(r -> states.put(r.id(), new TrialState(r)));
        Set<Long> alive = unfinishedEarlier.isEmpty() ? Set.of() : reattach.apply(states);
        for (TrialRecord r : unfinishedEarlier) {
            if (alive.contains(r.id())) {
                active.put(r.id(), states.get(r.id()));
            } else {
                ended.put(r.id(), r.cancelledIfUnfinished("not finished when the earlier run of the search ended"));
            }
        }
        unfinishedEarlier.clear();
        return alive.size();
    }

    /** The earlier run's unfinished trials, until {@link #reattach} has decided about them. */
    Collection<TrialRecord> unfinishedEarlier() {
        return List.copyOf(unfinishedEarlier);
    }

    /** A new trial of {@code sample}, WAITING. */
    TrialState submit(Sample sample) {
        long id = nextId++;
        submitted++;
        TrialState state = new TrialState(id, sample, Instant.now());
        active.put(id, state);
        return state;
    }

    /** Trials submitted so far, an earlier run's included. */
    long submitted() {
        return submitted;
    }

    Collection<TrialState> active() {
        return active.values();
    }

    /** Moves a trial to the ended ones with its final record. */
    void ended(TrialRecord record) {
        ended.put(record.id(), record);
        active.remove(record.id());
    }

    /** How far the running trials that said so have got in their training, by id. */
    Map<Long, TrainingProgress> progress() {
        Map<Long, TrainingProgress> progress = new TreeMap<>();
        for (TrialState state : active.values()) {
            state.progress().ifPresent(p -> progress.put(state.id(), p));
        }
        return Collections.unmodifiableMap(progress);
    }

    /** Snapshots of all trials, by id. */
    List<TrialRecord> snapshots() {
        ConcurrentSkipListMap<Long, TrialRecord> all = new ConcurrentSkipListMap<>();
        for (TrialState state : active.values()) {
            all.put(state.id(), state.snapshot());
        }
        all.putAll(ended); // an ended snapshot wins over a racing active one
        return List.copyOf(all.values());
    }
}
