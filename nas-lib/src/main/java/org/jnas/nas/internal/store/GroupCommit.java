package org.jnas.nas.internal.store;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.jnas.nas.results.StoreException;

/**
 * The writes waiting for the store's next commit, in the order they came, and their commit as one
 * transaction (group commit): writes that many threads make at once cost one commit, and the
 * database after a kill holds every write up to some point and none after it. A write that a
 * later one in the same group makes again (a trial's row written at its start, then with its end)
 * is skipped: the group commits what the later one writes. Adding is thread-safe; {@link #take},
 * {@link #commit} and {@link #drop} run under the store's lock.
 */
final class GroupCommit {
    /** Runs a transaction on the store's connection, as {@link StoreConnection#inTransaction} does. */
    interface Transactions {
        void inTransaction(String action, StoreConnection.SqlWork<Void> work);
    }

    /** What a write writes of one trial, for skipping the writes a later one makes again. */
    enum Scope {
        /** Something else: never skipped, skips nothing. */
        OTHER,
        /** The trial's row; skipped before a later ROW or END of the same trial. */
        ROW,
        /** One intermediate result; skipped before a later END of the same trial. */
        STEP,
        /** The trial's row with every intermediate result: skips the trial's earlier ROW and STEP writes. */
        END
    }

    /** One write: done once its group committed or failed; read by its thread after the store's lock. */
    static final class Write {
        private final String action;
        private final StoreConnection.SqlWork<Void> work;
        private final Consumer<RuntimeException> onFailure;
        private final Scope scope;
        private final long trialId;
        private boolean done;
        private RuntimeException failure;

        private Write(String action, StoreConnection.SqlWork<Void> work, Consumer<RuntimeException> onFailure,
                Scope scope, long trialId) {
            this.action = action;
            this.work = work;
            this.onFailure = onFailure;
            this.scope = scope;
            this.trialId = trialId;
        }

        boolean isDone() {
            return done;
        }

        void throwFailure() {
            if (failure != null) {
                throw failure;
            }
        }
    }

    private static final int ROW_LATER = 1;
    private static final int END_LATER = 2;

    private final List<Write> waiting = new ArrayList<>(); // guarded by itself
    private boolean lastFailed; // guarded by the store's lock

    /**
     * Queues a write of {@code scope} (of trial {@code trialId}, unless {@link Scope#OTHER});
     * {@code onFailure} (null for a write whose thread waits for it) hears of its failure.
     */
    Write add(String action, StoreConnection.SqlWork<Void> work, Consumer<RuntimeException> onFailure, Scope scope,
            long trialId) {
        Write w = new Write(action, work, onFailure, scope, trialId);
        synchronized (waiting) {
            waiting.add(w);
        }
        return w;
    }

    /** Whether the last commit failed; under the store's lock. */
    boolean lastFailed() {
        return lastFailed;
    }

    /** Takes the writes waiting, in the order they came, for {@link #commit} or {@link #drop}; under the store's lock. */
    List<Write> take() {
        synchronized (waiting) {
            List<Write> group = new ArrayList<>(waiting);
            waiting.clear();
            return group;
        }
    }

    /**
     * Commits the writes {@code group} took, as one transaction; a failure rolls back them all.
     * Each is done when this returns or throws: an Error (out of memory in a write) fails them all
     * too before it goes on, or their threads would take them for committed. Under the store's
     * lock; tell them with {@link #tellFailures} once it is released (in a finally): their handlers
     * may wait for what waits for that lock.
     */
    void commit(List<Write> group, Transactions store) {
        if (group.isEmpty()) {
            return;
        }
        String action = group.size() == 1 ? group.get(0).action
                : group.get(group.size() - 1).action + " (with " + (group.size() - 1) + " other writes)";
        RuntimeException failure = null;
        try {
            List<Write> needed = needed(group);
            store.inTransaction(action, c -> {
                for (Write w : needed) {
                    w.work.run(c);
                }
                return null;
            });
        } catch (RuntimeException e) {
            failure = e;
        } catch (Error e) {
            finish(group, new StoreException("could not write: " + e, "could not " + action + ": " + e, e));
            throw e;
        }
        finish(group, failure);
    }

    /** Fails the writes {@code group} took with {@code why}, unwritten; under the store's lock. */
    void drop(List<Write> group, RuntimeException why) {
        finish(group, why);
    }

    private void finish(List<Write> group, RuntimeException failure) {
        lastFailed = failure != null;
        for (Write w : group) {
            w.failure = failure;
            w.done = true;
        }
    }

    /** Tells the queued writes of {@code group} that failed; not under the store's lock. */
    static void tellFailures(List<Write> group) {
        for (Write w : group) {
            if (w.failure != null && w.onFailure != null) {
                w.onFailure.accept(w.failure);
            }
        }
    }

    /** The writes of {@code group} that no later write in it makes again, in order. */
    private static List<Write> needed(List<Write> group) {
        Map<Long, Integer> later = new HashMap<>(); // what the writes after the one looked at make, by trial
        boolean[] skip = new boolean[group.size()];
        for (int i = group.size() - 1; i >= 0; i--) {
            Write w = group.get(i);
            if (w.scope == Scope.OTHER) {
                continue;
            }
            int after = later.getOrDefault(w.trialId, 0);
            skip[i] = switch (w.scope) {
                case ROW -> (after & (ROW_LATER | END_LATER)) != 0;
                case STEP -> (after & END_LATER) != 0;
                default -> false; // an END also appends the strategy's calls
            };
            if (w.scope == Scope.ROW) {
                later.put(w.trialId, after | ROW_LATER);
            } else if (w.scope == Scope.END) {
                later.put(w.trialId, after | END_LATER);
            }
        }
        List<Write> needed = new ArrayList<>(group.size());
        for (int i = 0; i < group.size(); i++) {
            if (!skip[i]) {
                needed.add(group.get(i));
            }
        }
        return needed;
    }

}
