package org.jnas.nas.internal.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jnas.nas.results.StoreException;
import org.jnas.nas.trial.Direction;
import org.jnas.nas.trial.TrialStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The writes of a group commit against a real SQLite store, when the commit goes wrong. */
class GroupCommitTest {
    @TempDir
    Path home;

    private final List<StoreException> errors = new CopyOnWriteArrayList<>();

    /**
     * An Error thrown while a group commits (an OutOfMemoryError in one of its writes) rolls back
     * every write of the group: those queued by other threads must hear that they failed (their
     * experiment then holds them back and writes them later), not be taken for committed.
     */
    @Test
    void anErrorInOneWriteFailsEveryWriteOfItsGroup() {
        try (ExperimentStore store = ExperimentStore.open(home)) {
            ExperimentJournal journal = store.create(StoreFixtures.info("e", Direction.MAXIMIZE), errors::add);
            journal.queueTrial(StoreFixtures.running(1, 0));
            assertThrows(OutOfMemoryError.class, () -> store.db().groupCommitted("a write that runs out of memory", c -> {
                throw new OutOfMemoryError("test");
            }, GroupCommit.Scope.OTHER, 0));
            assertEquals(1, errors.size(), "the queued trial was rolled back with the group: " + errors);
            journal.trialEnded(StoreFixtures.ended(StoreFixtures.running(2, 0), TrialStatus.SUCCEEDED, 0.5), List.of());
            assertEquals(List.of(2L), store.load("e").trials().stream().map(t -> t.id()).toList(),
                    "the store goes on; what the error rolled back is not there");
        }
    }
}
