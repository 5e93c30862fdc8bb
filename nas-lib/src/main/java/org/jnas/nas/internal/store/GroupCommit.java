package org.jnas.nas.internal.store;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The writes waiting for the store's next commit, in the order they came, and their commit as one
 * transaction (group commit): writes that many threads make at once cost one commit, and the
 * database after a kill holds every write up to some point and none after it. Adding is
 * thread-safe; {@link #commit} and {@link #drop} run under the store's lock.
 */
final class GroupCommit {
    /** Runs a transaction on the store's connection, as {@link ExperimentStore#inTransaction} does. */
    interface Transactions {
        void inTransaction(String action, ExperimentStore.SqlWork<Void> work);
    }

    /** One write: done once its group committed or failed; read by its thread after the store's lock. */
    static final class Write {
        private final String action;
        private final ExperimentStore.SqlWork<Void> work;
        private final Consumer<RuntimeException> onFailure;
        private boolean done;
        private RuntimeException failure;

        private Write(String action, ExperimentStore.SqlWork<Void> work, Consumer<RuntimeException> onFailure) {
            this.action = action;
            this.work = work;
            this.onFailure = onFailure;
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

    private final List<Write> waiting = new ArrayList<>(); // guarded by itself
    private boolean lastFailed; // guarded by the store's lock

    /** Queues a write; {@code onFailure} (null for a write whose thread waits for it) hears of its failure. */
    Write add(String action, ExperimentStore.SqlWork<Void> work, Consumer<RuntimeException> onFailure) {
        Write w = new Write(action, work, onFailure);
        synchronized (waiting) {
            waiting.add(w);
        }
        return w;
    }

    /** Whether the last commit failed; under the store's lock. */
    boolean lastFailed() {
        return lastFailed;
    }

    /**
     * Commits every write waiting, as one transaction, and returns them; a failure rolls back them
     * all. Under the store's lock; tell them with {@link #tellFailures} once it is released: their
     * handlers may wait for what waits for that lock.
     */
    List<Write> commit(Transactions store) {
        List<Write> group = takeWaiting();
        if (group.isEmpty()) {
            return group;
        }
        String action = group.size() == 1 ? group.get(0).action
                : group.get(group.size() - 1).action + " (with " + (group.size() - 1) + " other writes)";
        RuntimeException failure = null;
        try {
            store.inTransaction(action, c -> {
                for (Write w : group) {
                    w.work.run(c);
                }
                return null;
            });
        } catch (RuntimeException e) {
            failure = e;
        }
        lastFailed = failure != null;
        for (Write w : group) {
            w.failure = failure;
            w.done = true;
        }
        return group;
    }

    /** Fails every write waiting with {@code why}, unwritten, and returns them; under the store's lock. */
    List<Write> drop(RuntimeException why) {
        List<Write> group = takeWaiting();
        for (Write w : group) {
            w.failure = why;
            w.done = true;
        }
        return group;
    }

    /** Tells the queued writes of {@code group} that failed; not under the store's lock. */
    static void tellFailures(List<Write> group) {
        for (Write w : group) {
            if (w.failure != null && w.onFailure != null) {
                w.onFailure.accept(w.failure);
            }
        }
    }

    private List<Write> takeWaiting() {
        synchronized (waiting) {
            List<Write> group = new ArrayList<>(waiting);
            waiting.clear();
            return group;
        }
    }
}
